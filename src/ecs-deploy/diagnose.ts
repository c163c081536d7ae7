import type { Service, Task } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../aws/ecs.js'

export interface ContainerReport {
  readonly name: string
  readonly exitCode: number | undefined
  readonly reason: string | undefined
  readonly healthStatus: string | undefined
}

export interface StoppedTaskReport {
  readonly taskId: string
  readonly stoppedReason: string
  readonly stopCode: string | undefined
  readonly healthStatus: string | undefined
  readonly containers: readonly ContainerReport[]
}

/** Why a deployment failed, as far as ECS says. */
export interface Diagnosis {
  readonly tasks: readonly StoppedTaskReport[]
  readonly events: readonly string[]
}

export function reportTasks(tasks: readonly Task[]): StoppedTaskReport[] {
  return tasks.map(task => ({
    taskId: shortId(task.taskArn),
    stoppedReason: task.stoppedReason ?? 'no reason given',
    stopCode: task.stopCode,
    healthStatus: task.healthStatus,
    containers: (task.containers ?? []).map(c => ({
      name: c.name ?? '(unnamed)',
      exitCode: c.exitCode,
      reason: c.reason,
      healthStatus: c.healthStatus
    }))
  }))
}

/** The service's events since `since`, oldest first, as "HH:MM:SSZ message". */
export function eventsSince(service: Service, since: Date): string[] {
  // ECS lists events newest first; reversed, a stable sort keeps same-second events in order.
  return [...(service.events ?? [])]
    .reverse()
    .filter(e => e.createdAt !== undefined && e.createdAt.getTime() >= since.getTime())
    .sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime())
    .map(e => `${e.createdAt!.toISOString().slice(11, 19)}Z ${e.message ?? ''}`)
}

/** One line per stopped task, with every container's exit code and reason. */
export function formatTask(task: StoppedTaskReport): string {
  const containers = task.containers
    .map(c => {
      const parts = [c.exitCode !== undefined ? `exit ${c.exitCode}` : 'no exit code']
      if (c.reason) parts.push(c.reason)
      if (c.healthStatus && c.healthStatus !== 'UNKNOWN') parts.push(`health ${c.healthStatus}`)
      return `${c.name}: ${parts.join(', ')}`
    })
    .join('; ')
  const health =
    task.healthStatus && task.healthStatus !== 'UNKNOWN' ? ` [health ${task.healthStatus}]` : ''
  return `Task ${task.taskId} stopped: ${task.stoppedReason}${health}${containers ? ` — ${containers}` : ''}`
}

/**
 * Reads the stopped tasks of a deployment (ECS sets a service task's startedBy to its deployment
 * id) and the service events since the deploy began.
 */
export async function diagnose(
  ecs: EcsApi,
  cluster: string,
  deploymentId: string,
  service: Service,
  since: Date
): Promise<Diagnosis> {
  const arns = await ecs.listStoppedTasks(cluster, deploymentId)
  const tasks = await ecs.describeTasks(cluster, arns.slice(0, 10))
  return { tasks: reportTasks(tasks), events: eventsSince(service, since) }
}

function shortId(arn: string | undefined): string {
  if (arn === undefined) return 'unknown'
  return arn.slice(arn.lastIndexOf('/') + 1)
}
