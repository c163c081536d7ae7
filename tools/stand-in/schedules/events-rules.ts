import { page } from '../paging.js'
import { ACCOUNT, AwsError, REGION, epoch } from '../wire.js'

/*
 * EventBridge event buses and rules as the stand-in keeps them, and the reads: ListEventBuses,
 * ListRules, DescribeRule, ListTargetsByRule. Quotes are from the Amazon EventBridge API Reference.
 */

export interface BusRecord {
  readonly name: string
  readonly arn: string
  readonly description?: string
  /** Epoch ms. */
  readonly createdAt: number
}

export interface RuleRecord {
  readonly name: string
  readonly bus: string
  readonly arn: string
  /** The rule as DescribeRule answers it, less Name, Arn, EventBusName and CreatedBy. */
  readonly body: Record<string, unknown>
  /** The targets as PutTargets last left them, in the order they were added. */
  targets: Record<string, unknown>[]
  /** What ListTargetsByRule still shows until `until` (events-targets.ts, read lag). */
  stale?: { readonly until: number; readonly targets: Record<string, unknown>[] }
}

/** A PutTargets partial failure a test scripted (EventsModel.failPutTargets). */
export interface PutTargetsFailure {
  readonly bus: string
  readonly rule: string
  readonly targetIds: readonly string[] | undefined
  remaining: number
  readonly errorCode: string
  readonly errorMessage: string
}

export interface EventsState {
  readonly buses: Map<string, BusRecord>
  /** By `${bus}/${rule}`. */
  readonly rules: Map<string, RuleRecord>
  readonly failures: PutTargetsFailure[]
  readLagMs: number
}

export const busArn = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${name}`

/** Rules on the default bus: rule/NAME; on a custom bus: rule/BUS/NAME. */
export const ruleArn = (bus: string, name: string) =>
  `arn:aws:events:${REGION}:${ACCOUNT}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`

/**
 * EventBusName: "The name or ARN of the event bus associated with the rule. If you omit this, the
 * default event bus is used."
 */
export function busName(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default'
  const arn = /^arn:aws[\w-]*:events:[^:]+:\d{12}:event-bus\/(.+)$/.exec(value)
  return arn?.[1] ?? value
}

/**
 * ResourceNotFoundException: "An entity that you specified does not exist." The message for a bus
 * is the stand-in's own; AWS's was not found published.
 */
export function lookupBus(state: EventsState, nameOrArn: unknown): BusRecord {
  const name = busName(nameOrArn)
  const bus = state.buses.get(name)
  if (bus === undefined) {
    throw new AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`)
  }
  return bus
}

/**
 * A rule that is not on the bus asked: ResourceNotFoundException, in the words real endpoints
 * answer ("Rule NAME does not exist on EventBus default.", quoted in turbot/steampipe-plugin-aws
 * issue 1591 and others).
 */
export function lookupRule(state: EventsState, rule: unknown, bus: unknown): RuleRecord {
  const b = lookupBus(state, bus)
  const record = state.rules.get(`${b.name}/${String(rule)}`)
  if (record === undefined) {
    throw new AwsError(
      'ResourceNotFoundException',
      `Rule ${String(rule)} does not exist on EventBus ${b.name}.`
    )
  }
  return record
}

const invalidToken = () => new AwsError('InvalidToken', 'The NextToken is invalid or expired.')

/** "Lists all the event buses in your account, including the default event bus, custom event buses, and partner event buses." */
export function ListEventBuses(state: EventsState, input: Record<string, unknown>) {
  const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : ''
  const buses = [...state.buses.values()]
    .filter(b => b.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name))
  const p = page(buses, { limit: limitOf(input), max: 100, token: input.NextToken, invalidToken })
  return {
    EventBuses: p.items.map(b => ({
      Name: b.name,
      Arn: b.arn,
      ...(b.description !== undefined ? { Description: b.description } : {}),
      CreationTime: epoch(b.createdAt),
      LastModifiedTime: epoch(b.createdAt)
    })),
    ...(p.nextToken !== undefined ? { NextToken: p.nextToken } : {})
  }
}

/**
 * "Lists your Amazon EventBridge rules. You can either list all the rules or you can provide a
 * prefix to match to the rule names. The maximum number of results per page for requests is 100.
 * ListRules does not list the targets of a rule." EventBusName: "If you omit this, the default
 * event bus is used."
 */
export function ListRules(state: EventsState, input: Record<string, unknown>) {
  const bus = lookupBus(state, input.EventBusName)
  const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : ''
  const rules = [...state.rules.values()]
    .filter(r => r.bus === bus.name && r.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name))
  const p = page(rules, { limit: limitOf(input), max: 100, token: input.NextToken, invalidToken })
  return {
    Rules: p.items.map(r => ({ Name: r.name, Arn: r.arn, ...r.body, EventBusName: r.bus })),
    ...(p.nextToken !== undefined ? { NextToken: p.nextToken } : {})
  }
}

/** "Describes the specified rule. DescribeRule does not list the targets of a rule." */
export function DescribeRule(state: EventsState, input: Record<string, unknown>) {
  const r = lookupRule(state, input.Name, input.EventBusName)
  return { Name: r.name, Arn: r.arn, ...r.body, EventBusName: r.bus, CreatedBy: ACCOUNT }
}

/**
 * "Lists the targets assigned to the specified rule. The maximum number of results per page for
 * requests is 100." A rule without targets answers no Targets member (TargetList has a minimum
 * length of 1 in AWS's model).
 */
export function ListTargetsByRule(state: EventsState, input: Record<string, unknown>) {
  const r = lookupRule(state, input.Rule, input.EventBusName)
  const visible = r.stale !== undefined && Date.now() < r.stale.until ? r.stale.targets : r.targets
  const p = page(structuredClone(visible), {
    limit: limitOf(input),
    max: 100,
    token: input.NextToken,
    invalidToken
  })
  return {
    ...(p.items.length > 0 ? { Targets: p.items } : {}),
    ...(p.nextToken !== undefined ? { NextToken: p.nextToken } : {})
  }
}

const limitOf = (input: Record<string, unknown>) =>
  typeof input.Limit === 'number' ? input.Limit : undefined
