import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  type Target
} from '@aws-sdk/client-eventbridge'
import { scheduledTasks, type StandInOptions } from '../../../tools/stand-in/index.js'
import { type EnvStandIn, omit, standInOnEnv } from './sdk-env.js'

/*
 * The stand-in's EventBridge as a client sees it: the real SDK client, reached only through
 * AWS_ENDPOINT_URL_EVENTBRIDGE. Each case is one documented behaviour (events-rules.ts,
 * events-targets.ts quote them).
 */

const CLUSTER = 'megilance-prod'
const FAMILY = 'megilance-backend'
const OLD = scheduledTasks.taskDefinitionArn(FAMILY, 41)
const NEW = scheduledTasks.taskDefinitionArn(FAMILY, 42)

let env: EnvStandIn | undefined
afterEach(async () => {
  await env?.stop()
  env = undefined
})

/** A stand-in with the scheduled-task account seeded, and a client on the environment. */
async function world(options: StandInOptions = {}) {
  env = await standInOnEnv(options)
  scheduledTasks.seedScheduledTasks(env.aws, { cluster: CLUSTER, family: FAMILY, revision: 41 })
  return { aws: env.aws, client: new EventBridgeClient({}) }
}

const withRevision = (target: Target, arn: string): Target => ({
  ...target,
  EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: arn }
})

const targetsOf = async (client: EventBridgeClient, rule: string, bus?: string) =>
  (await client.send(new ListTargetsByRuleCommand({ Rule: rule, EventBusName: bus }))).Targets ?? []

