import { describeError } from '../../aws/errors.js'
import type { Log } from '../../shared/log.js'
import { afterFailure, type Known } from '../phases/roll-back/after-failure.js'
import { explainFailure } from '../phases/explain/diagnose.js'
import type { DeployDeps } from '../deps.js'
import { checkHealth } from '../phases/health-check/health-check.js'
import type { DeploySettings } from '../settings/settings.js'
import { warnIfTooShort } from '../kinds/ecs-managed/roll-back.js'
import { continuePaused, readOngoing, rollBackOngoing } from '../kinds/ecs-managed/ongoing.js'
import {
  dryRunNote,
  oneOffTaskStep,
  oneOffTaskVerdict,
  runOneOffTaskStep
} from '../phases/one-off-task/one-off-task.js'
import { PostState } from '../post-state.js'
import { revisionToRollOut } from '../phases/register/register.js'
import {
  prepareDeploy,
  prepareRollback,
  readService,
  type CurrentService,
  type Prepared
} from '../phases/render/prepare.js'
import type { DeployReport, Outcome } from '../phases/report/report.js'
import { rollOut, verdictsOf, type RolloutContext, type Started } from '../phases/start/roll-out.js'
import { tagOutcome } from '../phases/report/tag-outcome.js'
import type { WatchResult } from '../phases/watch/loop.js'
import { shortArn } from '../phases/watch/verdict.js'

/*
 * The step's one sequence, in deploy, rollback and continue mode, from the settings to the
 * report. Over 250 lines: the one sequence of every mode, read top to bottom; each phase is a
 * call into its own module.
 */

export type { DeployReport, Outcome, RollbackReport } from '../phases/report/report.js'
export { STATE } from '../post-state.js'
export type { Log }
export type { DeployDeps }

/**
 * Deploy mode: read → render → validate → (dry run) → log groups → register → one-off task →
 * update → watch → diagnose → decide → (watch ECS's rollback | roll back). Rollback mode: read → resolve the target → update
 * → watch → diagnose; on a blue/green, linear or canary deployment still going, ECS rolls it
 * back instead. Continue mode: read → continue the paused deployment → watch. Nothing is written
 * to AWS before every check has passed; once AWS has been written to, a report always comes back
 * (outcome `unknown` when the state cannot be known).
 */
export async function runDeployment(s: DeploySettings, d: DeployDeps): Promise<DeployReport> {
  const startedAt = d.now()
  const current = await readService(s, d)
  const ctx: RolloutContext = { s, d, post: new PostState(d.saveState), answeredHooks: new Set() }
  const verdicts = verdictsOf(ctx, current.service)
  if (s.mode !== 'rollback') warnIfTooShort(s, d.log, current.service)
  const ongoing =
    s.mode === 'continue' || (s.mode === 'rollback' && verdicts.native)
      ? await readOngoing(ctx, current)
      : undefined
  const prepared: Prepared | undefined =
    s.mode === 'continue' || ongoing !== undefined
      ? undefined
      : s.mode === 'rollback'
        ? await prepareRollback(s, d, current)
        : await prepareDeploy(s, d, current)
  const report = (outcome: Outcome, arn: string | undefined, known: Known = {}): DeployReport => ({
    mode: s.mode,
    outcome,
    strategy: verdicts.strategy,
    serviceDeployment: known.serviceDeployment,
    cluster: s.cluster,
    service: s.service,
    region: d.region,
    taskDefinitionArn: arn,
    previousTaskDefinitionArn: current.arn,
    deploymentId: known.started?.target.deploymentId || undefined,
    renderedPath: prepared?.renderedPath,
    images: prepared?.images ?? [],
    changes: prepared?.changes ?? [],
    verdict: known.verdict,
    health: known.health,
    diagnosis: known.diagnosis,
    rollback: known.rollback,
    runTask: known.runTask,
    logTails: known.logTails,
    startedAt,
    finishedAt: d.now()
  })

  const oneOffTask = (p: Prepared, arn: string) =>
    oneOffTaskStep(s, d, current.service, p, arn, startedAt)

  if (s.dryRun && prepared !== undefined) {
    if (prepared.runTaskContainer !== undefined) d.log.info(dryRunNote(oneOffTask(prepared, '')))
    d.log.info(
      s.mode === 'rollback'
        ? `dry-run: the service is not rolled back to ${shortArn(prepared.taskDefinitionArn)}.`
        : 'dry-run: nothing registered, the service is not updated.'
    )
    return report('dry-run', prepared.taskDefinitionArn)
  }
  const known: Known = {}
  const deadline = startedAt + s.waitForMinutes * 60000
  let targetArn = ongoing?.target.taskDefinitionArn
  try {
    if (s.mode === 'rollback' && ongoing !== undefined) {
      targetArn = ongoing.target.previousTaskDefinitionArn
      return report(await rollBackOngoing(ctx, current, ongoing, deadline, known), targetArn, known)
    }
    if (s.mode === 'continue') {
      const result = await continuePaused(ctx, current, ongoing, deadline, known)
      if (result === 'dry-run') return report('dry-run', targetArn)
      const outcome = await conclude(ctx, current, targetArn!, known.started!, result, known, {
        startedAt,
        deadline,
        definition: current.taskDefinition ?? {}
      })
      return report(outcome, targetArn, known)
    }
    const p = prepared!
    targetArn = await revisionToRollOut(s, d, p)
    if (p.runTaskContainer !== undefined) {
      // Before UpdateService: a task that does not exit 0 leaves the service untouched.
      known.runTask = await runOneOffTaskStep({ ...d, post: ctx.post }, oneOffTask(p, targetArn))
      const verdict = oneOffTaskVerdict(known.runTask)
      if (verdict) return report('failed', targetArn, { ...known, verdict })
    }
    const time = { startedAt, deadline, definition: p.definition }
    const outcome = await deployAndDecide(ctx, current, targetArn, time, known)
    return report(outcome, targetArn, known)
  } catch (error) {
    // Before AWS answered a write, nothing changed in the service: the step just fails.
    if (known.started === undefined && known.rollback === undefined) throw error
    const reason = `${describeError(error)}.`
    d.log.error(reason, 'State unknown')
    if (known.rollback !== undefined) {
      known.rollback = { ...known.rollback, verdict: { status: 'unknown', reason } }
    } else if (known.verdict === undefined || known.verdict.status === 'succeeded') {
      known.verdict = { status: 'unknown', reason }
    }
    return report('unknown', targetArn, known)
  } finally {
    ctx.post.clear()
  }
}

