import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord } from '../records.js'
import { type RolloutStep, rollouts } from './rollout-scripts.js'
import { countBreakerFailures } from './breaker.js'
import { tripCircuitBreaker } from './rollbacks.js'
import { startDeployment } from '../start-deployment.js'
import type { EcsState } from '../state.js'
import { recordStoppedTask } from '../stopped-tasks.js'
import { lookupTaskDefinition, seedTaskDefinition } from '../task-definitions.js'
import { hex } from '../../wire.js'

/*
 * The scripted rollout timeline of the ECS stand-in: each DescribeServices answer for a service
 * moves the rollout of its PRIMARY deployment one step on (optionally not before some wall time),
 * as its script (ecs/rollouts/rollout-scripts.ts) says. What a step does follows the documentation:
 *
 * - failedTasks resets. Deployment.failedTasks: "The number of consecutively failed tasks in the
 *   deployment. [...] Once a service deployment has one or more successfully running tasks, the
 *   failed task count resets to zero and stops being evaluated." (ECS API Reference, Deployment)
 * - ECS duplicates a deployment (RolloutStep.duplicate): a new deployment id of the same task
 *   definition replaces ours. Deployment.status: "PRIMARY - The most recent deployment of a
 *   service." (ECS API Reference, Deployment). Stopped tasks keep "the deployment ID of the
 *   service that starts it" in startedBy (ECS API Reference, Task).
 * - Early success (rolling): "After this percentage of tasks is healthy and the bake time
 *   elapses, Amazon ECS completes the deployment. Amazon ECS continues to scale the target
 *   service revision to 100 percent in the background." (DeploymentEarlySuccessCriteria)
 * - The circuit breaker and ECS's own rollbacks: ecs/rollouts/rollbacks.ts; the configurable
 *   breaker's count and threshold: ecs/rollouts/breaker.ts. Blue/green, linear and canary
 *   deployments: ecs/rollouts/strategies.ts.
 */

/** What a step's effects are told of: the service, its PRIMARY deployment and its record. */
interface Moment {
  readonly state: EcsState
  readonly service: ServiceRecord
  readonly primary: DeploymentRecord
  readonly sd: ServiceDeploymentRecord | undefined
  readonly now: number
  /** A line of the service's events, newest first. */
  readonly event: (message: string) => void
}

/** One poll: the PRIMARY deployment's rollout moves one step on. */
export function advance(state: EcsState, service: ServiceRecord): void {
  const primary = service.deployments.find(d => d.status === 'PRIMARY')
  if (primary === undefined || primary.rolloutState !== 'IN_PROGRESS') return
  const sd = primary.serviceDeployment
  const now = Date.now()
  if (sd !== undefined && sd.status === 'PENDING') {
    sd.status = 'IN_PROGRESS'
    sd.startedAt = now
    sd.updatedAt = now
  }
  if (state.strategies.advance(service, primary)) return
  const step = primary.script[primary.step]
  if (step === undefined) return
  if (step.notBeforeMs !== undefined && now - primary.createdAt < step.notBeforeMs) return
  primary.step++
  primary.updatedAt = now
  const event = (message: string) =>
    service.events.unshift({
      id: hex(16),
      createdAt: Date.now(),
      message: `(service ${service.name}) ${message}`
    })
  play({ state, service, primary, sd, now, event }, step)
}

/** What one step of the script does, in order. */
function play(moment: Moment, step: RolloutStep): void {
  const { state, service, primary, sd, now, event } = moment
  countTasks(moment, step)
  for (const spec of step.failTasks ?? []) {
    const taskId = recordStoppedTask(state, service, primary, spec)
    if (primary.failuresCounted) primary.failedTasks++
    if (spec.healthStatus === 'UNHEALTHY') event(`(task ${taskId}) failed container health checks.`)
  }
  const seen = { ran: (step.running ?? 0) > 0, failed: step.failTasks?.length ?? 0 }
  const tripped = countBreakerFailures(service, primary, seen) && step.circuitBreaker === undefined
  for (const message of step.events ?? []) event(message)
  if (step.earlySuccess && sd !== undefined) {
    Object.assign(sd, { status: 'SUCCESSFUL', finishedAt: now, updatedAt: now })
  }
  if (step.complete) complete(moment)
  if (step.circuitBreaker !== undefined) tripCircuitBreaker(service, primary, step, sd, now, event)
  if (tripped && primary.rolloutState === 'IN_PROGRESS') {
    const reason = `${primary.breakerFailures ?? 0} tasks failed to start`
    tripCircuitBreaker(service, primary, { circuitBreaker: reason }, sd, now, event)
  }
  if (step.duplicate) duplicate(moment, step.duplicate === 'own-record')
  if (step.supersede) {
    const mine = lookupTaskDefinition(state, primary.taskDefinition)
    const copy = seedTaskDefinition(state, { ...mine.body })
    const other = startDeployment(service, copy, rollouts.succeeds(service.desiredCount, 3))
    event(`(deployment ${other.id}) started by another UpdateService call.`)
  }
}

/** The step's running and pending counts; the old deployment runs the rest of desiredCount. */
function countTasks({ service, primary }: Moment, step: RolloutStep): void {
  if (step.running !== undefined) {
    primary.runningCount = step.running
    // "Once a service deployment has one or more successfully running tasks, the failed task
    // count resets to zero and stops being evaluated." (Deployment.failedTasks)
    if (step.running > 0) {
      primary.failedTasks = 0
      primary.failuresCounted = false
    }
    const old = service.deployments.find(d => d.status === 'ACTIVE')
    if (old !== undefined) old.runningCount = Math.max(0, service.desiredCount - step.running)
  }
  if (step.pending !== undefined) primary.pendingCount = step.pending
}

/** The deployment completes: all its tasks run, the others are gone, the service is steady. */
function complete({ service, primary, sd, now, event }: Moment): void {
  primary.runningCount = primary.desiredCount
  primary.pendingCount = 0
  primary.rolloutState = 'COMPLETED'
  primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`
  service.deployments = [primary]
  if (primary.rollbackOf !== undefined && sd !== undefined) {
    sd.status = 'ROLLBACK_SUCCESSFUL'
    sd.finishedAt = now
  } else if (sd !== undefined) {
    sd.status = 'SUCCESSFUL'
    sd.finishedAt = now
  }
  if (sd !== undefined) sd.updatedAt = now
  event(`(deployment ${primary.id}) deployment completed.`)
  event('has reached a steady state.')
}

/**
 * ECS starts the same task definition anew under another id and drops ours; the service
 * deployment stays the same (no UpdateService started it), or, as users report it (no AWS page
 * describes the duplication), the twin gets a record of its own and ours reads STOPPED.
 */
function duplicate({ service, primary, event }: Moment, ownRecord: boolean): void {
  const twin = startDeployment(
    service,
    primary.taskDefinition,
    primary.script.slice(primary.step),
    undefined,
    ownRecord ? undefined : primary
  )
  service.deployments = service.deployments.filter(d => d !== primary)
  event(`(deployment ${twin.id}) replaced deployment ${primary.id} of the same task definition.`)
}
