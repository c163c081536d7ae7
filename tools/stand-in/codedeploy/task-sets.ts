import { createHash } from 'node:crypto'
import type { ServiceRecord, TaskSetRecord } from '../ecs/records.js'
import type { StoppedTaskSpec } from '../ecs/rollouts/rollout-scripts.js'
import { type EcsState, clusterName, lookupService } from '../ecs/state.js'
import { stoppedTask } from '../ecs/stopped-tasks.js'
import { lookupTaskDefinition } from '../ecs/task-definitions.js'
import { ACCOUNT, REGION, asString, asStrings, digits, epoch, hex } from '../wire.js'

/*
 * The ECS side of CodeDeploy deployments: the task sets of a service on the CODE_DEPLOY
 * deployment controller, as DescribeServices (taskSets) and DescribeTaskSets show them, in the
 * ECS API Reference's words (TaskSet):
 * - id and taskSetArn as the ECS examples show them ("id": "ecs-svc/1234567890123456789",
 *   "taskSetArn": "arn:aws:ecs:us-west-2:123456789012:task-set/MyCluster/MyService/ecs-svc/...",
 *   AWS CLI examples, update-service-primary-task-set).
 * - startedBy: "If an CodeDeploy deployment created the task set, the startedBy parameter is
 *   CODE_DEPLOY." externalId: "If an CodeDeploy deployment created a task set, the externalId
 *   parameter contains the CodeDeploy deployment ID."
 * - status: "PRIMARY The task set is serving production traffic. ACTIVE The task set isn't serving
 *   production traffic. DRAINING The tasks in the task set are being stopped, and their
 *   corresponding targets are being deregistered from their target group."
 * - computedDesiredCount: "calculated by multiplying the service's desiredCount by the task set's
 *   scale percentage. The result is always rounded up."
 * - stabilityStatus STEADY_STATE when "The task runningCount is equal to the
 *   computedDesiredCount. The pendingCount is 0." (else STABILIZING).
 * - A service whose tasks run in task sets lists no deployments ("deployments": [] beside
 *   "taskSets", AWS CLI example describe-services for a service on an external deployer).
 * - The tasks of a task set carry the task set's id in startedBy. The API reference says only
 *   "If an Amazon ECS service started the task, the startedBy parameter contains the deployment ID
 *   of that service." (Task.startedBy); the task set id (ecs-svc/...) stands in a task-set
 *   service where a deployment id stands in a rolling one: the stand-in's choice.
 * Running tasks are counts, as in ecs/rollouts/rollout.ts; the tasks that stop are kept for ListTasks and
 * DescribeTasks (ecs/stopped-tasks.ts), and their lines go to CloudWatch Logs (awslogs-driver.ts).
 */

export interface TaskSetSpec {
  readonly taskDefinition: string
  readonly externalId?: string
  readonly loadBalancers: readonly Record<string, unknown>[]
  readonly networkConfiguration?: Record<string, unknown> | undefined
  readonly platformVersion?: string | undefined
  readonly capacityProviderStrategy?: readonly Record<string, unknown>[] | undefined
}

/** An ELB target group's ARN for a name (its id derived from the name, so tests can name it). */
export function targetGroupArn(name: string): string {
  const id = createHash('sha256').update(name).digest('hex').slice(0, 16)
  return `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/${id}`
}

/** The name in a target group ARN (…:targetgroup/NAME/ID). */
export function targetGroupName(arn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? ''
}

export const DEFAULT_NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a1b2c3d4e5f60718'],
    securityGroups: ['sg-0a1b2c3d4e5f60718'],
    assignPublicIp: 'DISABLED'
  }
}

/** The task sets of a service, in the order they were created. */
export function taskSetsOf(state: EcsState, service: ServiceRecord): TaskSetRecord[] {
  return state.taskSets.byService.get(service) ?? []
}

export function primaryTaskSet(state: EcsState, service: ServiceRecord): TaskSetRecord | undefined {
  return taskSetsOf(state, service).find(s => s.status === 'PRIMARY')
}

/** A look at the service: its CodeDeploy deployment, if any, moves on (codedeploy.ts). */
export function lookAtTaskSets(state: EcsState, service: ServiceRecord): void {
  state.taskSets.onLook?.(service)
}

