import { InputError, parseLines } from '../../shared/parse.js'
import type { Mode } from './mode.js'

/*
 * `scheduled-tasks`: the EventBridge rule targets and EventBridge Scheduler schedules that run the
 * family, moved to the new revision once the deploy succeeds. `none` (the default), `auto`, or
 * lines of `rule:NAME[@EVENT_BUS]` and `schedule:NAME[@GROUP]`. It also decides whether `service`
 * may be empty: a family without a service is registered, then its scheduled tasks are moved.
 * Each value is checked here, before anything is written to AWS. Pure: reads through `get`.
 */

export const SCHEDULED_TASKS_INPUTS = { scheduledTasks: 'scheduled-tasks' } as const
const INPUT = SCHEDULED_TASKS_INPUTS.scheduledTasks

/** A rule (on its event bus) or a schedule (in its group), as a line of the input names it. */
export type ScheduledTaskName =
  | { readonly kind: 'rule'; readonly name: string; readonly eventBus: string }
  | { readonly kind: 'schedule'; readonly name: string; readonly group: string }

export type ScheduledTasksSetting =
  | { readonly mode: 'none' }
  /** Every rule target on these buses (the default one first), every schedule of every group. */
  | { readonly mode: 'auto'; readonly eventBuses: readonly string[] }
  | { readonly mode: 'named'; readonly names: readonly ScheduledTaskName[] }

export interface ScheduledTaskSettings {
  readonly scheduledTasks: ScheduledTasksSetting
}

/**
 * The names AWS's models allow (events.json, scheduler.json): RuleName `[\.\-_A-Za-z0-9]+` (1 to
 * 64), EventBusNameOrArn `(arn:aws[\w-]*:events:...:event-bus\/)?[/\.\-_A-Za-z0-9]+`, Scheduler's
 * Name and ScheduleGroupName `^[0-9a-zA-Z-_.]+$` (1 to 64).
 */
const RULE = /^[.\-_A-Za-z0-9]{1,64}$/
const EVENT_BUS =
  /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/
const SCHEDULE = /^[0-9a-zA-Z\-_.]{1,64}$/

/** Reads `scheduled-tasks`; throws an InputError naming the line that is not understood. */
export function parseScheduledTasks(text: string): ScheduledTasksSetting {
  const lines = parseLines(text)
  if (lines.length === 0 || (lines.length === 1 && lines[0] === 'none')) return { mode: 'none' }
  if (lines.includes('none')) {
    throw new InputError(
      INPUT,
      'gives none together with other lines. Give none alone, or no none.'
    )
  }
  const autos = lines.filter(l => l === 'auto' || l.startsWith('auto@'))
  if (autos.length > 0) {
    if (autos.length !== lines.length) {
      throw new InputError(
        INPUT,
        'gives auto together with other lines. Give auto (with auto@EVENT_BUS lines for buses beyond the default one), or the list of rule: and schedule: lines.'
      )
    }
    const named = autos.filter(l => l !== 'auto').map(l => checkBus(l.slice('auto@'.length), l))
    return { mode: 'auto', eventBuses: unique(['default', ...named]) }
  }
  const names = lines.map((line, i) => nameOf(line, i + 1))
  // A line given twice names one scheduled task: it is moved once.
  const byKey = new Map(names.map(n => [`${n.kind}:${n.name}@${placeOf(n)}`, n]))
  return { mode: 'named', names: [...byKey.values()] }
}

/** The event bus of a rule, the group of a schedule. */
export const placeOf = (n: ScheduledTaskName): string => (n.kind === 'rule' ? n.eventBus : n.group)

function nameOf(line: string, at: number): ScheduledTaskName {
  const [kind, rest = ''] = splitOnce(line, ':')
  const [name, where] = splitOnce(rest, '@')
  if (kind === 'rule' && RULE.test(name)) {
    return { kind, name, eventBus: where === undefined ? 'default' : checkBus(where, line) }
  }
  if (kind === 'schedule' && SCHEDULE.test(name)) {
    if (where !== undefined && !SCHEDULE.test(where)) {
      throw new InputError(INPUT, `"${line}": "${where}" is not a schedule group name.`)
    }
    return { kind, name, group: where ?? 'default' }
  }
  throw new InputError(
    INPUT,
    `line ${at} ("${line}") is not none, auto, rule:NAME[@EVENT_BUS] or schedule:NAME[@GROUP] (rule names: up to 64 letters, digits, . - _; schedule and group names likewise).`
  )
}

function checkBus(bus: string, line: string): string {
  if (!EVENT_BUS.test(bus) || bus.length > 1600) {
    throw new InputError(INPUT, `"${line}": "${bus}" is not an event bus name or ARN.`)
  }
  return bus
}

/** `[before, after]` at the first `separator`; `after` is undefined when there is none. */
function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator)
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)]
}

const unique = (items: string[]): string[] => [...new Set(items)]

/** What the other inputs say that `scheduled-tasks` and an empty `service` depend on. */
export interface ServiceContext {
  readonly mode: Mode
  readonly service: string
  /** Path of a release file: its entries name the services, so `service` is empty. */
  readonly release: string
  readonly taskDefinitionFile: string
  readonly taskDefinitionArn: string
  readonly runTask: unknown
  readonly waitForServiceStability: boolean
}

/**
 * `scheduled-tasks`, and `service` checked with it: required, unless scheduled tasks are named
 * (then a deploy with no service registers the family and moves them).
 */
export function readScheduledTaskSettings(
  get: (name: string) => string,
  o: ServiceContext
): ScheduledTaskSettings {
  const scheduledTasks = parseScheduledTasks(get(INPUT))
  if (o.release !== '') {
    if (scheduledTasks.mode !== 'none') {
      throw new InputError(
        INPUT,
        'moves the scheduled tasks of one family; a release deploys several. Leave it empty with release.'
      )
    }
    return { scheduledTasks }
  }
  if (o.service !== '') {
    if (scheduledTasks.mode !== 'none' && !o.waitForServiceStability) {
      throw new InputError(
        INPUT,
        'moves the scheduled tasks once the deploy is seen to succeed; with wait-for-service-stability false it is never seen. Leave one of them.'
      )
    }
    return { scheduledTasks }
  }
  checkNoService(scheduledTasks, o)
  return { scheduledTasks }
}

/** A run with no service: only a deploy that registers a family and moves its scheduled tasks. */
function checkNoService(scheduledTasks: ScheduledTasksSetting, o: ServiceContext): void {
  if (scheduledTasks.mode === 'none') {
    throw new InputError(
      'service',
      `is required. Give the ECS service name. (It may be empty only when ${INPUT} names scheduled tasks: a family without a service is registered, then its scheduled tasks are moved.)`
    )
  }
  if (o.mode !== 'deploy') {
    throw new InputError(
      'service',
      `is required in ${o.mode} mode. Only a deploy may leave it empty (with ${INPUT}), to register a family without a service.`
    )
  }
  if (o.taskDefinitionFile === '' && o.taskDefinitionArn === '') {
    throw new InputError(
      'task-definition',
      'with no service, there is no running task definition to start from. Give the family to register: a file (task-definition) or a registered revision (task-definition-arn).'
    )
  }
  if (o.runTask !== undefined) {
    throw new InputError(
      'run-task-command',
      "runs the one-off task on the service's network; with no service there is none. Leave it empty."
    )
  }
}
