import { page } from '../paging.js'
import { ACCOUNT, AwsError, REGION, epoch } from '../wire.js'

/*
 * EventBridge Scheduler schedule groups and schedules as the stand-in keeps them, and the
 * operations on them. Quotes are from the EventBridge Scheduler API Reference unless named.
 */

export interface GroupRecord {
  readonly name: string
  readonly arn: string
  /** Epoch ms. */
  readonly createdAt: number
}

export interface ScheduleRecord {
  readonly name: string
  readonly group: string
  readonly arn: string
  readonly createdAt: number
  modifiedAt: number
  /** What the last Create/UpdateSchedule set: its members less Name, GroupName, ClientToken. */
  body: Record<string, unknown>
}

/** An UpdateSchedule a test scripted to fail (SchedulerModel.failUpdateSchedule). */
export interface UpdateFailure {
  readonly group: string
  readonly name: string
  remaining: number
  readonly error: AwsError
}

export interface SchedulerState {
  readonly groups: Map<string, GroupRecord>
  /** By `${group}/${name}`. */
  readonly schedules: Map<string, ScheduleRecord>
  readonly updateFailures: UpdateFailure[]
}

export const groupArn = (name: string) =>
  `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/${name}`
export const scheduleArn = (group: string, name: string) =>
  `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${group}/${name}`

/** GroupName: "If you omit this, EventBridge Scheduler assumes that the schedule is associated with the default group." */
export const groupOf = (value: unknown): string =>
  typeof value === 'string' && value !== '' ? value : 'default'

/** ResourceNotFoundException: "The request references a resource which does not exist." */
export function lookupGroup(state: SchedulerState, name: unknown): GroupRecord {
  const group = state.groups.get(groupOf(name))
  if (group === undefined) {
    throw new AwsError(
      'ResourceNotFoundException',
      `Schedule group ${groupOf(name)} does not exist.`
    )
  }
  return group
}

/** The message real endpoints answer (quoted in aws/aws-sdk-js-v3 issue 5720). */
export function lookupSchedule(
  state: SchedulerState,
  name: unknown,
  group: unknown
): ScheduleRecord {
  const record = state.schedules.get(`${groupOf(group)}/${String(name)}`)
  if (record === undefined) {
    throw new AwsError('ResourceNotFoundException', `Schedule ${String(name)} does not exist.`)
  }
  return record
}

const invalidToken = () => new AwsError('ValidationException', 'The NextToken is invalid.')
const paging = (input: Record<string, unknown>) => ({
  limit: typeof input.MaxResults === 'number' ? input.MaxResults : undefined,
  max: 100,
  token: input.NextToken,
  invalidToken
})
const withToken = (token: string | undefined) => (token !== undefined ? { NextToken: token } : {})

/** "Returns a paginated list of your schedule groups." */
export function ListScheduleGroups(state: SchedulerState, input: Record<string, unknown>) {
  const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : ''
  const groups = [...state.groups.values()]
    .filter(g => g.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name))
  const p = page(groups, paging(input))
  return {
    ScheduleGroups: p.items.map(g => ({
      Arn: g.arn,
      CreationDate: epoch(g.createdAt),
      LastModificationDate: epoch(g.createdAt),
      Name: g.name,
      State: 'ACTIVE'
    })),
    ...withToken(p.nextToken)
  }
}

/**
 * "Returns a paginated list of your EventBridge Scheduler schedules." GroupName: "If specified,
 * only lists the schedules whose associated schedule group matches the given filter." State: "If
 * specified, only lists the schedules whose current state matches the given filter." A summary
 * carries only the target's Arn (TargetSummary): the rest takes GetSchedule.
 */
