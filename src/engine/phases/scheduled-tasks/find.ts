import type { Target } from '@aws-sdk/client-eventbridge'
import { errorName } from '../../../aws/errors.js'
import type { EventsApi } from '../../../aws/events.js'
import type { Schedule, SchedulerApi } from '../../../aws/scheduler.js'
import type { Log } from '../../../shared/log.js'
import { InputError } from '../../../shared/parse.js'
import type { Context } from '../../deps.js'
import { add, type Phase, type RunRecord } from '../../record.js'
import type { ScheduledTaskName } from '../../settings/scheduled-tasks-inputs.js'
import {
  familyOf,
  isCluster,
  matchingTargets,
  scheduleMatches,
  whatItRuns,
  type Where
} from './match.js'
import {
  describeTask,
  taskDefinitionOf,
  type RuleTask,
  type ScheduledTask,
  type ScheduleTask
} from './scheduled-task.js'

/*
 * Before the first write: the scheduled tasks of the family on the cluster (scheduled-tasks), each
 * read whole. `auto` lists every rule of the default bus and the buses named and every schedule of
 * every group; named ones are read one by one, and one that does not exist, or does not run the
 * family on the cluster, stops the step with nothing written. Read only.
 */

const INPUT = 'scheduled-tasks'

export const findScheduledTasks: Phase = async (r, x) => {
  const setting = x.s.scheduledTasks
  if (setting.mode === 'none') return r
  const where: Where = { cluster: x.s.cluster, family: familyOfRun(r) }
  const tasks = await x.io.log.group(
    `Find the scheduled tasks of ${where.family} on ${where.cluster}`,
    async () => {
      const found =
        setting.mode === 'auto'
          ? await findEvery(x, where, setting.eventBuses)
          : await findNamed(x, where, setting.names)
      sayFound(x.io.log, found, where)
      return found
    }
  )
  const tracked = tasks.map(task => ({
    task,
    from: taskDefinitionOf(task),
    status: 'found' as const
  }))
  return add(r, { scheduled: { ...where, tasks: tracked } })
}

/** The family this run registers (or rolls out): the rendered one, else what the service runs. */
function familyOfRun(r: RunRecord): string {
  const family = familyOf(
    r.prepared?.toRegister?.family ?? r.prepared?.taskDefinitionArn ?? r.targetArn ?? r.current?.arn
  )
  if (family === undefined) throw new Error('The task definition family of this run is not known.')
  return family
}

function sayFound(log: Log, found: readonly ScheduledTask[], w: Where): void {
  if (found.length === 0) {
    log.info(
      `No EventBridge rule target or Scheduler schedule runs ${w.family} on ${w.cluster}: nothing to move.`
    )
    return
  }
  for (const task of found) log.info(`${describeTask(task)} runs ${taskDefinitionOf(task)}.`)
  log.info(`${found.length} scheduled task(s) move to the new revision once it is seen to succeed.`)
}

// ----- auto -----

async function findEvery(x: Context, w: Where, buses: readonly string[]): Promise<ScheduledTask[]> {
  const found: ScheduledTask[] = []
  for (const bus of buses) found.push(...(await rulesOnBus(x, w, bus)))
  found.push(...(await everySchedule(x.io.scheduler, w)))
  return found
}

async function rulesOnBus(x: Context, w: Where, bus: string): Promise<RuleTask[]> {
  const { events, log } = x.io
  const rules = await events.listRules(bus).catch((error: unknown) => {
    throw notFound(error, `auto@${bus}: event bus ${bus} does not exist`) ?? error
  })
  const found: RuleTask[] = []
  for (const rule of rules) {
    const name = rule.Name ?? ''
    const targets = matchingTargets(await events.listTargetsByRule(name, bus), w)
    if (targets.length > 0 && rule.ManagedBy !== undefined) {
      log.warning(
        `Rule ${name} on ${bus} runs ${w.family}, but ${rule.ManagedBy} manages it and EventBridge refuses PutTargets on a managed rule: it is left as it is.`,
        'Scheduled task left as it is'
      )
      continue
    }
    found.push(...targets.map(target => ruleTask(name, bus, target)))
  }
  return found
}