describe('the EventBridge stand-in, through the SDK and AWS_ENDPOINT_URL_EVENTBRIDGE', () => {
  it('lists buses and the rules of each bus, pages with Limit/NextToken, and describes a rule', async () => {
    const { aws, client } = await world()
    expect(aws.endpointEnv.AWS_ENDPOINT_URL_EVENTBRIDGE).toBe(aws.endpoint)
    const buses = await client.send(new ListEventBusesCommand({}))
    expect(buses.EventBuses?.map(b => b.Name)).toEqual(['default', 'ops'])
    expect(buses.EventBuses?.[1]?.Arn).toBe('arn:aws:events:us-east-1:123456789012:event-bus/ops')

    const first = await client.send(new ListRulesCommand({ Limit: 2 }))
    expect(first.Rules?.map(r => r.Name)).toEqual(['audit-forwarder', `${FAMILY}-nightly`])
    const rest = await client.send(new ListRulesCommand({ Limit: 2, NextToken: first.NextToken }))
    expect(rest.Rules?.map(r => r.Name)).toEqual([`${FAMILY}-staging`, 'other-family-cleanup'])
    expect(rest.NextToken).toBeUndefined()
    const ops = await client.send(new ListRulesCommand({ EventBusName: 'ops', NamePrefix: FAMILY }))
    expect(ops.Rules).toEqual([
      {
        Name: `${FAMILY}-hourly`,
        Arn: `arn:aws:events:us-east-1:123456789012:rule/ops/${FAMILY}-hourly`,
        EventPattern: '{"source":["megilance.ops"],"detail-type":["hourly"]}',
        State: 'ENABLED',
        EventBusName: 'ops'
      }
    ])

    const rule = await client.send(new DescribeRuleCommand({ Name: `${FAMILY}-nightly` }))
    expect(rule).toMatchObject({
      Name: `${FAMILY}-nightly`,
      Arn: `arn:aws:events:us-east-1:123456789012:rule/${FAMILY}-nightly`,
      ScheduleExpression: 'cron(0 3 * * ? *)',
      EventBusName: 'default',
      CreatedBy: '123456789012'
    })
    expect(aws.ops('events')).toEqual([
      'ListEventBuses',
      'ListRules',
      'ListRules',
      'ListRules',
      'DescribeRule'
    ])
  })

  it('DescribeRule / ListTargetsByRule: ResourceNotFoundException for a rule not on that bus', async () => {
    const { client } = await world()
    await expect(
      client.send(new DescribeRuleCommand({ Name: `${FAMILY}-hourly` }))
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Rule ${FAMILY}-hourly does not exist on EventBus default.`
    })
    await expect(targetsOf(client, 'nope', 'ops')).rejects.toMatchObject({
      name: 'ResourceNotFoundException'
    })
    await expect(
      client.send(new ListRulesCommand({ EventBusName: 'no-such-bus' }))
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('ListTargetsByRule answers every member of an ECS target as it was put', async () => {
    const { client } = await world()
    const [ecs, lambda] = await targetsOf(client, `${FAMILY}-nightly`)
    expect(ecs).toEqual(
      scheduledTasks.ecsRuleTarget({ cluster: CLUSTER, family: FAMILY, revision: 41 })
    )
    expect(lambda).toEqual(scheduledTasks.lambdaRuleTarget('audit'))
    const [hourly] = await targetsOf(client, `${FAMILY}-hourly`, 'ops')
    expect(hourly?.EcsParameters?.CapacityProviderStrategy).toHaveLength(2)
    expect(hourly?.EcsParameters?.LaunchType).toBeUndefined()
  })

  it('PutTargets replaces a target whole: only the revision changes, a member not sent is gone', async () => {
    const { aws, client } = await world()
    const [ecs] = await targetsOf(client, `${FAMILY}-nightly`)
    if (ecs === undefined) throw new Error('no ECS target seeded')
    const put = await client.send(
      new PutTargetsCommand({ Rule: `${FAMILY}-nightly`, Targets: [withRevision(ecs, NEW)] })
    )
    expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] })
    const [after, lambda] = aws.events.targetsOf(`${FAMILY}-nightly`)
    expect(after).toEqual(withRevision(ecs, NEW))
    expect(lambda).toEqual(scheduledTasks.lambdaRuleTarget('audit'))

    const forgetful = omit(withRevision(ecs, OLD), 'RetryPolicy')
    await client.send(new PutTargetsCommand({ Rule: `${FAMILY}-nightly`, Targets: [forgetful] }))
    expect(aws.events.targetsOf(`${FAMILY}-nightly`)[0]).toEqual(forgetful)
    expect(aws.events.targetsOf(`${FAMILY}-nightly`)[0]?.RetryPolicy).toBeUndefined()
  })

  it('PutTargets takes at most 10 entries a request and 5 targets a rule; a refused call changes nothing', async () => {
    const { aws, client } = await world()
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => scheduledTasks.lambdaRuleTarget(`t${i}`))
    await expect(
      client.send(new PutTargetsCommand({ Rule: 'audit-forwarder', Targets: many(11) }))
    ).rejects.toMatchObject({ name: 'ValidationException' })
    await expect(
      client.send(new PutTargetsCommand({ Rule: 'audit-forwarder', Targets: many(5) }))
    ).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'The requested resource exceeds the maximum number allowed.'
    })
    expect(aws.events.targetsOf('audit-forwarder')).toEqual([
      scheduledTasks.lambdaRuleTarget('audit')
    ])
    const four = await client.send(
      new PutTargetsCommand({ Rule: 'audit-forwarder', Targets: many(4) })
    )
    expect(four.FailedEntryCount).toBe(0)
    expect(aws.events.targetsOf('audit-forwarder')).toHaveLength(5)
    await client.send(new RemoveTargetsCommand({ Rule: 'audit-forwarder', Ids: ['t0', 'zz'] }))
    expect(aws.events.targetsOf('audit-forwarder').map(t => t.Id)).toEqual([
      'audit',
      't1',
      't2',
      't3'
    ])
  })

  it('a scripted partial failure: FailedEntryCount 1, the failed target unchanged, the others put', async () => {
    const { aws, client } = await world()
    aws.events.failPutTargets({ rule: `${FAMILY}-nightly`, targetIds: ['audit'] })
    const targets = await targetsOf(client, `${FAMILY}-nightly`)
    const renamed = targets.map(t =>
      t.EcsParameters ? withRevision(t, NEW) : { ...t, Input: '{"changed":true}' }
    )
    const put = await client.send(
      new PutTargetsCommand({ Rule: `${FAMILY}-nightly`, Targets: renamed })
    )
    expect(put.FailedEntryCount).toBe(1)
    expect(put.FailedEntries).toEqual([
      {
        TargetId: 'audit',
        ErrorCode: 'ConcurrentModificationException',
        ErrorMessage: 'Too many requests were made at the same time. Try again.'
      }
    ])
    const [ecs, lambda] = aws.events.targetsOf(`${FAMILY}-nightly`)
    expect(ecs?.EcsParameters?.TaskDefinitionArn).toBe(NEW)
    expect(lambda).toEqual(scheduledTasks.lambdaRuleTarget('audit'))
    // Once: the retry goes through.
    const retry = await client.send(
      new PutTargetsCommand({ Rule: `${FAMILY}-nightly`, Targets: renamed })
    )
    expect(retry.FailedEntryCount).toBe(0)

    aws.events.failPutTargets({ rule: `${FAMILY}-hourly`, eventBusName: 'ops', times: Infinity })
    const [hourly] = await targetsOf(client, `${FAMILY}-hourly`, 'ops')
    for (let i = 0; i < 3; i++) {
      const again = await client.send(
        new PutTargetsCommand({
          Rule: `${FAMILY}-hourly`,
          EventBusName: 'ops',
          Targets: [withRevision(hourly ?? { Id: 'x', Arn: 'x' }, NEW)]
        })
      )
      expect(again.FailedEntries?.[0]?.TargetId).toBe('hourly')
    }
    expect(
      aws.events.targetsOf(`${FAMILY}-hourly`, 'ops')[0]?.EcsParameters?.TaskDefinitionArn
    ).toBe(OLD)
  })

  it('reads lag writes: ListTargetsByRule shows the old targets for eventsReadLagMs', async () => {
    const { aws, client } = await world({ eventsReadLagMs: 400 })
    const [ecs] = await targetsOf(client, `${FAMILY}-nightly`)
    await client.send(
      new PutTargetsCommand({
        Rule: `${FAMILY}-nightly`,
        Targets: [withRevision(ecs ?? { Id: 'x', Arn: 'x' }, NEW)]
      })
    )
    expect(aws.events.targetsOf(`${FAMILY}-nightly`)[0]?.EcsParameters?.TaskDefinitionArn).toBe(NEW)
    const stale = await targetsOf(client, `${FAMILY}-nightly`)
    expect(stale[0]?.EcsParameters?.TaskDefinitionArn).toBe(OLD)
    await new Promise(resolve => setTimeout(resolve, 450))
    const fresh = await targetsOf(client, `${FAMILY}-nightly`)
    expect(fresh[0]?.EcsParameters?.TaskDefinitionArn).toBe(NEW)
  })

  it("a role's policy refuses PutTargets in IAM's words, naming the rule's ARN", async () => {
    const { aws, client } = await world({ deny: ['PutTargets'] })
    const [hourly] = await targetsOf(client, `${FAMILY}-hourly`, 'ops')
    await expect(
      client.send(
        new PutTargetsCommand({
          Rule: `${FAMILY}-hourly`,
          EventBusName: 'ops',
          Targets: [withRevision(hourly ?? { Id: 'x', Arn: 'x' }, NEW)]
        })
      )
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        `events:PutTargets on resource: arn:aws:events:us-east-1:123456789012:rule/ops/${FAMILY}-hourly`
      )
    })
    expect(aws.calls.map(c => [c.service, c.op, c.error])).toEqual([
      ['events', 'ListTargetsByRule', undefined],
      ['events', 'PutTargets', 'AccessDeniedException']
    ])
  })

  it('refuses what the model and the reference refuse: bad Ids, no TaskDefinitionArn, LaunchType with a strategy, managed rules', async () => {
    const { aws, client } = await world()
    const put = (targets: Target[], rule = `${FAMILY}-nightly`) =>
      client.send(new PutTargetsCommand({ Rule: rule, Targets: targets }))
    await expect(put([{ Id: 'bad id!', Arn: 'arn:x' }])).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("at 'targets.1.member.id' failed to satisfy constraint")
    })
    const ecs = scheduledTasks.ecsRuleTarget({ cluster: CLUSTER, family: FAMILY, revision: 42 })
    const noArn = { ...ecs, EcsParameters: { ...ecs.EcsParameters, TaskDefinitionArn: undefined } }
    await expect(put([noArn as Target])).rejects.toMatchObject({ name: 'ValidationException' })
    const both = {
      ...ecs,
      EcsParameters: {
        ...ecs.EcsParameters,
        CapacityProviderStrategy: [{ capacityProvider: 'FARGATE' }]
      }
    }
    await expect(put([both as Target])).rejects.toMatchObject({ name: 'ValidationException' })
    aws.events.seedRule({ name: 'aws-managed', managedBy: 'ecs.amazonaws.com', targets: [ecs] })
    await expect(put([ecs], 'aws-managed')).rejects.toMatchObject({ name: 'ManagedRuleException' })
    expect(aws.answered('PutTargets')).toHaveLength(0)
  })
})
