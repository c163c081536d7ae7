import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord } from './ecs.js'
import { AwsError, asString, epoch, hex } from './wire.js'

/*
 * Blue/green, linear and canary deployments as ECS runs them itself (ECS deployment controller,
 * deploymentConfiguration.strategy BLUE_GREEN | LINEAR | CANARY), played by the stand-in on a
 * timeline: each DescribeServices of the service moves the service deployment on by one step;
 * bakes hold for their configured minutes (played `minuteMs` each). What it models, in the
 * documentation's words:
 * - Lifecycle stages (ServiceDeployment.lifecycleStage): PRE_SCALE_UP, SCALE_UP ("the green
 *   service revision scales up to 100% and launches new tasks"), POST_SCALE_UP,
 *   TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRE_PRODUCTION_TRAFFIC_SHIFT ("For linear and
 *   canary deployments, this stage is invoked before every traffic shift step."),
 *   PRODUCTION_TRAFFIC_SHIFT ("invoked at every traffic shift step"),
 *   POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME ("both blue and green service revisions are running
 *   simultaneously after the production traffic has shifted"), CLEAN_UP ("the blue service
 *   revision has completely scaled down to 0 running tasks").
 * - Traffic: canary "shifts a small percentage of traffic to the new service revision first,
 *   then shifts the remaining traffic all at once after a specified time period"
 *   (canaryPercent default 5.0, canaryBakeTimeInMinutes default 10); linear shifts "in equal
 *   percentage increments with configurable wait times between each step" (stepPercent default
 *   10.0, stepBakeTimeInMinutes default 6, "not applied after reaching 100 percent traffic").
 *   The weights show as requestedProductionTrafficWeight / requestedTestTrafficWeight
 *   (ServiceRevisionSummary).
 * - Hooks (DeploymentLifecycleHook): AWS_LAMBDA "Invokes a Lambda function at the specified
 *   lifecycle stage"; PAUSE "Pauses the deployment at the specified lifecycle stage until you
 *   call ContinueServiceDeployment to continue or roll back." A paused hook shows
 *   AWAITING_ACTION with expiresAt and timeoutAction (timeoutInMinutes "Default: 1440",
 *   action "Default: ROLLBACK"). Hook statuses: AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED,
 *   TIMED_OUT (DeploymentLifecycleHookDetail).
 * - Alarms: "Amazon ECS considers the service deployment as failed when any of the alarms move
 *   to the ALARM state." (ServiceDeploymentAlarms); the names show in triggeredAlarmNames; with
 *   rollback the service "is rolled back to the last deployment that completed successfully"
 *   (DeploymentAlarms), else the deployment stops ("The rollback option is not in use for the
 *   failure detection mechanism [...] and the service fails.", ServiceDeployment.stoppedAt).
 * - StopServiceDeployment, stopType ROLLBACK, in PENDING or IN_PROGRESS: "The service deployment
 *   moves to the ROLLBACK_REQUESTED state, and then the rollback operation starts."; in
 *   STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS it continues (Developer Guide,
 *   Stopping Amazon ECS service deployments). Other states: ConflictException.
 * - ContinueServiceDeployment: "You can continue a deployment that has a pause hook in
 *   AWAITING_ACTION status. The deployment must be in the IN_PROGRESS state."; action CONTINUE
 *   "continues the deployment to the next lifecycle stage", ROLLBACK "rolls back the service
 *   deployment to the previous service revision"; "If no value is specified, the default action
 *   is CONTINUE." (API Reference, ContinueServiceDeployment)
 * - A rollback ends ROLLBACK_SUCCESSFUL (blue serves all traffic again) or ROLLBACK_FAILED.
 * The rollback.reason texts are the stand-in's own wording; ECS's exact texts are not documented.
 */

export interface NativeScenario {
  /** How long the stand-in plays one configured minute (ms); 60 000 is real time. */
  readonly minuteMs?: number
  /** This CloudWatch alarm goes into ALARM this long (ms) into BAKE_TIME. */
  readonly alarmInBake?: { readonly name: string; readonly afterMs: number }
  /** The Lambda hooks answer FAILED. */
  readonly lambdaFails?: boolean
  /** ECS's rollback of this deployment fails with this reason. */
  readonly rollbackFails?: string
}

