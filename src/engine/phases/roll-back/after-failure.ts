import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import type { Diagnosis } from '../explain/diagnose.js'
import { decideAfterFailure } from './decision.js'
import type { HealthResult } from '../health-check/health-check.js'
import type { LogTail } from '../explain/log-tail.js'
import { rollBackThroughEcs } from '../../kinds/ecs-managed/roll-back.js'
import type { OneOffTaskResult } from '../one-off-task/run.js'
import type { CurrentService } from '../render/prepare.js'
import { rollbackOutcome, type Outcome, type RollbackReport } from '../report/report.js'
import {
  rollOut,
  verdictsOf,
  watchEcsRollback,
  type RolloutContext,
  type Started
} from '../start/roll-out.js'
import { deployRollbackTarget } from './rollback-target.js'
import type { WatchResult } from '../watch/loop.js'
import { shortArn, type Verdict } from '../watch/verdict.js'

/*
 * Once a rollout has failed: decide (failure-decision.ts), then watch ECS's own rollback, roll
 * back through ECS (blue/green, linear, canary), roll back with UpdateService (rolling), or leave
 * the service as it is.
 */

/** What is known so far once UpdateService has answered; the report is made from it. */
export interface Known {
  started?: Started | undefined
  verdict?: Verdict | undefined
  health?: HealthResult | undefined
  diagnosis?: Diagnosis | undefined
  rollback?: RollbackReport | undefined
  serviceDeployment?: ServiceDeployment | undefined
  runTask?: OneOffTaskResult | undefined
  logTails?: readonly LogTail[] | undefined
}

export async function afterFailure(
  ctx: RolloutContext,
  current: CurrentService,
  targetArn: string,
  started: Started,
  result: WatchResult,
  verdict: Extract<Verdict, { status: 'failed' }>,
  known: Known
): Promise<Outcome> {
  const { s, d } = ctx
  const { log } = d
  const native = verdictsOf(ctx, started.service).native
  const decision = decideAfterFailure({
    mode: s.mode === 'rollback' ? 'rollback' : 'deploy',
    failure: verdict.kind,
    ecsRollingBack: verdict.ecsRollingBack,
    rollbackOnFailure: s.rollbackOnFailure,
    native
  })
  if (decision.action === 'leave') {
    log.info(decision.reason)
    return 'failed'
  }
  const rollbackDeadline = d.now() + s.waitForMinutes * 60000
  const target = { ...started.target, deploymentId: result.deploymentId }
  const keep = (back: WatchResult) => {
    if (back.snapshot?.serviceDeployment) known.serviceDeployment = back.snapshot.serviceDeployment
  }
  if (decision.action === 'watch-ecs-rollback') {
    log.info(
      `ECS is rolling the service back itself (${native ? 'its deployment failed' : 'circuit breaker with rollback'}); not rolling back again. Watching its rollback to its end.`
    )
    known.rollback = { by: 'ecs', taskDefinitionArn: current.arn }
    const back = await watchEcsRollback(
      ctx,
      target,
      started.service,
      rollbackDeadline,
      result.snapshot?.serviceDeployment?.serviceDeploymentArn
    )
    keep(back)
    known.rollback = {
      by: 'ecs',
      taskDefinitionArn: native
        ? current.arn
        : (back.snapshot?.service.taskDefinition ?? current.arn),
      verdict: back.verdict
    }
    log.info(`ECS's rollback ${back.verdict.status}: ${back.verdict.reason}`)
    return rollbackOutcome(back.verdict)
  }
  if (decision.action === 'roll-back-through-ecs') {
    const back = await rollBackThroughEcs(
      ctx,
      target,
      started.service,
      result.snapshot?.serviceDeployment,
      rollbackDeadline,
      via => (known.rollback = { by: 'action', via, taskDefinitionArn: current.arn })
    )
    if (back === undefined) return 'failed'
    keep(back.result)
    known.rollback = {
      by: 'action',
      via: back.via,
      taskDefinitionArn: current.arn,
      verdict: back.result.verdict
    }
    log.info(
      `The rollback through ECS ${back.result.verdict.status}: ${back.result.verdict.reason}`
    )
    return rollbackOutcome(back.result.verdict)
  }

  const previous = await deployRollbackTarget(
    d.ecs,
    d.log,
    { cluster: s.cluster, service: s.service },
    current,
    targetArn
  )
  if (previous === undefined) return 'failed'
  log.info(`Rolling back to ${shortArn(previous)}.`)
  known.rollback = { by: 'action', taskDefinitionArn: previous }
  const back = await rollOut(
    ctx,
    {
      taskDefinitionArn: previous,
      previousTaskDefinitionArn: undefined,
      desiredCount: undefined,
      forceNewDeployment: false,
      watch: true,
      deadline: rollbackDeadline,
      label: 'rollback deployment'
    },
    st =>
      (known.rollback = {
        by: 'action',
        taskDefinitionArn: previous,
        deploymentId: st.target.deploymentId
      })
  )
  const rolled = back.result!.verdict
  known.rollback = {
    by: 'action',
    taskDefinitionArn: previous,
    deploymentId: back.result!.deploymentId,
    verdict: rolled
  }
  log.info(`Rollback ${rolled.status}: ${rolled.reason}`)
  return rollbackOutcome(rolled)
}
