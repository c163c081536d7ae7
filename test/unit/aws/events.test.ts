import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand
} from '@aws-sdk/client-eventbridge'
import { mockClient } from 'aws-sdk-client-mock'
import { eventsApi as api } from '../../support/aws-apis.js'

const eb = mockClient(EventBridgeClient)

beforeEach(() => {
  eb.reset()
})

describe('EventsApi', () => {
  it('ListRules: every page of a bus; the default bus is sent as no EventBusName', async () => {
    eb.on(ListRulesCommand)
      .resolvesOnce({ Rules: [{ Name: 'a' }], NextToken: 't1' })
      .resolvesOnce({ Rules: [{ Name: 'b' }] })
      .resolves({ Rules: [{ Name: 'c' }] })
    expect((await api().listRules('default')).map(r => r.Name)).toEqual(['a', 'b'])
    expect((await api().listRules('ops')).map(r => r.Name)).toEqual(['c'])
    expect(eb.commandCalls(ListRulesCommand).map(c => c.args[0].input)).toEqual([
      { Limit: 100, NextToken: undefined },
      { Limit: 100, NextToken: 't1' },
      { EventBusName: 'ops', Limit: 100, NextToken: undefined }
    ])
  })

  it('ListTargetsByRule: every page, each target as EventBridge answered it', async () => {
    const first = { Id: 'one', Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/c', Input: '{}' }
    eb.on(ListTargetsByRuleCommand)
      .resolvesOnce({ Targets: [first], NextToken: 'n' })
      .resolvesOnce({})
    expect(await api().listTargetsByRule('nightly', 'ops')).toEqual([first])
    expect(eb.commandCalls(ListTargetsByRuleCommand).map(c => c.args[0].input)).toEqual([
      { Rule: 'nightly', EventBusName: 'ops', Limit: 100, NextToken: undefined },
      { Rule: 'nightly', EventBusName: 'ops', Limit: 100, NextToken: 'n' }
    ])
  })

  it('PutTargets: FailedEntryCount and FailedEntries as answered, zero and none when absent', async () => {
    const failed = { TargetId: 'one', ErrorCode: 'ConcurrentModificationException' }
    eb.on(PutTargetsCommand)
      .resolvesOnce({ FailedEntryCount: 1, FailedEntries: [failed] })
      .resolvesOnce({})
    const targets = [{ Id: 'one', Arn: 'arn:x' }]
    expect(await api().putTargets('nightly', 'default', targets)).toEqual({
      failedEntryCount: 1,
      failedEntries: [failed]
    })
    expect(await api().putTargets('nightly', 'ops', targets)).toEqual({
      failedEntryCount: 0,
      failedEntries: []
    })
    expect(eb.commandCalls(PutTargetsCommand).map(c => c.args[0].input)).toEqual([
      { Rule: 'nightly', Targets: targets },
      { Rule: 'nightly', EventBusName: 'ops', Targets: targets }
    ])
  })

  it('DescribeRule: the rule on its bus (ManagedBy read from it)', async () => {
    eb.on(DescribeRuleCommand).resolves({ Name: 'r', ManagedBy: 'ecs.amazonaws.com' })
    expect((await api().describeRule('r', 'ops')).ManagedBy).toBe('ecs.amazonaws.com')
    expect(eb.commandCalls(DescribeRuleCommand)[0]?.args[0].input).toEqual({
      Name: 'r',
      EventBusName: 'ops'
    })
  })
})