interface Entry {
  readonly stage: string
  readonly production?: number
  readonly test?: number
  readonly scaled?: boolean
  readonly holdMinutes?: number
}
interface HookRecord {
  hookId: string
  targetType: 'AWS_LAMBDA' | 'PAUSE'
  targetArn?: string
  status: string
  expiresAt?: number
  timeoutAction?: string
}
interface Run {
  readonly sd: ServiceDeploymentRecord
  readonly green: DeploymentRecord
  readonly blue: DeploymentRecord | undefined
  readonly plan: readonly Entry[]
  readonly scenario: NativeScenario
  at: number
  enteredAt: number
  production: number
  test: number
  readonly hooks: HookRecord[]
  alarms: string[]
  rollingBack?: boolean
}

const NATIVE = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY'])
type Config = Record<string, unknown> & {
  strategy?: string
  bakeTimeInMinutes?: number
  lifecycleHooks?: readonly Record<string, unknown>[]
  alarms?: { alarmNames: readonly string[]; enable: boolean; rollback: boolean }
  canaryConfiguration?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number }
  linearConfiguration?: { stepPercent?: number; stepBakeTimeInMinutes?: number }
}

export class StrategyModel {
  private readonly configs = new Map<ServiceRecord, Config>()
  private readonly queues = new Map<ServiceRecord, NativeScenario[]>()
  private readonly runs = new Map<ServiceDeploymentRecord, Run>()

  seed(service: ServiceRecord, config: Config | undefined, scenarios: readonly NativeScenario[]) {
    if (config !== undefined) this.configs.set(service, config)
    this.queues.set(service, [...scenarios])
  }

  /** The service's deploymentConfiguration beyond the rolling update's fields. */
  configuration(service: ServiceRecord): Config {
    return this.configs.get(service) ?? {}
  }

