import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs'
import type { LogEvent, LogsApi } from '../../../aws/logs.js'
import { describeError, errorName, isAccessDenied } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import { missingPermission } from '../../common/permissions.js'

/*
 * The last lines a container printed, read from the CloudWatch Logs stream the awslogs driver
 * wrote them to. What a person needs when a task dies ("RuntimeError: DATABASE_URL not set").
 */

/** Where one container of one task logs. */
export interface LogLocation {
  readonly container: string
  readonly taskId: string
  readonly group: string
  readonly stream: string
}

/** The permission GetLogEvents needs; named when the role lacks it. */
export const GET_LOG_EVENTS = 'logs:GetLogEvents'

export type LogTail = LogLocation &
  (
    | { readonly status: 'read'; readonly lines: readonly string[] }
    | { readonly status: 'denied'; readonly permission: string; readonly message: string }
    | { readonly status: 'unavailable'; readonly message: string }
  )

/**
 * The stream of a container of a task, when it logs to awslogs in this region. ECS names it
 * from the prefix: "If you specify a prefix with this option, then the log stream takes the
 * following format: prefix-name/container-name/ecs-task-id" (awslogs-stream-prefix, ECS
 * developer guide). Without a prefix the stream is named after the Docker container id, which
 * ECS does not report, so it cannot be found.
 */
export function logLocation(
  container: Pick<ContainerDefinition, 'name' | 'logConfiguration'>,
  taskId: string,
  region: string
): LogLocation | undefined {
  const config = container.logConfiguration
  if (config?.logDriver !== 'awslogs') return undefined
  const options = config.options ?? {}
  const group = options['awslogs-group']
  const prefix = options['awslogs-stream-prefix']
  const logRegion = options['awslogs-region'] ?? region
  if (!group || !prefix || !container.name || logRegion !== region) return undefined
  return {
    container: container.name,
    taskId,
    group,
    stream: `${prefix}/${container.name}/${taskId}`
  }
}

/** Lines of the events, oldest first; a multi-line message gives several lines. */
export function linesOf(events: readonly LogEvent[]): string[] {
  return [...events]
    .sort((a, b) => a.timestamp - b.timestamp)
    .flatMap(e => e.message.replace(/\r?\n$/, '').split(/\r?\n/))
}

/**
 * The last `count` lines of one stream. GetLogEvents with startFromHead false returns the newest
 * events ("If the value is false, the latest log events are returned first"), up to `limit`.
 */
export async function tailLog(logs: LogsApi, at: LogLocation, count: number): Promise<LogTail> {
  try {
    const page = await logs.getLogEvents({
      group: at.group,
      stream: at.stream,
      startFromHead: false,
      limit: count
    })
    return { ...at, status: 'read', lines: linesOf(page.events).slice(-count) }
  } catch (error) {
    if (isAccessDenied(error)) {
      return { ...at, status: 'denied', permission: GET_LOG_EVENTS, message: describeError(error) }
    }
    const message =
      errorName(error) === 'ResourceNotFoundException'
        ? `no log stream ${at.stream} in ${at.group}`
        : describeError(error)
    return { ...at, status: 'unavailable', message }
  }
}

/**
 * The last lines of every container of the stopped tasks that logs to awslogs. After the first
 * AccessDenied no more calls are made: every other stream would be refused the same way.
 */
export async function tailStoppedTasks(
  logs: LogsApi,
  taskDefinition: Pick<TaskDefinition, 'containerDefinitions'>,
  tasks: readonly { readonly taskId: string }[],
  count: number,
  region: string
): Promise<LogTail[]> {
  const tails: LogTail[] = []
  if (count <= 0) return tails
  for (const task of tasks) {
    for (const container of taskDefinition.containerDefinitions ?? []) {
      const at = logLocation(container, task.taskId, region)
      if (at === undefined) continue
      const tail = await tailLog(logs, at, count)
      tails.push(tail)
      if (tail.status === 'denied') return tails
    }
  }
  return tails
}

/**
 * A line of a container as the log shows it. What the line holds (a "\r", "::save-state …") is
 * made inert where the log leaves the process (shared/inert-text.ts), not here.
 */
export function quoteLine(container: string, line: string): string {
  return `  ${container} | ${line}`
}