/** ListSchedules names each target's Arn only: GetSchedule reads those on the cluster whole. */
async function everySchedule(scheduler: SchedulerApi, w: Where): Promise<ScheduleTask[]> {
  const onCluster = (await scheduler.listSchedules()).filter(s =>
    isCluster(s.Target?.Arn, w.cluster)
  )
  const found: ScheduleTask[] = []
  for (const summary of onCluster) {
    const group = summary.GroupName ?? 'default'
    const schedule = await scheduler.getSchedule(summary.Name ?? '', group)
    if (scheduleMatches(schedule, w)) found.push(scheduleTask(summary.Name ?? '', group, schedule))
  }
  return found
}

// ----- named -----

async function findNamed(
  x: Context,
  w: Where,
  names: readonly ScheduledTaskName[]
): Promise<ScheduledTask[]> {
  const found: ScheduledTask[] = []
  for (const n of names) {
    if (n.kind === 'rule') found.push(...(await namedRule(x.io.events, w, n.name, n.eventBus)))
    else found.push(await namedSchedule(x.io.scheduler, w, n.name, n.group))
  }
  return found
}

async function namedRule(
  events: EventsApi,
  w: Where,
  name: string,
  bus: string
): Promise<RuleTask[]> {
  const line = `rule:${name}@${bus}`
  const rule = await events.describeRule(name, bus).catch((error: unknown) => {
    throw notFound(error, `${line} does not exist`) ?? error
  })
  const targets = await events.listTargetsByRule(name, bus)
  const matching = matchingTargets(targets, w)
  if (matching.length === 0)
    throw notThisFamily(
      line,
      w,
      targets.map(t => whatItRuns(t.Arn, t.EcsParameters?.TaskDefinitionArn))
    )
  if (rule.ManagedBy !== undefined) {
    throw new InputError(
      INPUT,
      `${line} is managed by ${rule.ManagedBy}; EventBridge refuses PutTargets on a managed rule ("You cannot modify these managed rules by using [...] PutTargets"). Nothing was registered or changed.`
    )
  }
  return matching.map(target => ruleTask(name, bus, target))
}

async function namedSchedule(
  scheduler: SchedulerApi,
  w: Where,
  name: string,
  group: string
): Promise<ScheduleTask> {
  const line = `schedule:${name}@${group}`
  const schedule = await scheduler.getSchedule(name, group).catch((error: unknown) => {
    throw notFound(error, `${line} does not exist`) ?? error
  })
  if (!scheduleMatches(schedule, w)) {
    const t = schedule.Target
    throw notThisFamily(line, w, [whatItRuns(t?.Arn, t?.EcsParameters?.TaskDefinitionArn)])
  }
  return scheduleTask(name, group, schedule)
}

// ----- helpers -----

const ruleTask = (rule: string, eventBus: string, target: Target): RuleTask => ({
  kind: 'rule',
  rule,
  eventBus,
  target
})

const scheduleTask = (name: string, group: string, schedule: Schedule): ScheduleTask => ({
  kind: 'schedule',
  name,
  group,
  schedule
})

/** AWS's ResourceNotFoundException as an input error; undefined for any other error. */
function notFound(error: unknown, what: string): InputError | undefined {
  if (errorName(error) !== 'ResourceNotFoundException') return undefined
  const said = error instanceof Error ? ` (AWS: ${error.message})` : ''
  return new InputError(INPUT, `${what}${said}. Nothing was registered or changed.`)
}

function notThisFamily(line: string, w: Where, runs: readonly string[]): InputError {
  return new InputError(
    INPUT,
    `${line} runs no ECS task of family ${w.family} on cluster ${w.cluster}; it runs ${runs.join(', ') || 'nothing'}. Nothing was registered or changed.`
  )
}