/** When the step started, its deadline, and the containers of the revision rolled out (for log lines). */
interface Timing {
  readonly startedAt: number
  readonly deadline: number
  readonly definition: Prepared['definition']
}

async function deployAndDecide(
  ctx: RolloutContext,
  current: CurrentService,
  targetArn: string,
  time: Timing,
  known: Known
): Promise<Outcome> {
  const { s, d } = ctx
  const { started, result } = await rollOut(
    ctx,
    {
      taskDefinitionArn: targetArn,
      previousTaskDefinitionArn: current.arn,
      desiredCount: s.desiredCount,
      forceNewDeployment: s.forceNewDeployment,
      watch: s.waitForServiceStability,
      deadline: time.deadline,
      label: 'deployment'
    },
    st => (known.started = st)
  )
  if (result === undefined) {
    d.log.info(
      'wait-for-service-stability is false: the rollout is not watched, so its outcome is not known.'
    )
    return 'started'
  }
  return conclude(ctx, current, targetArn, started, result, known, time)
}

/** From the watch's verdict to the outcome: health check, pause, or what follows a failure. */
async function conclude(
  ctx: RolloutContext,
  current: CurrentService,
  targetArn: string,
  started: Started,
  result: WatchResult,
  known: Known,
  time: Timing
): Promise<Outcome> {
  const { s, d } = ctx
  const { log } = d
  let verdict = result.verdict
  known.verdict = verdict
  known.serviceDeployment = result.snapshot?.serviceDeployment
  if (verdict.status === 'succeeded' && s.healthCheckUrl !== '') {
    const health = await d.log.group(`Health check ${s.healthCheckUrl}`, () =>
      checkHealth(
        s.healthCheckUrl,
        Math.max(time.deadline, d.now()),
        s.pollIntervalSeconds * 1000,
        d
      )
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
    if (s.mode !== 'rollback') await tagOutcome(d.ecs, d.log, targetArn, 'succeeded')
    return 'succeeded'
  }
  if (verdict.status === 'paused') {
    log.warning(
      `${verdict.reason} To go on, run this action with mode: continue (the rollback workflow: to: continue); to roll it back, mode: rollback. The step ends here; ECS keeps the deployment paused.`,
      `Deployment paused at ${verdict.stage}`
    )
    return 'paused'
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
      since: new Date(time.startedAt),
      logTails: { logs: d.logs, definition: time.definition, count: s.logLines, region: d.region }
    })
  )
  known.diagnosis = explained
  known.logTails = explained?.logTails
  if (s.mode !== 'rollback') await tagOutcome(d.ecs, d.log, targetArn, 'failed')
  return afterFailure(ctx, current, targetArn, started, result, verdict, known)
}