/** A new task set; the first one a service gets is PRIMARY and fully running. */
export function createTaskSet(
  state: EcsState,
  service: ServiceRecord,
  spec: TaskSetSpec
): TaskSetRecord {
  const now = Date.now()
  const id = `ecs-svc/${digits(19)}`
  const first = taskSetsOf(state, service).length === 0
  const set: TaskSetRecord = {
    id,
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-set/${service.cluster}/${service.name}/${id}`,
    externalId: spec.externalId,
    status: first ? 'PRIMARY' : 'ACTIVE',
    taskDefinition: spec.taskDefinition,
    computedDesiredCount: service.desiredCount,
    pendingCount: first ? 0 : service.desiredCount,
    runningCount: first ? service.desiredCount : 0,
    createdAt: now,
    updatedAt: now,
    scale: 100,
    stabilityStatus: first ? 'STEADY_STATE' : 'STABILIZING',
    stabilityStatusAt: now,
    loadBalancers: spec.loadBalancers,
    networkConfiguration: spec.networkConfiguration ?? DEFAULT_NETWORK,
    platformVersion: spec.platformVersion ?? 'LATEST',
    capacityProviderStrategy: spec.capacityProviderStrategy,
    weight: first ? 100 : 0
  }
  state.taskSets.byService.set(service, [...taskSetsOf(state, service), set])
  return set
}

export function removeTaskSet(state: EcsState, service: ServiceRecord, set: TaskSetRecord): void {
  state.taskSets.byService.set(
    service,
    taskSetsOf(state, service).filter(s => s !== set)
  )
}

/** The task set's tasks all run: STEADY_STATE. */
export function steadyTaskSet(service: ServiceRecord, set: TaskSetRecord): void {
  const now = Date.now()
  Object.assign(set, {
    runningCount: set.computedDesiredCount,
    pendingCount: 0,
    stabilityStatus: 'STEADY_STATE',
    stabilityStatusAt: now,
    updatedAt: now
  })
  // "(service MyService, taskSet ecs-svc/9223370479726415095) updated state to STEADY_STATE."
  // (AWS CLI example, describe-services)
  service.events.unshift({
    id: hex(16),
    createdAt: now,
    message: `(service ${service.name}, taskSet ${set.id}) updated state to STEADY_STATE.`
  })
}

/** One task of the task set stops as `spec` says; its lines go to its awslogs streams. */
export function crashTaskSetTask(
  state: EcsState,
  service: ServiceRecord,
  set: TaskSetRecord,
  spec: StoppedTaskSpec
): void {
  const body = stoppedTask(state, service, set, hex(16), spec)
  state.tasks.push({ cluster: service.cluster, startedBy: set.id, body })
  state.options.onTaskStopped?.(body, lookupTaskDefinition(state, set.taskDefinition).body, spec)
  set.updatedAt = Date.now()
}

/** What DescribeServices shows of a service on the CODE_DEPLOY controller. */
export function taskSetView(state: EcsState, service: ServiceRecord): Record<string, unknown> {
  if (service.controller !== 'CODE_DEPLOY') return {}
  const sets = taskSetsOf(state, service)
  const primary = primaryTaskSet(state, service)
  return {
    ...(primary ? { taskDefinition: primary.taskDefinition } : {}),
    runningCount: sets.reduce((n, s) => n + s.runningCount, 0),
    pendingCount: sets.reduce((n, s) => n + s.pendingCount, 0),
    taskSets: sets.map(s => describeTaskSet(service, s)),
    deployments: []
  }
}

/**
 * DescribeTaskSets: "Describes the task sets in the specified cluster and service." taskSets:
 * "The ID or full Amazon Resource Name (ARN) of task sets to describe." An ID or ARN the service
 * does not hold comes back in failures (reason MISSING, as DescribeServices and DescribeTasks
 * answer). A service on the ECS controller has no task sets: the answer is empty.
 */
export function DescribeTaskSets(state: EcsState, input: Record<string, unknown>) {
  const service = lookupService(state, clusterName(state, input.cluster), asString(input.service))
  lookAtTaskSets(state, service)
  const wanted = asStrings(input.taskSets)
  const sets = taskSetsOf(state, service)
  const found = wanted.length
    ? sets.filter(s => wanted.includes(s.id) || wanted.includes(s.arn))
    : sets
  const failures = wanted
    .filter(w => !sets.some(s => s.id === w || s.arn === w))
    .map(arn => ({ arn, reason: 'MISSING' }))
  return { taskSets: found.map(s => describeTaskSet(service, s)), failures }
}

function describeTaskSet(service: ServiceRecord, s: TaskSetRecord): Record<string, unknown> {
  return {
    id: s.id,
    taskSetArn: s.arn,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    startedBy: 'CODE_DEPLOY',
    ...(s.externalId !== undefined ? { externalId: s.externalId } : {}),
    status: s.status,
    taskDefinition: s.taskDefinition,
    computedDesiredCount: s.computedDesiredCount,
    pendingCount: s.pendingCount,
    runningCount: s.runningCount,
    createdAt: epoch(s.createdAt),
    updatedAt: epoch(s.updatedAt),
    ...(s.capacityProviderStrategy
      ? { capacityProviderStrategy: s.capacityProviderStrategy }
      : { launchType: 'FARGATE' }),
    platformVersion: s.platformVersion,
    platformFamily: 'Linux',
    networkConfiguration: s.networkConfiguration,
    loadBalancers: s.loadBalancers,
    serviceRegistries: [],
    scale: { value: s.scale, unit: 'PERCENT' },
    stabilityStatus: s.stabilityStatus,
    stabilityStatusAt: epoch(s.stabilityStatusAt)
  }
}
