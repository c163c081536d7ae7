import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord } from '../records.js'
import type { StoppedTaskSpec } from './rollout-scripts.js'
import {
  type Config,
  type NativeScenario,
  type Run,
  plan,
  shownStage,
  startRollback,
  step
} from './strategies-timeline.js'
import { AwsError, asString, epoch } from '../../wire.js'

export type { NativeScenario } from './strategies-timeline.js'

/*
 * Blue/green, linear and canary deployments as ECS runs them itself (ECS deployment controller,
 * deploymentConfiguration.strategy BLUE_GREEN | LINEAR | CANARY), played by the stand-in on a
 * timeline: each DescribeServices of the service moves the service deployment on by one step (or
 * by NativeScenario.stepsPerLook steps, as time passes between two polls); traffic-step waits and
 * bakes hold for their configured minutes (played `minuteMs` each). What it models, in the
 * documentation's words:
 * - Lifecycle stages (ServiceDeployment.lifecycleStage): PRE_SCALE_UP, SCALE_UP ("the green
 *   service revision scales up to 100% and launches new tasks"), POST_SCALE_UP,
 *   TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRE_PRODUCTION_TRAFFIC_SHIFT ("For linear and
 *   canary deployments, this stage is invoked before every traffic shift step"; a stage its
 *   hooks run at, never shown as lifecycleStage: shownStage in ecs/rollouts/strategies-timeline.ts),
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
 * A service's first deployment (no source revision, as CreateExpressGatewayService starts) has no
 * traffic to shift: it scales up as a rolling one does (Express Mode gives "Canary Deployments for
 * future updates", Developer Guide, Create your first Express Mode service using the AWS CLI).
 */

const NATIVE = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY'])
export class StrategyModel {
  private readonly configs = new Map<ServiceRecord, Config>()
  private readonly queues = new Map<ServiceRecord, NativeScenario[]>()
  private readonly runs = new Map<ServiceDeploymentRecord, Run>()
  private readonly assigned = new Map<ServiceDeploymentRecord, NativeScenario>()

  /** stopTask records a stopped task of a green revision (ecs.ts: DescribeTasks, awslogs). */
  constructor(
    private readonly stopTask: (
      service: ServiceRecord,
      green: DeploymentRecord,
      spec: StoppedTaskSpec
    ) => void = () => undefined
  ) {}

  seed(service: ServiceRecord, config: Config | undefined, scenarios: readonly NativeScenario[]) {
    if (config !== undefined) this.configs.set(service, config)
    this.queues.set(service, [...scenarios])
  }

  /** What one service deployment does (instead of the next seeded scenario). */
  assign(sd: ServiceDeploymentRecord, scenario: NativeScenario): void {
    this.assigned.set(sd, scenario)
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
    if (sd.source.length === 0) return false
    let run = this.runs.get(sd)
    if (run === undefined) {
      run = {
        sd,
        green,
        blue: service.deployments.find(d => d !== green && d.runningCount > 0),
        plan: plan(config),
        scenario: this.assigned.get(sd) ?? this.queues.get(service)?.shift() ?? {},
        at: -1,
        enteredAt: Date.now(),
        production: 0,
        test: 0,
        hooks: [],
        alarms: [],
        steppedAt: sd.createdAt,
        stopTask: spec => this.stopTask(service, green, spec)
      }
      this.runs.set(sd, run)
    }
    for (const at of stepTimes(run, Date.now())) {
      if (!['IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].includes(sd.status)) break
      step(service, config, run, at)
    }
    return true
  }

  /** DescribeServiceDeployments' answer, with what these strategies add to it. */
  describe(sd: ServiceDeploymentRecord, base: Record<string, unknown>): Record<string, unknown> {
    const run = this.runs.get(sd)
    const service = [...this.configs.keys()].find(s => s.serviceDeployments.includes(sd))
    const config = service ? this.configs.get(service) : undefined
    if (run === undefined || config === undefined) return base
    const weights = (p: number, t: number) => ({
      requestedProductionTrafficWeight: p,
      requestedTestTrafficWeight: t
    })
    return {
      ...base,
      lifecycleStage: shownStage(run),
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

/**
 * The steps one look takes, at the time each happens: stepsPerLook steps now, or (stepMs) one
 * each stepMs of wall time since the last one taken, each at its own time.
 */
function stepTimes(run: Run, now: number): number[] {
  const every = run.scenario.stepMs
  if (every === undefined || every <= 0) return Array(run.scenario.stepsPerLook ?? 1).fill(now)
  const times: number[] = []
  while (run.steppedAt + every <= now) {
    run.steppedAt += every
    times.push(run.steppedAt)
  }
  return times
}

function asRecordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
