import type { EcsApi } from '../aws/ecs.js'
import type { LogsApi } from '../aws/logs.js'
import { describeError } from '../common/aws-errors.js'
import type { Log } from '../common/log.js'
import { explainFailure, type Diagnosis } from './diagnose.js'
import { decideAfterFailure } from './failure-decision.js'
import { checkHealth, type HealthResult, type HttpGet } from './health-check.js'
import type { DeploySettings } from './inputs.js'
import type { LogTail } from './log-tail.js'
import type { OneOffTaskResult } from './one-off-task.js'
import {
  dryRunNote,
  oneOffTaskStep,
  oneOffTaskVerdict,
  runOneOffTaskStep
} from './one-off-task-step.js'
import { PostState } from './post-state.js'
import { revisionToRollOut } from './register.js'
import {
  prepareDeploy,
  prepareRollback,
  readService,
  type CurrentService,
  type Prepared
} from './prepare.js'
import { rollbackOutcome, type DeployReport, type Outcome, type RollbackReport } from './report.js'
import { rollOut, watchEcsRollback, type RolloutContext, type Started } from './roll-out.js'
import { tagOutcome } from './outcome-tag.js'
import { deployRollbackTarget } from './rollback-target.js'
import { shortArn, type Verdict } from './rollout.js'

export type { DeployReport, Outcome, RollbackReport } from './report.js'
export { STATE } from './post-state.js'
export { ValidationError, UnsupportedServiceError } from './prepare.js'
export type { Log }

export interface DeployDeps {
  readonly ecs: EcsApi
  readonly logs: LogsApi
  readonly log: Log
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly httpGet: HttpGet
  /** Where the rendered task definition is written (RUNNER_TEMP). */
  readonly tempDir: string
  /** Keeps a value for the post step (core.saveState); post-state.ts is its one user. */
  readonly saveState: (name: string, value: string) => void
  readonly run: { readonly sha: string; readonly runUrl: string }
  readonly region: string
}

/** What is known so far once UpdateService has answered; the report is made from it. */
interface Known {
  started?: Started | undefined
  verdict?: Verdict | undefined
  health?: HealthResult | undefined
  diagnosis?: Diagnosis | undefined
  rollback?: RollbackReport | undefined
  runTask?: OneOffTaskResult | undefined
  logTails?: readonly LogTail[] | undefined
}

/**
 * Deploy mode: read → render → validate → (dry run) → log groups → register → one-off task →
 * update → watch → diagnose → decide → (watch ECS's rollback | roll back). Rollback mode: read
 * → resolve the target → update → watch → diagnose. Nothing is written to AWS before every check has passed; once UpdateService
 * has answered, a report always comes back (outcome `unknown` when the state cannot be known).
 * (Over 250 lines: the one sequence of a deploy and its decision after a failure, read top to
 * bottom; each phase is a call into its own module.)
 */
export async function runDeployment(s: DeploySettings, d: DeployDeps): Promise<DeployReport> {
  const startedAt = d.now()
  const current = await readService(s, d)
  const prepared =
    s.mode === 'rollback'
      ? await prepareRollback(s, d, current)
      : await prepareDeploy(s, d, current)
  const report = (outcome: Outcome, arn: string | undefined, known: Known = {}): DeployReport => ({
    mode: s.mode,
    outcome,
    cluster: s.cluster,
    service: s.service,
    region: d.region,
    taskDefinitionArn: arn,
    previousTaskDefinitionArn: current.arn,
    deploymentId: known.started?.target.deploymentId || undefined,
    renderedPath: prepared.renderedPath,
    images: prepared.images,
    changes: prepared.changes,
    verdict: known.verdict,
    health: known.health,
    diagnosis: known.diagnosis,
    rollback: known.rollback,
    runTask: known.runTask,
    logTails: known.logTails,
    startedAt,
    finishedAt: d.now()
  })
  const oneOffTask = (arn: string) =>
    oneOffTaskStep(s, d, current.service, prepared, arn, startedAt)

  if (s.dryRun) {
    if (prepared.runTaskContainer !== undefined) d.log.info(dryRunNote(oneOffTask('')))
    d.log.info(
      s.mode === 'rollback'
        ? `dry-run: the service is not rolled back to ${shortArn(prepared.taskDefinitionArn)}.`
        : 'dry-run: nothing registered, the service is not updated.'
    )
    return report('dry-run', prepared.taskDefinitionArn)
  }
  const targetArn = await revisionToRollOut(s, d, prepared)

  const post = new PostState(d.saveState)
  const ctx: RolloutContext = { s, d, post }
  const known: Known = {}
  try {
    if (prepared.runTaskContainer !== undefined) {
      // Before UpdateService: a task that does not exit 0 leaves the service untouched.
      known.runTask = await runOneOffTaskStep({ ...d, post }, oneOffTask(targetArn))
      const verdict = oneOffTaskVerdict(known.runTask)
      if (verdict) return report('failed', targetArn, { ...known, verdict })
    }
    const target = { arn: targetArn, definition: prepared.definition }
    const outcome = await deployAndDecide(ctx, current, target, startedAt, known)
    return report(outcome, targetArn, known)
  } catch (error) {
    // Before UpdateService answered, nothing changed in the service: the step just fails.
    if (known.started === undefined) throw error
    const reason = `${describeError(error)}.`
    d.log.error(reason, 'State unknown')
    if (known.rollback !== undefined) {
      known.rollback = { ...known.rollback, verdict: { status: 'unknown', reason } }
    } else if (known.verdict === undefined || known.verdict.status === 'succeeded') {
      known.verdict = { status: 'unknown', reason }
    }
    return report('unknown', targetArn, known)
  } finally {
    post.clear()
  }
}