  /** One poll of a blue/green, linear or canary service; false for a rolling one. */
  advance(service: ServiceRecord, green: DeploymentRecord): boolean {
    const config = this.configs.get(service)
    const sd = green.serviceDeployment
    if (!NATIVE.has(config?.strategy ?? '') || sd === undefined || config === undefined)
      return false
    let run = this.runs.get(sd)
    if (run === undefined) {
      run = {
        sd,
        green,
        blue: service.deployments.find(d => d !== green && d.runningCount > 0),
        plan: plan(config),
        scenario: this.queues.get(service)?.shift() ?? {},
        at: -1,
        enteredAt: Date.now(),
        production: 0,
        test: 0,
        hooks: [],
        alarms: []
      }
      this.runs.set(sd, run)
    }
    if (!['IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].includes(sd.status))
      return true
    step(service, config, run)
    return true
  }

  /** DescribeServiceDeployments' answer, with what these strategies add to it. */
  describe(sd: ServiceDeploymentRecord, base: Record<string, unknown>): Record<string, unknown> {
    const run = this.runs.get(sd)
    const service = [...this.configs.keys()].find(s => s.serviceDeployments.includes(sd))
    const config = service ? this.configs.get(service) : undefined
    if (run === undefined || config === undefined) return base
    const stage = run.plan[Math.min(run.at, run.plan.length - 1)]?.stage ?? 'PRE_SCALE_UP'
    const weights = (p: number, t: number) => ({
      requestedProductionTrafficWeight: p,
      requestedTestTrafficWeight: t
    })
    return {
      ...base,
      lifecycleStage: stage,
      deploymentConfiguration: { ...asRecordOf(base.deploymentConfiguration), ...config },
      targetServiceRevision: {
        ...asRecordOf(base.targetServiceRevision),
        ...weights(run.production, run.test)
      },
      sourceServiceRevisions: (base.sourceServiceRevisions as Record<string, unknown>[]).map(r => ({
        ...r,
        ...weights(100 - run.production, 100 - run.test)
      })),
      lifecycleHookDetails: run.hooks.map(h => ({
        hookId: h.hookId,
        targetType: h.targetType,
        ...(h.targetArn ? { targetArn: h.targetArn } : {}),
        status: h.status,
        ...(h.expiresAt ? { expiresAt: epoch(h.expiresAt) } : {}),
        ...(h.timeoutAction ? { timeoutAction: h.timeoutAction } : {})
      })),
      ...(config.alarms?.enable
        ? {
            alarms: {
              status:
                run.alarms.length > 0
                  ? 'TRIGGERED'
                  : sd.finishedAt
                    ? 'MONITORING_COMPLETE'
                    : 'MONITORING',
              alarmNames: config.alarms.alarmNames,
              ...(run.alarms.length > 0 ? { triggeredAlarmNames: run.alarms } : {})
            }
          }
        : {})
    }
  }

  StopServiceDeployment(sd: ServiceDeploymentRecord, input: Record<string, unknown>) {
    const run = this.runs.get(sd)
    if (run === undefined) {
      throw new AwsError(
        'UnsupportedFeatureException',
        'stand-in: StopServiceDeployment is modelled for BLUE_GREEN, LINEAR and CANARY services only.'
      )
    }
    if (asString(input.stopType) !== 'ROLLBACK') {
      throw new AwsError('InvalidParameterException', 'The valid values are ROLLBACK.')
    }
    if (sd.status === 'PENDING' || sd.status === 'IN_PROGRESS') {
      startRollback(
        run,
        'Service deployment rolled back by StopServiceDeployment (stopType ROLLBACK).',
        'ROLLBACK_REQUESTED'
      )
    } else if (
      !['STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].includes(sd.status)
    ) {
      throw new AwsError(
        'ConflictException',
        `The service deployment is ${sd.status} and cannot be stopped.`
      )
    }
    return { serviceDeploymentArn: sd.arn }
  }

  ContinueServiceDeployment(sd: ServiceDeploymentRecord, input: Record<string, unknown>) {
    const run = this.runs.get(sd)
    const hook = run?.hooks.find(h => h.hookId === asString(input.hookId))
    if (
      run === undefined ||
      hook === undefined ||
      hook.status !== 'AWAITING_ACTION' ||
      sd.status !== 'IN_PROGRESS'
    ) {
      throw new AwsError(
        'InvalidParameterException',
        'The pause hook must be in AWAITING_ACTION status and the deployment IN_PROGRESS.'
      )
    }
    const action = asString(input.action) || 'CONTINUE'
    hook.status = 'SUCCEEDED'
    if (action === 'ROLLBACK') {
      startRollback(
        run,
        `Service deployment rolled back by ContinueServiceDeployment at hook ${hook.hookId}.`,
        'ROLLBACK_REQUESTED'
      )
    }
    return { serviceDeploymentArn: sd.arn }
  }
}

/** The stages one deployment walks through under the service's configuration. */
function plan(c: Config): Entry[] {
  const shifts: { p: number; hold: number }[] = []
  if (c.strategy === 'CANARY') {
    shifts.push(
      {
        p: c.canaryConfiguration?.canaryPercent ?? 5,
        hold: c.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10
      },
      { p: 100, hold: 0 }
    )
  } else if (c.strategy === 'LINEAR') {
    const step = c.linearConfiguration?.stepPercent ?? 10
    for (let p = step; p < 100; p += step)
      shifts.push({
        p: Math.round(p * 10) / 10,
        hold: c.linearConfiguration?.stepBakeTimeInMinutes ?? 6
      })
    shifts.push({ p: 100, hold: 0 })
  } else {
    shifts.push({ p: 100, hold: 0 })
  }
  return [
    { stage: 'PRE_SCALE_UP' },
    { stage: 'SCALE_UP', scaled: true },
    { stage: 'POST_SCALE_UP' },
    { stage: 'TEST_TRAFFIC_SHIFT', test: 100 },
    { stage: 'POST_TEST_TRAFFIC_SHIFT' },
    ...shifts.flatMap(s => [
      { stage: 'PRE_PRODUCTION_TRAFFIC_SHIFT' },
      { stage: 'PRODUCTION_TRAFFIC_SHIFT', production: s.p, holdMinutes: s.hold }
    ]),
    { stage: 'POST_PRODUCTION_TRAFFIC_SHIFT' },
    { stage: 'BAKE_TIME', holdMinutes: c.bakeTimeInMinutes ?? 0 },
    { stage: 'CLEAN_UP' }
  ]
}

/** One poll: a rollback moves on, a hook answers, a bake holds, or the next stage begins. */
function step(service: ServiceRecord, config: Config, run: Run): void {
  const now = Date.now()
  const { sd, green, blue } = run
  const minute = run.scenario.minuteMs ?? 60_000
  const touch = () => (sd.updatedAt = now)
  if (run.rollingBack) {
    touch()
    if (sd.status === 'ROLLBACK_REQUESTED') {
      sd.status = 'ROLLBACK_IN_PROGRESS'
      run.production = 0
      run.test = 0
      return
    }
    sd.finishedAt = now
    green.rolloutState = 'FAILED'
    if (run.scenario.rollbackFails !== undefined) {
      sd.status = 'ROLLBACK_FAILED'
      sd.statusReason = run.scenario.rollbackFails
      return
    }
    sd.status = 'ROLLBACK_SUCCESSFUL'
    if (blue !== undefined) {
      blue.status = 'PRIMARY'
      blue.rolloutState = 'COMPLETED'
      blue.runningCount = blue.desiredCount
      service.deployments = [blue]
    }
    return
  }
  const waiting = run.hooks.find(h => h.status === 'AWAITING_ACTION' || h.status === 'IN_PROGRESS')
  if (waiting?.status === 'AWAITING_ACTION') {
    if (waiting.expiresAt === undefined || now < waiting.expiresAt) return
    waiting.status = 'TIMED_OUT'
    if (waiting.timeoutAction !== 'CONTINUE')
      startRollback(run, `Hook ${waiting.hookId} timed out.`, 'ROLLBACK_IN_PROGRESS')
    return
  }
  if (waiting?.status === 'IN_PROGRESS') {
    waiting.status = run.scenario.lambdaFails ? 'FAILED' : 'SUCCEEDED'
    if (run.scenario.lambdaFails)
      startRollback(run, `Lifecycle hook ${waiting.targetArn} failed.`, 'ROLLBACK_IN_PROGRESS')
    touch()
    return
  }
  const entry = run.plan[run.at]
  if (entry?.holdMinutes && now - run.enteredAt < entry.holdMinutes * minute) {
    const alarm = run.scenario.alarmInBake
    if (
      entry.stage === 'BAKE_TIME' &&
      alarm &&
      now - run.enteredAt >= alarm.afterMs &&
      config.alarms?.enable
    ) {
      run.alarms = [alarm.name]
      const why = `Service deployment rolled back because the CloudWatch alarm ${alarm.name} went into ALARM.`
      if (config.alarms.rollback) startRollback(run, why, 'ROLLBACK_IN_PROGRESS')
      else Object.assign(sd, { status: 'STOPPED', statusReason: why, stoppedAt: now })
      touch()
    }
    return
  }
  run.at++
  run.enteredAt = now
  touch()
  const next = run.plan[run.at]
  if (next === undefined) {
    sd.status = 'SUCCESSFUL'
    sd.finishedAt = now
    green.rolloutState = 'COMPLETED'
    green.runningCount = green.desiredCount
    green.pendingCount = 0
    service.deployments = [green]
    return
  }
  if (next.scaled) green.runningCount = green.desiredCount
  if (next.production !== undefined) run.production = next.production
  if (next.test !== undefined) run.test = next.test
  if (next.stage === 'CLEAN_UP' && blue !== undefined) blue.runningCount = 0
  for (const hook of config.lifecycleHooks ?? []) {
    if (!(hook.lifecycleStages as string[]).includes(next.stage)) continue
    const pause = hook.targetType === 'PAUSE'
    const timeout = hook.timeoutConfiguration as
      { timeoutInMinutes?: number; action?: string } | undefined
    run.hooks.push({
      hookId: `${pause ? 'ecs-pause' : 'ecs-lambda'}-${hex(16)}`,
      targetType: pause ? 'PAUSE' : 'AWS_LAMBDA',
      ...(pause ? {} : { targetArn: asString(hook.hookTargetArn) }),
      status: pause ? 'AWAITING_ACTION' : 'IN_PROGRESS',
      ...(pause
        ? {
            expiresAt: now + (timeout?.timeoutInMinutes ?? 1440) * minute,
            timeoutAction: timeout?.action ?? 'ROLLBACK'
          }
        : {})
    })
  }
}

function startRollback(run: Run, reason: string, status: string): void {
  const { sd, blue } = run
  run.rollingBack = true
  sd.status = status
  sd.statusReason = reason
  sd.rollback = { reason, startedAt: Date.now(), serviceRevisionArn: blue?.revisionArn ?? '' }
  sd.updatedAt = Date.now()
}

function asRecordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