export function ListSchedules(state: SchedulerState, input: Record<string, unknown>) {
  if (input.GroupName !== undefined) lookupGroup(state, input.GroupName)
  const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : ''
  const schedules = [...state.schedules.values()]
    .filter(s => input.GroupName === undefined || s.group === input.GroupName)
    .filter(s => s.name.startsWith(prefix))
    .filter(s => input.State === undefined || s.body.State === input.State)
    .sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name))
  const p = page(schedules, paging(input))
  return {
    Schedules: p.items.map(s => ({
      Arn: s.arn,
      CreationDate: epoch(s.createdAt),
      GroupName: s.group,
      LastModificationDate: epoch(s.modifiedAt),
      Name: s.name,
      State: s.body.State,
      Target: { Arn: (s.body.Target as Record<string, unknown>).Arn }
    })),
    ...withToken(p.nextToken)
  }
}

/** "Retrieves the specified schedule." */
export function GetSchedule(state: SchedulerState, input: Record<string, unknown>) {
  const s = lookupSchedule(state, input.Name, input.GroupName)
  return {
    ...structuredClone(s.body),
    Arn: s.arn,
    CreationDate: epoch(s.createdAt),
    GroupName: s.group,
    LastModificationDate: epoch(s.modifiedAt),
    Name: s.name
  }
}

/**
 * "Creates the specified schedule." GroupName: "If you omit this, the default schedule group is
 * used." ConflictException: "Updating or deleting the resource can cause an inconsistent state."
 * — the stand-in answers it for a name the group already has.
 */
export function CreateSchedule(state: SchedulerState, input: Record<string, unknown>) {
  const group = lookupGroup(state, input.GroupName)
  const name = String(input.Name)
  if (state.schedules.has(`${group.name}/${name}`)) {
    throw new AwsError('ConflictException', `Schedule ${name} already exists.`)
  }
  const now = Date.now()
  const arn = scheduleArn(group.name, name)
  state.schedules.set(`${group.name}/${name}`, {
    name,
    group: group.name,
    arn,
    createdAt: now,
    modifiedAt: now,
    body: scheduleBody(input)
  })
  return { ScheduleArn: arn }
}

/**
 * "When you call UpdateSchedule, EventBridge Scheduler uses all values, including empty values,
 * specified in the request and overrides the existing schedule. This is by design. This means
 * that if you do not set an optional field in your request, that field will be set to its
 * system-default value after the update." The Scheduler User Guide (managing-schedule-state):
 * "EventBridge Scheduler replaces your schedule with the information you provide. If you do not
 * specify a parameter that you've previously set, it defaults to null." So the stored schedule
 * becomes the request, whole. GroupName: "You must provide this value in order for EventBridge
 * Scheduler to find the schedule you want to update. If you omit this value, EventBridge
 * Scheduler assumes the group is associated to the default group."
 */
export function UpdateSchedule(state: SchedulerState, input: Record<string, unknown>) {
  const s = lookupSchedule(state, input.Name, input.GroupName)
  const failure = state.updateFailures.find(
    f => f.group === s.group && f.name === s.name && f.remaining > 0
  )
  if (failure !== undefined) {
    failure.remaining -= 1
    throw failure.error
  }
  s.body = scheduleBody(input)
  s.modifiedAt = Date.now()
  return { ScheduleArn: s.arn }
}

/**
 * The schedule a Create/UpdateSchedule request describes. State, when not sent, is ENABLED, as a
 * schedule created without it runs (the stand-in's reading: the reference gives no default).
 * ScheduleExpression: "at expression - at(yyyy-mm-ddThh:mm:ss) / rate expression - rate(value
 * unit) / cron expression - cron(fields)"; "A cron expression consists of six fields separated by
 * white spaces"; "A rate expression consists of a value as a positive integer, and a unit with the
 * following options: minute | minutes | hour | hours | day | days".
 */
export function scheduleBody(input: Record<string, unknown>): Record<string, unknown> {
  const expression = String(input.ScheduleExpression)
  if (!EXPRESSION.test(expression)) {
    throw new AwsError('ValidationException', `Invalid Schedule Expression ${expression}.`)
  }
  const body = structuredClone(input)
  for (const addressing of ['Name', 'GroupName', 'ClientToken']) delete body[addressing]
  return { ...body, State: body.State ?? 'ENABLED' }
}

const EXPRESSION =
  /^(at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/
