import type { Context } from '../../deps.js'
import { unknownRollback } from '../../kinds/kind.js'
import { add, currentOf, kindOf, type RunRecord } from '../../record.js'
import { rollbackOutcome, type RollbackReport } from '../report/report.js'
import { tagOutcome } from '../report/tag-outcome.js'

/*
 * A release that failed puts back every service it changed: a service whose rollout succeeded
 * goes back to the revision it ran before, through its kind's start (UpdateService on the ECS
 * controller), and that rollout is watched to its end. The run's outcome becomes the put-back's:
 * rolled-back, rollback-failed or unknown. A revision put back is re-tagged `rolled-back`: it
 * succeeded alone but did not stay, so `rollback-to: previous` never picks it.
 */
export async function putBack(r: RunRecord, x: Context): Promise<RunRecord> {
  const { io } = x
  const before = currentOf(r).arn
  if (before === undefined) {
    io.log.warning(`${x.s.service} ran nothing before this release: there is nothing to put back.`)
    return add(r, { outcome: 'rollback-failed' })
  }
  io.log.info(`Putting ${x.s.service} back to ${before}, the revision it ran before the release.`)
  let report: RollbackReport = { by: 'action', taskDefinitionArn: before }
  try {
    const back = await startBack(r, x, before)
    report = { ...report, deploymentId: back.started.target.deploymentId }
    const verdict = back.watched.verdict
    io.log.info(`Put back ${verdict.status}: ${verdict.reason}`)
    const outcome = rollbackOutcome(verdict)
    if (outcome === 'rolled-back' && r.targetArn !== undefined)
      await tagOutcome(io.ecs, io.log, r.targetArn, outcome)
    return add(r, { rollback: { ...report, verdict }, outcome })
  } catch (error) {
    return add(r, { rollback: unknownRollback(io.log, report, error).report, outcome: 'unknown' })
  }
}

async function startBack(r: RunRecord, x: Context, before: string) {
  const kind = kindOf(r)
  const started = await kind.start(x, {
    taskDefinitionArn: before,
    previousTaskDefinitionArn: r.targetArn,
    desiredCount: undefined,
    forceNewDeployment: false,
    label: 'rollback deployment'
  })
  if (started.problem !== undefined) throw new Error(started.problem)
  const id = started.target.deploymentId
  const watched = await x.io.log.group(`Watch rollback deployment ${id} of ${x.s.service}`, () =>
    kind.watch(x, {
      started,
      watching: 'rollout',
      deadline: x.io.now() + x.s.waitForMinutes * 60000,
      what: `The rollout of ${id}`,
      answeredHooks: []
    })
  )
  return { started, watched }
}
