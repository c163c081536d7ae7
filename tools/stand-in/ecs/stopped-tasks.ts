import type { DeploymentRecord, ServiceRecord } from './records.js'
import type { StoppedTaskSpec } from './rollouts/rollout-scripts.js'
import { type EcsState, clusterName } from './state.js'
import { lookupTaskDefinition } from './task-definitions.js'
import { ACCOUNT, AwsError, REGION, asRecords, asString, asStrings, epoch, hex } from '../wire.js'

/*
 * The stopped tasks of service rollouts in the ECS stand-in: the task a rollout step (or a
 * CodeDeploy replacement task set, codedeploy/task-sets.ts) stops, as DescribeTasks tells it, and ListTasks / DescribeTasks over them (standalone tasks: ecs/tasks.ts).
 */

export function stoppedTask(
  state: EcsState,
  service: ServiceRecord,
  deployment: Pick<DeploymentRecord, 'id' | 'taskDefinition'>,
  taskId: string,
  spec: StoppedTaskSpec
): Record<string, unknown> {
  const taskArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${service.cluster}/${taskId}`
  const td = lookupTaskDefinition(state, deployment.taskDefinition)
  const now = Date.now()
  return {
    taskArn,
    clusterArn: service.clusterArn,
    taskDefinitionArn: td.arn,
    group: `service:${service.name}`,
    startedBy: deployment.id,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    cpu: asString(td.body.cpu),
    memory: asString(td.body.memory),
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    healthStatus: spec.healthStatus ?? 'UNKNOWN',
    stopCode: spec.stopCode ?? 'EssentialContainerExited',
    stoppedReason: spec.stoppedReason,
    createdAt: epoch(now - 20_000),
    startedAt: epoch(now - 15_000),
    stoppingAt: epoch(now - 1000),
    stoppedAt: epoch(now),
    containers: asRecords(td.body.containerDefinitions).map(c => ({
      containerArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:container/${service.cluster}/${taskId}/${hex(16)}`,
      taskArn,
      name: asString(c.name),
      image: asString(c.image),
      lastStatus: 'STOPPED',
      ...(spec.exitCode !== undefined ? { exitCode: spec.exitCode } : {}),
      ...(spec.containerReason ? { reason: spec.containerReason } : {}),
      healthStatus: spec.healthStatus ?? 'UNKNOWN'
    }))
  }
}

/**
 * A task of a deployment stops: DescribeTasks tells it (startedBy: the deployment's id), its
 * containers' lines go where their awslogs driver sends them (EcsOptions.onTaskStopped), and the
 * service's events say ECS started it. Returns the task id.
 */
export function recordStoppedTask(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  spec: StoppedTaskSpec
): string {
  const taskId = hex(16)
  const body = stoppedTask(state, service, deployment, taskId, spec)
  state.tasks.push({ cluster: service.cluster, startedBy: deployment.id, body })
  const td = lookupTaskDefinition(state, deployment.taskDefinition)
  state.options.onTaskStopped?.(body, td.body, spec)
  service.events.unshift({
    id: hex(16),
    createdAt: Date.now(),
    message: `(service ${service.name}) has started 1 tasks: (task ${taskId}).`
  })
  return taskId
}

export function ListTasks(state: EcsState, input: Record<string, unknown>) {
  const cluster = clusterName(state, input.cluster)
  // Only stopped tasks are kept: the running ones of a rollout are counts, not tasks.
  if ((asString(input.desiredStatus) || 'RUNNING') !== 'STOPPED') return { taskArns: [] }
  const startedBy = asString(input.startedBy)
  const arns = state.tasks
    .filter(t => t.cluster === cluster && (startedBy === '' || t.startedBy === startedBy))
    .map(t => asString(t.body.taskArn))
  const max = typeof input.maxResults === 'number' ? input.maxResults : 100
  return { taskArns: arns.slice(0, max) }
}

export function DescribeTasks(state: EcsState, input: Record<string, unknown>) {
  const cluster = clusterName(state, input.cluster)
  const wanted = asStrings(input.tasks)
  if (wanted.length > 100) {
    throw new AwsError('InvalidParameterException', 'Tasks cannot be longer than 100 items.')
  }
  const tasks: Record<string, unknown>[] = []
  const failures: Record<string, unknown>[] = []
  for (const arn of wanted) {
    const task = state.tasks.find(t => t.cluster === cluster && t.body.taskArn === arn)
    if (task) tasks.push(task.body)
    else failures.push({ arn, reason: 'MISSING' })
  }
  return { tasks, failures }
}
