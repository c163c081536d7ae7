import type { RunTaskCommandInput, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import { byDeadline, isDeadlineReached } from '../../../aws/call-deadline.js'
import type { EcsApi } from '../../../aws/ecs/ecs.js'
import type { LogsApi } from '../../../aws/logs.js'
import { describeError, isRetryableAwsError } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import { commandForLog } from '../../../shared/redact.js'
import { LogFollower } from './log-follow.js'
import { codeBlock, logLocation } from '../explain/log-tail.js'
import { describeRunTask } from './request.js'
import { LAST_POLL_MS } from '../watch/loop.js'
import type { PostState } from '../../post-state.js'

/*
 * Runs the new revision once (a migration) before the service is touched, streams what it
 * prints, and says how it ended. Only exit code 0 lets the rollout go on.
 */

export interface OneOffTaskDeps {
  readonly ecs: EcsApi
  readonly logs: LogsApi
  readonly log: Log
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  /** Where the post step learns of the running task (post-state.ts), to stop it on a cancel. */
  readonly post: Pick<PostState, 'oneOffTaskRunning' | 'oneOffTaskEnded'>
}

export interface OneOffTaskRun {
  readonly request: RunTaskCommandInput
  /** The revision run: where its container logs. */
  readonly taskDefinition: Pick<TaskDefinition, 'containerDefinitions'>
  readonly region: string
  /** Epoch ms by which the task must have stopped. */
  readonly deadline: number
  readonly intervalMs: number
  /** How many of the last log lines the result keeps. */
  readonly logLines: number
}

export type OneOffTaskStatus = 'succeeded' | 'failed' | 'failed-to-start' | 'timed-out'

export interface OneOffTaskResult {
  readonly taskArn: string | undefined
  readonly status: OneOffTaskStatus
  readonly container: string
  readonly command: readonly string[]
  readonly exitCode: number | undefined
  readonly stoppedReason: string | undefined
  readonly stopCode: string | undefined
  /** The last lines the container printed, oldest first. */
  readonly lines: readonly string[]
  /** Why the lines could not be read (a missing permission), if so. */
  readonly logsUnreadable: string | undefined
  /** One sentence: how the task ended. */
  readonly reason: string
}

export async function runOneOffTask(
  d: OneOffTaskDeps,
  run: OneOffTaskRun
): Promise<OneOffTaskResult> {
  const override = run.request.overrides?.containerOverrides?.[0]
  const base = { container: override?.name ?? '', command: override?.command ?? [] }
  d.log.info(
    `Running ${shortName(run.request.taskDefinition)} once: ${describeRunTask(run.request)}.`
  )
  const { task, failures } = await d.ecs.runTask(run.request)
  if (task?.taskArn === undefined) {
    const why = failures.map(f => [f.reason, f.detail].filter(Boolean).join(': ')).join('; ')
    return finish(d.log, {
      ...base,
      taskArn: undefined,
      status: 'failed-to-start',
      exitCode: undefined,
      stoppedReason: why || 'RunTask placed no task',
      stopCode: undefined,
      lines: [],
      logsUnreadable: undefined
    })
  }
  const cluster = run.request.cluster ?? 'default'
  d.post.oneOffTaskRunning(cluster, task.taskArn)
  d.log.info(`Started task ${task.taskArn}.`)
  const follower = followLogs(d, run, base.container, task.taskArn)
  const stopped = await waitUntilStopped(d, run, cluster, task.taskArn, follower)
  d.post.oneOffTaskEnded()
  const exitCode = stopped?.containers?.find(c => c.name === base.container)?.exitCode
  return finish(d.log, {
    ...base,
    taskArn: task.taskArn,
    status: statusOf(stopped, exitCode),
    exitCode,
    stoppedReason: stopped?.stoppedReason,
    stopCode: stopped?.stopCode,
    lines: follower?.lines ?? [],
    logsUnreadable: follower?.unreadable
  })
}

/** The task's log, streamed as it comes, where its container logs to awslogs with a prefix. */
function followLogs(
  d: OneOffTaskDeps,
  run: OneOffTaskRun,
  container: string,
  taskArn: string
): LogFollower | undefined {
  const taskId = taskArn.slice(taskArn.lastIndexOf('/') + 1)
  const definition = run.taskDefinition.containerDefinitions?.find(c => c.name === container)
  const at = definition ? logLocation(definition, taskId, run.region) : undefined
  if (at === undefined) {
    d.log.info(
      `Container ${container} does not log to awslogs with a stream prefix in ${run.region}: its output cannot be shown here.`
    )
    return undefined
  }
  return new LogFollower(
    d.logs,
    at,
    run.logLines,
    line => d.log.info(line),
    message => d.log.warning(message, 'Missing permission')
  )
}

/** The task once STOPPED; undefined when the deadline came first (the task is then stopped). */
async function waitUntilStopped(
  d: OneOffTaskDeps,
  run: OneOffTaskRun,
  cluster: string,
  taskArn: string,
  follower: LogFollower | undefined
): Promise<Task | undefined> {
  for (;;) {
    let seen: Task | undefined
    try {
      // A look that has not answered by the deadline is abandoned: the task is then stopped.
      seen = await byDeadline(Math.max(run.deadline - d.now(), LAST_POLL_MS), async () => {
        const task = await describe(d.ecs, cluster, taskArn, d.log)
        await follower?.pull()
        return task
      })
    } catch (error) {
      if (!isDeadlineReached(error)) throw error
      break
    }
    if (seen?.lastStatus === 'STOPPED') {
      await follower?.pull()
      return seen
    }
    const left = run.deadline - d.now()
    if (left <= 0) break
    await d.sleep(Math.min(run.intervalMs, left))
  }
  await stopLateTask(d, cluster, taskArn)
  return undefined
}

async function stopLateTask(d: OneOffTaskDeps, cluster: string, taskArn: string): Promise<void> {
  try {
    await d.ecs.stopTask(
      cluster,
      taskArn,
      'ecs-deploy: wait-for-minutes ran out before the one-off task stopped'
    )
    d.log.info(
      `Stopped task ${taskArn.slice(taskArn.lastIndexOf('/') + 1)} (StopTask): it did not stop in time.`
    )
  } catch (error) {
    d.log.warning(`Could not stop task ${taskArn}: ${describeError(error)}. Stop it by hand.`)
  }
}

function statusOf(stopped: Task | undefined, exitCode: number | undefined): OneOffTaskStatus {
  if (stopped === undefined) return 'timed-out'
  if (exitCode === 0) return 'succeeded'
  if (stopped.stopCode === 'TaskFailedToStart' && exitCode === undefined) return 'failed-to-start'
  return 'failed'
}

/**
 * DescribeTasks for our task. "The Amazon ECS API follows an eventual consistency model": just
 * after RunTask the task may not be visible yet (a MISSING failure), which is no answer yet.
 */
async function describe(
  ecs: EcsApi,
  cluster: string,
  taskArn: string,
  log: Log
): Promise<Task | undefined> {
  try {
    return (await ecs.describeTasks(cluster, [taskArn]))[0]
  } catch (error) {
    if (!isRetryableAwsError(error)) throw error
    log.info(`DescribeTasks failed (${describeError(error)}); trying again.`)
    return undefined
  }
}

function finish(log: Log, r: Omit<OneOffTaskResult, 'reason'>): OneOffTaskResult {
  const reason = explain(r)
  if (r.status === 'succeeded') log.info(reason)
  else log.error(reason, 'One-off task failed')
  return { ...r, reason }
}

function explain(r: Omit<OneOffTaskResult, 'reason'>): string {
  const task = r.taskArn
    ? `The one-off task ${r.taskArn.slice(r.taskArn.lastIndexOf('/') + 1)}`
    : 'The one-off task'
  const command = commandForLog(r.command)
  const last = r.lines.at(-1)
  const tail = last !== undefined ? ` Last log line: ${last}` : ''
  switch (r.status) {
    case 'succeeded':
      return `${task} (${r.container}: ${command}) exited 0; the rollout goes on.`
    case 'failed-to-start':
      return `${task} (${r.container}: ${command}) failed to start: ${r.stoppedReason ?? 'no reason given'}. The service was not updated.${tail}`
    case 'timed-out':
      return `${task} (${r.container}: ${command}) did not stop within wait-for-minutes and was stopped. The service was not updated.${tail}`
    case 'failed':
      return `${task} (${r.container}: ${command}) exited with code ${r.exitCode ?? 'unknown'}: ${r.stoppedReason ?? 'no reason given'}. The service was not updated.${tail}`
  }
}

/** The summary's section on the one-off task. */
export function renderOneOffTask(r: OneOffTaskResult | undefined): string[] {
  if (r === undefined) return []
  const icon = r.status === 'succeeded' ? '✅' : '❌'
  const out = ['### One-off task', '', `${icon} ${r.reason}`, '']
  if (r.taskArn) out.push(`- Task: \`${r.taskArn}\``)
  out.push(`- Exit code: ${r.exitCode ?? '—'}`)
  if (r.stoppedReason) out.push(`- Stopped reason: ${r.stoppedReason}`)
  if (r.lines.length > 0)
    out.push('', `Its last ${plural(r.lines.length, 'log line')}:`, '', ...codeBlock(r.lines))
  if (r.logsUnreadable)
    out.push('', `⚠️ The task's log lines cannot be shown: ${r.logsUnreadable}.`)
  out.push('')
  return out
}

function plural(n: number, what: string): string {
  return n === 1 ? `${what}` : `${n} ${what}s`
}

function shortName(arn: string | undefined): string {
  return arn === undefined ? '?' : arn.slice(arn.lastIndexOf('/') + 1)
}
