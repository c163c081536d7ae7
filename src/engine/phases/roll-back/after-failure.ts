import type { Context } from '../../deps.js'
import { unknownRollback } from '../../kinds/kind.js'
import { add, currentOf, kindOf, type Phase, type RunRecord } from '../../record.js'
import { rollbackOutcome } from '../report/report.js'
import type { WatchResult } from '../watch/loop.js'
import { startedOf } from '../watch/watch.js'
import { decideAfterFailure } from './decision.js'

/*
 * Once a rollout has failed: decide (decision.ts), then watch the controller's own rollback (ECS's,
 * CodeDeploy's) to its end, have the kind roll back (UpdateService to the last good revision on a
 * rolling update; through ECS on blue/green, linear and canary; through CodeDeploy), or leave the
 * service as it is. The mode says which of the two phases it runs: a rollback's failure is never
 * rolled back in turn.
 */

/** Deploy and continue modes: a failed rollout is rolled back, as rollback-on-failure says. */
export const rollBackAfterFailure: Phase = (r, x) => afterFailure(r, x, false)

/**
 * Rollback mode: a failed rollback is not rolled back again (that would put back the revision it
 * replaced); a rollback its controller makes of it is still watched to its end.
 */
export const afterFailedRollback: Phase = (r, x) => afterFailure(r, x, true)

async function afterFailure(
  r: RunRecord,
  x: Context,
  itselfARollback: boolean
): Promise<RunRecord> {
  const verdict = r.verdict
  if (verdict?.status !== 'failed' || r.watched === undefined) return r
  const decision = decideAfterFailure({
    itselfARollback,
    failure: verdict.kind,
    ecsRollingBack: verdict.ecsRollingBack,
    rollbackOnFailure: x.s.rollbackOnFailure,
    native: kindOf(r).rollsBackItself
  })
  if (decision.action === 'leave') {
    x.io.log.info(decision.reason)
    return add(r, { outcome: 'failed' })
  }
  const deadline = x.io.now() + x.s.waitForMinutes * 60000
  if (decision.action === 'watch-ecs-rollback') return watchEcsRollback(r, x, deadline)
  return rollBack(r, x, deadline)
}

/** The controller (ECS, CodeDeploy) rolls our failed deployment back by itself: watch that to its end. */
async function watchEcsRollback(r: RunRecord, x: Context, deadline: number): Promise<RunRecord> {
  const kind = kindOf(r)
  const current = currentOf(r)
  const watched = r.watched!
  const name = kind.controller
  x.io.log.info(
    `${name} is rolling the service back itself (${kind.rollsBackItself ? 'its deployment failed' : 'circuit breaker with rollback'}); not rolling back again. Watching its rollback to its end.`
  )
  const started = startedOf(r)
  const target = { ...started.target, deploymentId: watched.deploymentId }
  const at = add(r, { rollback: { by: kind.controller, taskDefinitionArn: current.arn } })
  let back: WatchResult
  try {
    back = await x.io.log.group(`Watch ${name}'s rollback of ${target.deploymentId}`, () =>
      kind.watch(x, {
        started: { ...started, target },
        watching: 'rollback',
        deadline,
        what: `${name}'s rollback of ${target.deploymentId}`,
        serviceDeploymentArn: watched.snapshot?.serviceDeployment?.serviceDeploymentArn,
        answeredHooks: []
      })
    )
  } catch (error) {
    const rollback = unknownRollback(x.io.log, at.rollback!, error).report
    return add(at, { rollback, outcome: 'unknown' })
  }
  x.io.log.info(`${name}'s rollback ${back.verdict.status}: ${back.verdict.reason}`)
  const putBack = kind.rollsBackItself
    ? current.arn
    : (back.snapshot?.service?.taskDefinition ?? current.arn)
  const rollbackId = back.deploymentId !== target.deploymentId ? back.deploymentId : undefined
  return add(at, {
    serviceDeployment: back.snapshot?.serviceDeployment ?? at.serviceDeployment,
    kindView: back.kindView ?? at.kindView,
    rollback: {
      by: kind.controller,
      taskDefinitionArn: putBack,
      deploymentId: rollbackId,
      verdict: back.verdict
    },
    outcome: rollbackOutcome(back.verdict)
  })
}

/** The kind puts what ran before back, and watches that to its end. */
async function rollBack(r: RunRecord, x: Context, deadline: number): Promise<RunRecord> {
  const back = await kindOf(r).rollBack(x, {
    current: currentOf(r),
    started: startedOf(r),
    result: r.watched!,
    deadline
  })
  if (back === undefined) return add(r, { outcome: 'failed' })
  return add(r, {
    serviceDeployment: back.serviceDeployment ?? r.serviceDeployment,
    kindView: back.kindView ?? r.kindView,
    rollback: back.report,
    outcome: back.report.verdict ? rollbackOutcome(back.report.verdict) : 'failed'
  })
}
