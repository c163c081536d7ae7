import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord } from '../records.js'
import type { StoppedTaskSpec } from './rollout-scripts.js'
import { asString, hex } from '../../wire.js'

/*
 * The timeline of one blue/green, linear or canary service deployment, as ecs/rollouts/strategies.ts
 * plays it (the documentation each step follows is quoted there): the stages a configuration
 * walks through, and one poll's move along them.
 */

export interface NativeScenario {
  /** How long the stand-in plays one configured minute (ms); 60 000 is real time. */
  readonly minuteMs?: number
  /** This CloudWatch alarm goes into ALARM this long (ms) into BAKE_TIME. */
  readonly alarmInBake?: { readonly name: string; readonly afterMs: number }
  /** This CloudWatch alarm goes into ALARM this long (ms) into a stage that holds (a wait, a bake). */
  readonly alarm?: { readonly name: string; readonly stage: string; readonly afterMs: number }
  /** The green revision's tasks stop at SCALE_UP, as DescribeTasks will tell (none runs). */
  readonly greenTasksStop?: readonly StoppedTaskSpec[]
  /** ECS never moves past this stage (SCALE_UP: the green tasks never become healthy). */
  readonly holdAt?: string
  /** The Lambda hooks answer FAILED. */
  readonly lambdaFails?: boolean
  /** ECS's rollback of this deployment fails with this reason. */
  readonly rollbackFails?: string
  /**
   * How many steps one look (DescribeServices) moves the deployment on (default 1). ECS moves
   * through the stages in its own time, not at the step's polls: with a poll interval of some
   * seconds, the stages that hold nothing (a hook, a traffic step's wait, the bake) can all
   * pass between two looks. A hold still holds for its minutes.
   */
  readonly stepsPerLook?: number
  /**
   * Instead of moving per look, the deployment moves one step each stepMs of wall time since it
   * was created (a look catches up with the steps due), whoever looks and how often.
   */
  readonly stepMs?: number
}

export interface Entry {
  readonly stage: string
  /** A stage hooks run at that ServiceDeployment.lifecycleStage never shows (shownStage). */
  readonly hookOnly?: boolean
  readonly production?: number
  readonly test?: number
  readonly scaled?: boolean
  readonly holdMinutes?: number
}
export interface HookRecord {
  hookId: string
  targetType: 'AWS_LAMBDA' | 'PAUSE'
  targetArn?: string
  status: string
  expiresAt?: number
  timeoutAction?: string
}
export interface Run {
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
  /** Wall time up to which the steps due (NativeScenario.stepMs) have been taken. */
  steppedAt: number
  /** Records a stopped task of the green revision (DescribeTasks, its awslogs lines). */
  readonly stopTask: (spec: StoppedTaskSpec) => void
}

export type Config = Record<string, unknown> & {
  strategy?: string
  bakeTimeInMinutes?: number
  lifecycleHooks?: readonly Record<string, unknown>[]
  alarms?: { alarmNames: readonly string[]; enable: boolean; rollback: boolean }
  canaryConfiguration?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number }
  linearConfiguration?: { stepPercent?: number; stepBakeTimeInMinutes?: number }
}

/**
 * The stages one deployment walks through under the service's configuration. Without lifecycle
 * hooks, no PRE_PRODUCTION_TRAFFIC_SHIFT: it is a stage hooks are invoked at
 * (DeploymentLifecycleHookStage), and ECS's model does not list it among the values of
 * ServiceDeployment.lifecycleStage (ServiceDeploymentLifecycleStage), though the member's
 * documentation names it.
 */
export function plan(c: Config): Entry[] {
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
      { stage: 'PRE_PRODUCTION_TRAFFIC_SHIFT', hookOnly: true },
      { stage: 'PRODUCTION_TRAFFIC_SHIFT', production: s.p, holdMinutes: s.hold }
    ]),
    { stage: 'POST_PRODUCTION_TRAFFIC_SHIFT' },
    { stage: 'BAKE_TIME', holdMinutes: c.bakeTimeInMinutes ?? 0 },
    { stage: 'CLEAN_UP' }
  ]
}

/**
 * The stage DescribeServiceDeployments shows. PRE_PRODUCTION_TRAFFIC_SHIFT is a stage hooks run at
 * (DeploymentLifecycleHookStage lists it) but not a value of ServiceDeployment.lifecycleStage:
 * its enum, ServiceDeploymentLifecycleStage, has RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP,
 * POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT,
 * POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME and CLEAN_UP only (AWS's ECS model, and the SDK's
 * enum), though the member's description names it. While its hooks run, the deployment still
 * shows the stage it was in.
 */
export function shownStage(run: Run): string {
  for (let i = Math.min(run.at, run.plan.length - 1); i >= 0; i--) {
    const entry = run.plan[i]
    if (entry !== undefined && entry.hookOnly !== true) return entry.stage
  }
  return 'PRE_SCALE_UP'
}

