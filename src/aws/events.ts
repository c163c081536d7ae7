import {
  DescribeRuleCommand,
  type DescribeRuleCommandOutput,
  type EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  type PutTargetsResultEntry,
  type Rule,
  type Target
} from '@aws-sdk/client-eventbridge'

/** A rule as DescribeRule answers it. */
export type RuleDescription = Omit<DescribeRuleCommandOutput, '$metadata'>

/** What PutTargets answered: how many entries failed, and which (the Id, the error code). */
export interface PutTargetsAnswer {
  readonly failedEntryCount: number
  readonly failedEntries: PutTargetsResultEntry[]
}

/**
 * Thin, typed wrapper on the EventBridge client: one method per call the suite makes, the reads
 * paged to their end. No logic beyond unwrapping. An event bus is named; 'default' is sent as no
 * EventBusName ("If you omit this, the default event bus is used.", API Reference).
 */
export class EventsApi {
  constructor(private readonly client: Pick<EventBridgeClient, 'send'>) {}

  /** Every rule of a bus ("The maximum number of results per page for requests is 100."). */
  async listRules(eventBus: string): Promise<Rule[]> {
    const rules: Rule[] = []
    let token: string | undefined
    do {
      const out = await this.client.send(
        new ListRulesCommand({ ...busOf(eventBus), Limit: 100, NextToken: token })
      )
      rules.push(...(out.Rules ?? []))
      token = out.NextToken
    } while (token !== undefined)
    return rules
  }

  async describeRule(name: string, eventBus: string): Promise<RuleDescription> {
    return await this.client.send(new DescribeRuleCommand({ Name: name, ...busOf(eventBus) }))
  }

  /** Every target of a rule, each as EventBridge keeps it. */
  async listTargetsByRule(rule: string, eventBus: string): Promise<Target[]> {
    const targets: Target[] = []
    let token: string | undefined
    do {
      const out = await this.client.send(
        new ListTargetsByRuleCommand({
          Rule: rule,
          ...busOf(eventBus),
          Limit: 100,
          NextToken: token
        })
      )
      targets.push(...(out.Targets ?? []))
      token = out.NextToken
    } while (token !== undefined)
    return targets
  }

  /** One PutTargets call (at most 10 targets: the caller batches them). */
  async putTargets(rule: string, eventBus: string, targets: Target[]): Promise<PutTargetsAnswer> {
    const out = await this.client.send(
      new PutTargetsCommand({ Rule: rule, ...busOf(eventBus), Targets: targets })
    )
    return { failedEntryCount: out.FailedEntryCount ?? 0, failedEntries: out.FailedEntries ?? [] }
  }
}

const busOf = (eventBus: string) => (eventBus === 'default' ? {} : { EventBusName: eventBus })
