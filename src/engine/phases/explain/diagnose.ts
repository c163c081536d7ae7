import type { Service, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../../../aws/ecs/ecs.js'
import type { LogsApi } from '../../../aws/logs.js'
import { describeError } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import { lastLineNote, reportLogTails, tailStoppedTasks, type LogTail } from './log-tail.js'
import { warnIfDenied } from '../../common/permissions.js'

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
 * id; a task set's tasks carry the task set's) and the service events since the deploy began.
 */
export async function diagnose(
  ecs: EcsApi,
  cluster: string,
  startedBy: readonly string[],
  service: Service,
  since: Date
): Promise<Diagnosis> {
  const arns: string[] = []
  for (const by of new Set(startedBy)) arns.push(...(await ecs.listStoppedTasks(cluster, by)))
  const tasks = await ecs.describeTasks(cluster, arns.slice(0, 10))
  return { tasks: reportTasks(tasks), events: eventsSince(service, since) }
}

/**
 * Reads and tells why a deployment failed (stopped tasks as error annotations with their
 * containers' last log line, the log lines, the service's events); best effort: a failing read
 * is a warning, never the step's end.
 */
export async function explainFailure(
  ecs: EcsApi,
  log: Log,
  o: {
    readonly cluster: string
    readonly service: string
    /** The startedBy of the deployment's tasks: its id, or its task sets'. */
    readonly startedBy: readonly string[]
    /** The service as the watch last saw it, if it did. */
    readonly seen: Service | undefined
    readonly since: Date
    /** Where the deployed revision's containers log, and how many of their last lines to show. */
    readonly logTails: {
      readonly logs: LogsApi
      readonly definition: Pick<TaskDefinition, 'containerDefinitions'>
      readonly count: number
      readonly region: string
    }
  }
): Promise<(Diagnosis & { readonly logTails: readonly LogTail[] }) | undefined> {
  try {
    const service = o.seen ?? (await ecs.describeService(o.cluster, o.service))
    const found = await diagnose(ecs, o.cluster, o.startedBy, service, o.since)
    const t = o.logTails
    const tails = await tailStoppedTasks(t.logs, t.definition, found.tasks, t.count, t.region)
    if (found.tasks.length === 0) log.info('No stopped tasks of this deployment were found.')
    for (const task of found.tasks)
      log.error(`${formatTask(task)}${lastLineNote(tails, task.taskId)}`, 'Stopped task')
    reportLogTails(tails, log)
    if (found.events.length > 0) {
      log.info('Service events since the deploy began:')
      for (const event of found.events) log.info(`  ${event}`)
    }
    return { ...found, logTails: tails }
  } catch (error) {
    const without = 'The stopped tasks are not shown.'
    if (!warnIfDenied(log, error, 'ecs:ListTasks / ecs:DescribeTasks', o.cluster, without))
      log.warning(`Could not read why the deployment failed: ${describeError(error)}`)
    return undefined
  }
}

function shortId(arn: string | undefined): string {
  if (arn === undefined) return 'unknown'
  return arn.slice(arn.lastIndexOf('/') + 1)
}
