import type { RuleState, Target } from '@aws-sdk/client-eventbridge'
import { acceptInput, acceptShape } from './events-validation.js'
import {
  DescribeRule,
  type EventsState,
  ListEventBuses,
  ListRules,
  ListTargetsByRule,
  busArn,
  busName,
  lookupRule,
  ruleArn
} from './events-rules.js'
import { PutTargets, RemoveTargets } from './events-targets.js'

/*
 * Amazon EventBridge as the stand-in plays it (AWS JSON 1.1, X-Amz-Target AWSEvents.<name>,
 * reached through AWS_ENDPOINT_URL_EVENTBRIDGE; calls recorded as service 'events'): event buses,
 * rules and their targets. Every request is checked against AWS's published model
 * (events-validation.ts); each behaviour quotes the Amazon EventBridge API Reference, in the module that
 * plays it:
 *
 * - events-rules.ts: ListEventBuses, ListRules, DescribeRule, ListTargetsByRule, NextToken paging;
 * - events-targets.ts: PutTargets (10 entries a request, 5 targets a rule, a target replaced
 *   whole, partial failures), RemoveTargets, managed rules, reads that lag writes.
 *
 * This module is the model tests hold: seeding, scripting, what they read back, the dispatch.
 */

/** A rule as it stands before the scenario (SDK names, camel-cased; wire shapes for targets). */
export interface RuleSeed {
  readonly name: string
  /** Default: the default bus. A named bus is created if it does not exist yet. */
  readonly eventBusName?: string
  readonly scheduleExpression?: string
  readonly eventPattern?: string
  /** Default ENABLED. */
  readonly state?: RuleState
  readonly description?: string
  readonly roleArn?: string
  /** A rule an AWS service manages (ManagedRuleException on PutTargets). */
  readonly managedBy?: string
  readonly targets?: readonly Target[]
}

/** The next PutTargets on a rule fails some entries (FailedEntryCount > 0). */
export interface PutTargetsFailureScript {
  readonly rule: string
  readonly eventBusName?: string
  /** The Ids that fail; default: the first target of the request. */
  readonly targetIds?: readonly string[]
  /** How many PutTargets calls fail this way; default 1. Infinity: always. */
  readonly times?: number
  /** Default ConcurrentModificationException. */
  readonly errorCode?: string
  readonly errorMessage?: string
}

export interface EventsOptions {
  /** How long ListTargetsByRule keeps showing the targets as before a write; 0 by default. */
  readonly readLagMs?: number
}

export class EventsModel {
  private readonly state: EventsState

  constructor(options: EventsOptions = {}) {
    const createdAt = Date.now() - 30 * 86_400_000
    this.state = {
      buses: new Map([['default', { name: 'default', arn: busArn('default'), createdAt }]]),
      rules: new Map(),
      failures: [],
      readLagMs: options.readLagMs ?? 0
    }
  }

  /** The read lag after PutTargets / RemoveTargets, in ms; tests may change it mid-scenario. */
  get readLagMs(): number {
    return this.state.readLagMs
  }

  set readLagMs(ms: number) {
    this.state.readLagMs = ms
  }

  // ----- seeding (what already exists before the scenario's first step) -----

  seedEventBus(name: string, description?: string): void {
    if (this.state.buses.has(name)) return
    this.state.buses.set(name, {
      name,
      arn: busArn(name),
      ...(description !== undefined ? { description } : {}),
      createdAt: Date.now() - 7 * 86_400_000
    })
  }

  /** A rule and its targets; each target is checked against AWS's Target shape. */
  seedRule(seed: RuleSeed): string {
    const bus = busName(seed.eventBusName)
    this.seedEventBus(bus)
    const body: Record<string, unknown> = {
      ...(seed.eventPattern !== undefined ? { EventPattern: seed.eventPattern } : {}),
      State: seed.state ?? 'ENABLED',
      ...(seed.description !== undefined ? { Description: seed.description } : {}),
      ...(seed.scheduleExpression !== undefined
        ? { ScheduleExpression: seed.scheduleExpression }
        : {}),
      ...(seed.roleArn !== undefined ? { RoleArn: seed.roleArn } : {}),
      ...(seed.managedBy !== undefined ? { ManagedBy: seed.managedBy } : {})
    }
    const targets = (seed.targets ?? []).map((t, i) =>
      acceptShape('events', 'Target', t, `seed.targets.${i + 1}`)
    )
    const arn = ruleArn(bus, seed.name)
    this.state.rules.set(`${bus}/${seed.name}`, { name: seed.name, bus, arn, body, targets })
    return arn
  }

  // ----- scripting -----

  failPutTargets(script: PutTargetsFailureScript): void {
    this.state.failures.push({
      bus: busName(script.eventBusName),
      rule: script.rule,
      targetIds: script.targetIds,
      remaining: script.times ?? 1,
      errorCode: script.errorCode ?? 'ConcurrentModificationException',
      errorMessage:
        script.errorMessage ?? 'Too many requests were made at the same time. Try again.'
    })
  }

  // ----- what the tests read back (the state now, whatever reads may still show) -----

  /** The rule's targets now, as the wire carries them (a copy; each passed the Target shape). */
  targetsOf(rule: string, eventBusName?: string): Target[] {
    const targets: unknown = structuredClone(lookupRule(this.state, rule, eventBusName).targets)
    return targets as Target[]
  }

  /** The rule as DescribeRule answers it. */
  rule(rule: string, eventBusName?: string): Record<string, unknown> {
    return DescribeRule(this.state, { Name: rule, EventBusName: eventBusName })
  }

  // ----- operations (X-Amz-Target AWSEvents.<name>) -----

  readonly operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> =
    Object.fromEntries(
      Object.entries({
        ListEventBuses,
        ListRules,
        DescribeRule,
        ListTargetsByRule,
        PutTargets,
        RemoveTargets
      }).map(([name, op]) => [
        name,
        (input: Record<string, unknown>) => op(this.state, acceptInput('events', name, input))
      ])
    )
}