/** " — last log line (backend): …" for a stopped task's annotation, or ''. */
export function lastLineNote(tails: readonly LogTail[], taskId: string): string {
  return tails
    .filter(t => t.taskId === taskId && t.status === 'read' && t.lines.length > 0)
    .map(t => ` — last log line (${t.container}): ${t.status === 'read' ? t.lines.at(-1) : ''}`)
    .join('')
}

/** The summary's sentence naming the missing permission, when GetLogEvents was refused. */
export function deniedNote(tails: readonly LogTail[]): string | undefined {
  const denied = tails.find(t => t.status === 'denied')
  if (denied === undefined) return undefined
  return `The containers' log lines cannot be shown: missing permission ${GET_LOG_EVENTS} on log group ${denied.group}.`
}

/** Tails that read the same lines in the same container, the first of each with the rest. */
export interface SameTails {
  readonly tail: LogTail & { readonly status: 'read' }
  /** The tasks whose container printed the very same lines. */
  readonly alsoIn: readonly string[]
}

/** The tails read, identical ones together (several tasks crashing alike print one traceback). */
export function groupTails(tails: readonly LogTail[]): SameTails[] {
  const groups: { tail: LogTail & { status: 'read' }; alsoIn: string[] }[] = []
  for (const tail of tails) {
    if (tail.status !== 'read' || tail.lines.length === 0) continue
    const key = JSON.stringify(tail.lines)
    const same = groups.find(
      g => g.tail.container === tail.container && JSON.stringify(g.tail.lines) === key
    )
    if (same) same.alsoIn.push(tail.taskId)
    else groups.push({ tail, alsoIn: [] })
  }
  return groups
}

/** " and 2 more tasks with the same lines", or ''. */
function alsoNote(alsoIn: readonly string[]): string {
  if (alsoIn.length === 0) return ''
  return ` (and ${alsoIn.length} more ${alsoIn.length === 1 ? 'task' : 'tasks'} with the same lines: ${alsoIn.join(', ')})`
}

/** The lines into the step's log; a warning naming the permission when it is missing. */
export function reportLogTails(tails: readonly LogTail[], log: Log): void {
  for (const tail of tails) {
    if (tail.status === 'read' && tail.lines.length === 0) {
      log.info(`${tail.container} in task ${tail.taskId} wrote nothing to its log stream.`)
    } else if (tail.status === 'unavailable') {
      log.info(`No log lines of ${tail.container} in task ${tail.taskId}: ${tail.message}.`)
    }
  }
  for (const { tail, alsoIn } of groupTails(tails)) {
    const what = tail.lines.length === 1 ? 'log line' : `${tail.lines.length} log lines`
    log.info(`Last ${what} of ${tail.container} in task ${tail.taskId}${alsoNote(alsoIn)}:`)
    for (const line of tail.lines) log.info(quoteLine(tail.container, line))
  }
  const denied = tails.find(t => t.status === 'denied')
  if (denied?.status === 'denied') {
    const without = "The containers' log lines are not shown; the rest of the explanation is."
    const resource = `log group ${denied.group}`
    log.warning(
      missingPermission(denied.permission, resource, denied.message, without),
      'Missing permission'
    )
  }
}

/** The summary's part: the lines read, identical ones once, and a missing permission. */
export function renderLogTails(tails: readonly LogTail[] | undefined): string[] {
  const out: string[] = []
  for (const { tail, alsoIn } of groupTails(tails ?? [])) {
    out.push(
      '',
      `Last log lines of \`${tail.container}\` in task \`${tail.taskId}\`${alsoNote(alsoIn)}:`,
      ''
    )
    out.push(...codeBlock(tail.lines))
  }
  const denied = deniedNote(tails ?? [])
  if (denied !== undefined) out.push('', `⚠️ ${denied}`)
  return out
}

/** A fenced block that no line of the content can close. */
export function codeBlock(lines: readonly string[]): string[] {
  const longest = Math.max(
    2,
    ...lines.map(l => Math.max(0, ...(l.match(/`+/g) ?? []).map(m => m.length)))
  )
  const fence = '`'.repeat(longest + 1)
  return [fence, ...lines, fence]
}