async function deployAndDecide(
  ctx: RolloutContext,
  current: CurrentService,
  target: { readonly arn: string; readonly definition: Prepared['definition'] },
  startedAt: number,
  known: Known
): Promise<Outcome> {
  const { s, d } = ctx
  const targetArn = target.arn
  const { log } = d
  const deadline = startedAt + s.waitForMinutes * 60000
  const { started, result } = await rollOut(
    ctx,
    {
      taskDefinitionArn: targetArn,
      previousTaskDefinitionArn: current.arn,
      desiredCount: s.desiredCount,
      forceNewDeployment: s.forceNewDeployment,
      watch: s.waitForServiceStability,
      deadline,
      label: 'deployment'
    },
    st => (known.started = st)
  )
  if (result === undefined) {
    log.info(
      'wait-for-service-stability is false: the rollout is not watched, so its outcome is not known.'
    )
    return 'started'
  }
  let verdict = result.verdict
  known.verdict = verdict
  if (verdict.status === 'succeeded' && s.healthCheckUrl !== '') {
    const health = await d.log.group(`Health check ${s.healthCheckUrl}`, () =>
      checkHealth(s.healthCheckUrl, Math.max(deadline, d.now()), s.pollIntervalSeconds * 1000, d)
    )
    known.health = health
    if (!health.healthy) {
      verdict = {
        status: 'failed',
        kind: 'health-check',
        reason: `${s.healthCheckUrl} did not answer 2xx before the time was up (last: ${health.lastStatus}).`,
        ecsRollingBack: false
      }
      known.verdict = verdict
    }
  }
  if (verdict.status === 'succeeded') {
    log.info(verdict.reason)
    if (s.mode === 'deploy') await tagOutcome(d.ecs, d.log, targetArn, 'succeeded')
    return 'succeeded'
  }
  if (verdict.status === 'unknown') {
    log.error(verdict.reason, 'State unknown')
    return 'unknown'
  }

  log.error(verdict.reason, `Deployment failed (${verdict.kind})`)
  const explained = await d.log.group('Why the deployment failed', () =>
    explainFailure(d.ecs, d.log, {
      cluster: s.cluster,
      service: s.service,
      deploymentId: result.deploymentId,
      seen: result.snapshot?.service,
      since: new Date(startedAt),
      logTails: { logs: d.logs, definition: target.definition, count: s.logLines, region: d.region }
    })
  )
  known.diagnosis = explained
  known.logTails = explained?.logTails
  if (s.mode === 'deploy') await tagOutcome(d.ecs, d.log, targetArn, 'failed')

  const decision = decideAfterFailure({
    mode: s.mode,
    failure: verdict.kind,
    ecsRollingBack: verdict.ecsRollingBack,
    rollbackOnFailure: s.rollbackOnFailure
  })
  if (decision.action === 'leave') {
    log.info(decision.reason)
    return 'failed'
  }
  const rollbackDeadline = d.now() + s.waitForMinutes * 60000
  if (decision.action === 'watch-ecs-rollback') {
    log.info(
      'ECS is rolling the service back itself (circuit breaker with rollback); not rolling back again. Watching its rollback to its end.'
    )
    known.rollback = { by: 'ecs', taskDefinitionArn: current.arn }
    const back = await watchEcsRollback(
      ctx,
      { ...started.target, deploymentId: result.deploymentId },
      started.service,
      rollbackDeadline
    )
    known.rollback = {
      by: 'ecs',
      taskDefinitionArn: back.snapshot?.service.taskDefinition ?? current.arn,
      verdict: back.verdict
    }
    log.info(`ECS's rollback ${back.verdict.status}: ${back.verdict.reason}`)
    return rollbackOutcome(back.verdict)
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
