import { writeTaskLogs } from '../awslogs-driver.js'
import type { LogsModel } from '../logs.js'
import { asRecords, epoch } from '../wire.js'

/*
 * A standalone task's life, one look at a time: PROVISIONING, RUNNING while it prints the first
 * half of its lines, then STOPPED with its script's exit code (or never, or at once when its log
 * group is missing). RunTask, StopTask and DescribeTasks are in tasks.ts.
 */

/** What the next task RunTask starts does. */
export interface TaskScript {
  /** The exit code of the container whose command was overridden (default 0). */
  readonly exitCode?: number
  /** What that container prints: half while it runs, the rest before it stops. */
  readonly lines?: readonly string[]
  /** DescribeTasks answers that see it RUNNING before it stops (default 1). */
  readonly runningPolls?: number
  /** It runs until StopTask stops it. */
  readonly neverStops?: boolean
  /** RunTask places no task and answers this failure reason instead (e.g. RESOURCE:MEMORY). */
  readonly placementFailure?: string
}

/** A task RunTask started: its body as DescribeTasks shows it, its script, and how far it is. */
export interface TaskRecord {
  readonly body: Record<string, unknown>
  readonly script: TaskScript
  readonly container: string
  readonly taskDefinition: Record<string, unknown>
  readonly cluster: string
  readonly clientToken: string
  /** The request's parameters but its clientToken, to tell a retry from another request. */
  readonly request: string
  polls: number
  written: number
}

/** One look moves the task on: it starts, prints, and stops as its script says. */
export function advanceTask(logs: LogsModel, task: TaskRecord): void {
  const b = task.body
  if (b.lastStatus === 'STOPPED') return
  const now = Date.now()
  if (b.desiredStatus === 'STOPPED') {
    stop(task, 143)
    return
  }
  task.polls++
  const lines = task.script.lines ?? []
  if (b.lastStatus === 'PROVISIONING') {
    // "ResourceInitializationError: This error occurs when the Fargate agent fails to create or
    // bootstrap the resources required to start the container" (stopped task error codes) —
    // an awslogs group that does not exist is one.
    if (!writeTaskLogs(logs, b, task.taskDefinition, [], task.container)) {
      b.stopCode = 'TaskFailedToStart'
      b.stoppedReason =
        'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1'
      stop(task, undefined)
      return
    }
    b.lastStatus = 'RUNNING'
    b.startedAt = epoch(now)
    for (const c of asRecords(b.containers)) c.lastStatus = 'RUNNING'
    const half = task.script.neverStops ? lines.length : Math.ceil(lines.length / 2)
    print(logs, task, lines.slice(0, half))
    return
  }
  if (task.script.neverStops || task.polls <= (task.script.runningPolls ?? 1)) return
  print(logs, task, lines.slice(task.written))
  b.stopCode = 'EssentialContainerExited'
  b.stoppedReason = 'Essential container in task exited'
  stop(task, task.script.exitCode ?? 0)
}

/** The task's container prints these lines, to its awslogs stream. */
function print(logs: LogsModel, task: TaskRecord, lines: readonly string[]): void {
  if (lines.length === 0) return
  writeTaskLogs(logs, task.body, task.taskDefinition, lines, task.container)
  task.written += lines.length
}

/** The task stops now; its containers exit with exitCode, when it has one. */
function stop(task: TaskRecord, exitCode: number | undefined): void {
  const b = task.body
  const now = Date.now()
  b.lastStatus = 'STOPPED'
  b.desiredStatus = 'STOPPED'
  b.stoppingAt ??= epoch(now)
  b.stoppedAt = epoch(now)
  b.executionStoppedAt = epoch(now)
  for (const c of asRecords(b.containers)) {
    c.lastStatus = 'STOPPED'
    if (exitCode !== undefined) c.exitCode = exitCode
  }
}