/** One poll: a rollback moves on, a hook answers, a bake holds, or the next stage begins. */
export function step(service: ServiceRecord, config: Config, run: Run, now = Date.now()): void {
  const { sd } = run
  const minute = run.scenario.minuteMs ?? 60_000
  if (run.rollingBack) return rollBack(service, run, now)
  if (hookHolds(run, now)) return
  const entry = run.plan[run.at]
  if (entry !== undefined && entry.stage === run.scenario.holdAt) return
  const alarm = entry && firedAlarm(entry, run, now - run.enteredAt, minute)
  if (alarm !== undefined && config.alarms?.enable) {
    run.alarms = [alarm]
    const why = `Service deployment rolled back because the CloudWatch alarm ${alarm} went into ALARM.`
    if (config.alarms.rollback) startRollback(run, why, 'ROLLBACK_IN_PROGRESS')
    else Object.assign(sd, { status: 'STOPPED', statusReason: why, stoppedAt: now })
    sd.updatedAt = now
    return
  }
  if (entry?.holdMinutes && now - run.enteredAt < entry.holdMinutes * minute) return
  run.at++
  run.enteredAt = now
  sd.updatedAt = now
  const next = run.plan[run.at]
  if (next === undefined) return succeed(service, run, now)
  enter(config, run, next, now)
}

/** A rollback's poll: requested → in progress (no traffic on green) → successful or failed. */
function rollBack(service: ServiceRecord, run: Run, now: number): void {
  const { sd, green, blue } = run
  sd.updatedAt = now
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
}

/**
 * Whether a hook holds the deployment this poll: a PAUSE awaiting action (until it times out,
 * then CONTINUE or a rollback), a Lambda hook answering now (SUCCEEDED, or FAILED and a rollback).
 */
function hookHolds(run: Run, now: number): boolean {
  const waiting = run.hooks.find(h => h.status === 'AWAITING_ACTION' || h.status === 'IN_PROGRESS')
  if (waiting?.status === 'AWAITING_ACTION') {
    if (waiting.expiresAt === undefined || now < waiting.expiresAt) return true
    waiting.status = 'TIMED_OUT'
    if (waiting.timeoutAction !== 'CONTINUE')
      startRollback(run, `Hook ${waiting.hookId} timed out.`, 'ROLLBACK_IN_PROGRESS')
    return true
  }
  if (waiting?.status === 'IN_PROGRESS') {
    waiting.status = run.scenario.lambdaFails ? 'FAILED' : 'SUCCEEDED'
    if (run.scenario.lambdaFails)
      startRollback(run, `Lifecycle hook ${waiting.targetArn} failed.`, 'ROLLBACK_IN_PROGRESS')
    run.sd.updatedAt = now
    return true
  }
  return false
}

/** Past the last stage: the green revision is the service. */
function succeed(service: ServiceRecord, run: Run, now: number): void {
  const { sd, green } = run
  sd.status = 'SUCCESSFUL'
  sd.finishedAt = now
  green.rolloutState = 'COMPLETED'
  green.runningCount = green.desiredCount
  green.pendingCount = 0
  service.deployments = [green]
}

/** A stage begins: scaling, traffic, clean-up, and the hooks configured for it. */
function enter(config: Config, run: Run, next: Entry, now: number): void {
  const { green, blue } = run
  const minute = run.scenario.minuteMs ?? 60_000
  if (next.scaled) scaleUp(green, run)
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

/**
 * The alarm the scenario sets off in this stage, once `held` ms into it (within the stage's hold,
 * however late the look that notices comes).
 */
function firedAlarm(entry: Entry, run: Run, held: number, minute: number): string | undefined {
  const s = run.scenario
  const alarm = s.alarm ?? (s.alarmInBake && { ...s.alarmInBake, stage: 'BAKE_TIME' })
  if (alarm === undefined || alarm.stage !== entry.stage || run.alarms.length > 0) return undefined
  const within = alarm.afterMs < (entry.holdMinutes ?? 0) * minute
  return within && held >= alarm.afterMs ? alarm.name : undefined
}

/** SCALE_UP: the green tasks run, or (NativeScenario.greenTasksStop, holdAt) never get healthy. */
function scaleUp(green: DeploymentRecord, run: Run): void {
  const stops = run.scenario.greenTasksStop ?? []
  for (const spec of stops) {
    run.stopTask(spec)
    green.failedTasks++
  }
  const healthy = stops.length === 0 && run.scenario.holdAt !== 'SCALE_UP'
  green.runningCount = healthy ? green.desiredCount : 0
  green.pendingCount = healthy ? 0 : green.desiredCount
}

export function startRollback(run: Run, reason: string, status: string): void {
  const { sd, blue } = run
  run.rollingBack = true
  sd.status = status
  sd.statusReason = reason
  sd.rollback = { reason, startedAt: Date.now(), serviceRevisionArn: blue?.revisionArn ?? '' }
  sd.updatedAt = Date.now()
}
