import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand
} from '@aws-sdk/client-ecs'
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge'
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler'
import { mockClient } from 'aws-sdk-client-mock'
import { OUTCOME_TAG } from '../../../../../src/engine/common/tags.js'
import type { Context, Deps } from '../../../../../src/engine/deps.js'
import { keepRevisionsPhase } from '../../../../../src/engine/phases/keep-revisions/keep-revisions.js'
import type { Outcome } from '../../../../../src/engine/phases/report/report.js'
import type { RunRecord } from '../../../../../src/engine/record.js'
import type { Settings } from '../../../../../src/engine/settings/settings.js'
import { awsError, ecsApi, eventsApi, schedulerApi } from '../../../../support/aws-apis.js'
import { CLUSTER, SERVICE, tdArn } from '../../../../support/ecs-fixtures.js'
import { recordingLog } from '../../../../support/recording-log.js'

/*
 * The keep-revisions phase as the record drives it: it acts after a deploy that succeeded and
 * never after any other outcome; it reads what uses the revisions before it deregisters; a
 * refusal is a warning, never the deploy's failure.
 */

const ecs = mockClient(ECSClient)
const events = mockClient(EventBridgeClient)
const scheduler = mockClient(SchedulerClient)
const AT = 'arn:aws:ecs:us-east-1:123456789012'
const TASK = `${AT}:task/${CLUSTER}/3f9a1c`

function context(keepRevisions: number | undefined): { x: Context; seen: string[] } {
  const { seen, log } = recordingLog()
  const s = {
    cluster: CLUSTER,
    service: SERVICE,
    keepRevisions,
    scheduledTasks: { mode: 'none' }
  } as unknown as Settings
  const io = { ecs: ecsApi(), events: eventsApi(), scheduler: schedulerApi(), log }
  return { x: { s, io: io as unknown as Deps }, seen }
}

const allCalls = () => [...ecs.calls(), ...events.calls(), ...scheduler.calls()]

const record = (outcome: Outcome | undefined, more: Partial<RunRecord> = {}): RunRecord => ({
  mode: 'deploy',
  startedAt: 0,
  deadline: 0,
  answeredHooks: [],
  targetArn: tdArn(6),
  current: { arn: tdArn(5) } as RunRecord['current'],
  outcome,
  ...more
})

const sent = (command: Parameters<typeof ecs.commandCalls>[0]) =>
  ecs.commandCalls(command).map(c => c.args[0].input)
const deregistered = () =>
  sent(DeregisterTaskDefinitionCommand).map(i => (i as { taskDefinition: string }).taskDefinition)

beforeEach(() => {
  ecs.reset()
  events.reset()
  scheduler.reset()
  ecs.on(ListClustersCommand).resolves({ clusterArns: [`${AT}:cluster/${CLUSTER}`] })
  ecs.on(ListServicesCommand).resolves({ serviceArns: [`${AT}:service/${CLUSTER}/${SERVICE}`] })
  events.on(ListRulesCommand).resolves({ Rules: [] })
  scheduler.on(ListSchedulesCommand).resolves({ Schedules: [] })
  ecs
    .on(ListTaskDefinitionsCommand)
    .resolves({ taskDefinitionArns: [6, 5, 4, 3, 2, 1].map(n => tdArn(n)) })
  ecs.on(ListTagsForResourceCommand).resolves({ tags: [{ key: OUTCOME_TAG, value: 'succeeded' }] })
  ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [] })
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: SERVICE,
        taskDefinition: tdArn(6),
        deployments: [{ status: 'PRIMARY', taskDefinition: tdArn(6) }]
      }
    ]
  })
  ecs.on(ListTasksCommand).resolves({ taskArns: [TASK] })
  ecs.on(DescribeTasksCommand).resolves({
    tasks: [
      {
        taskArn: TASK,
        taskDefinitionArn: tdArn(2),
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING'
      }
    ]
  })
  ecs.on(DeregisterTaskDefinitionCommand).resolves({ taskDefinition: { status: 'INACTIVE' } })
})

describe('keep-revisions after the deploy', () => {
  it('after a success: the revisions beyond the newest 2 that nothing uses, and says which', async () => {
    const { x, seen } = context(2)
    const r = await keepRevisionsPhase(record('succeeded'), x)
    expect(deregistered()).toEqual([tdArn(4), tdArn(3), tdArn(1)])
    expect(r.keptRevisions).toMatchObject({
      family: 'megilance-backend',
      active: 6,
      deregistered: [tdArn(4), tdArn(3), tdArn(1)],
      kept: [{ arn: tdArn(2), why: 'a running task (3f9a1c)' }],
      failed: []
    })
    expect(sent(ListTaskDefinitionsCommand)[0]).toMatchObject({
      familyPrefix: 'megilance-backend',
      status: 'ACTIVE',
      sort: 'DESC'
    })
    expect(sent(ListTasksCommand)[0]).toMatchObject({
      cluster: CLUSTER,
      family: 'megilance-backend',
      desiredStatus: 'RUNNING'
    })
    expect(seen).toContain('info Kept megilance-backend:2: a running task (3f9a1c).')
    expect(seen).toContain(
      'info Old revisions (keep-revisions: 2): deregistered megilance-backend:4, megilance-backend:3, megilance-backend:1 (6 ACTIVE before, 3 now). Kept beyond the newest 2: megilance-backend:2 (a running task (3f9a1c)).'
    )
    // scheduled-tasks: none no longer means that rules and schedules go unread: keep-revisions
    // reads them itself.
    expect(seen.some(l => l.includes('Scheduled tasks were not looked for'))).toBe(false)
    expect(events.commandCalls(ListRulesCommand)).toHaveLength(1)
    expect(scheduler.commandCalls(ListSchedulesCommand)).toHaveLength(1)
    expect(seen).toContain(
      'info Looked for what uses the revisions of megilance-backend: 1 cluster (1 service, 1 task of the family), 0 rules on the default event bus, 0 schedules.'
    )
  })

  it('keeps the revision rollback-to: previous would pick, older than the one that ran before', async () => {
    // :5 ran before and is tagged failed, :4 carries no tag: the last success is :3.
    const tagged = (n: number, tags: { key: string; value: string }[]) =>
      ecs.on(ListTagsForResourceCommand, { resourceArn: tdArn(n) }).resolves({ tags })
    tagged(5, [{ key: OUTCOME_TAG, value: 'failed' }])
    tagged(4, [])
    tagged(3, [{ key: OUTCOME_TAG, value: 'succeeded' }])
    const { x, seen } = context(2)
    const r = await keepRevisionsPhase(record('succeeded'), x)
    expect(deregistered()).toEqual([tdArn(4), tdArn(1)])
    expect(r.keptRevisions?.kept).toEqual([
      { arn: tdArn(3), why: 'the rollback target of rollback-to: previous' },
      { arn: tdArn(2), why: 'a running task (3f9a1c)' }
    ])
    expect(sent(ListTagsForResourceCommand).map(i => i.resourceArn)).toEqual([
      tdArn(5),
      tdArn(4),
      tdArn(3)
    ])
    expect(seen).toContain(
      'info Kept megilance-backend:3: the rollback target of rollback-to: previous.'
    )
  })

  it.each<Outcome | undefined>([
    'failed',
    'rolled-back',
    'rollback-failed',
    'unknown',
    'dry-run',
    'started',
    'paused',
    'skipped',
    undefined
  ])('after outcome %s: no call to AWS, nothing deregistered', async outcome => {
    const { x, seen } = context(2)
    const r = await keepRevisionsPhase(record(outcome), x)
    expect(allCalls()).toHaveLength(0)
    expect(r.keptRevisions).toBeUndefined()
    expect(seen).toEqual([
      `info keep-revisions: no revision is deregistered, as the deploy did not succeed (outcome ${outcome ?? 'unknown'}).`
    ])
  })

  it('without keep-revisions: nothing is read or said', async () => {
    const { x, seen } = context(undefined)
    expect(await keepRevisionsPhase(record('succeeded'), x)).toEqual(record('succeeded'))
    expect(allCalls()).toHaveLength(0)
    expect(seen).toEqual([])
  })

  it('no more ACTIVE revisions than N: one ListTaskDefinitions, nothing else', async () => {
    const { x } = context(6)
    const r = await keepRevisionsPhase(record('succeeded'), x)
    expect(allCalls().map(c => c.args[0].constructor.name)).toEqual(['ListTaskDefinitionsCommand'])
    expect(r.keptRevisions?.deregistered).toEqual([])
  })

  it('a scheduled task found keeps the revision it runs', async () => {
    const { x } = context(2)
    const rule = {
      kind: 'rule',
      rule: 'nightly',
      eventBus: 'default',
      target: { Id: 't', Arn: 'a' }
    }
    const scheduled = {
      family: 'megilance-backend',
      cluster: CLUSTER,
      tasks: [{ task: rule, from: tdArn(3), status: 'unchanged' }]
    } as unknown as RunRecord['scheduled']
    const r = await keepRevisionsPhase(record('succeeded', { scheduled }), x)
    expect(deregistered()).toEqual([tdArn(4), tdArn(1)])
    expect(r.keptRevisions?.kept.map(k => k.arn)).toEqual([tdArn(3), tdArn(2)])
  })

  it('what uses the revisions cannot be read: a warning, nothing deregistered, the outcome stays', async () => {
    ecs
      .on(ListTasksCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform: ecs:ListTasks'))
    const { x, seen } = context(2)
    const r = await keepRevisionsPhase(record('succeeded'), x)
    expect(deregistered()).toEqual([])
    expect(r.outcome).toBe('succeeded')
    expect(r.keptRevisions?.notSearched).toContain('AccessDeniedException')
    expect(
      seen.some(l => l.startsWith('warning[Old revisions kept] No revision of megilance-backend'))
    ).toBe(true)
  })

  it('a refused deregistration is a warning; after a refusal of permission none more is sent', async () => {
    ecs
      .on(DeregisterTaskDefinitionCommand, { taskDefinition: tdArn(4) })
      .rejects(
        awsError(
          'AccessDeniedException',
          'User is not authorized to perform: ecs:DeregisterTaskDefinition'
        )
      )
    const { x, seen } = context(2)
    const r = await keepRevisionsPhase(record('succeeded'), x)
    expect(deregistered()).toEqual([tdArn(4)])
    expect(r.outcome).toBe('succeeded')
    expect(r.keptRevisions?.deregistered).toEqual([])
    expect(r.keptRevisions?.failed.map(f => f.arn)).toEqual([tdArn(4), tdArn(3), tdArn(1)])
    expect(
      seen.filter(l =>
        l.startsWith('warning[Missing permission] Missing permission ecs:DeregisterTaskDefinition')
      )
    ).toHaveLength(1)
  })

  it('an error of its own is a warning: the succeeded outcome is never made unknown', async () => {
    const { x, seen } = context(2)
    const r = await keepRevisionsPhase(record('succeeded', { targetArn: 'megilance-backend' }), x)
    expect(r.outcome).toBe('succeeded')
    expect(r.keptRevisions).toBeUndefined()
    expect(deregistered()).toEqual([])
    expect(seen).toEqual([
      'warning[Old revisions kept] keep-revisions stopped (Error: "megilance-backend" is not a task definition ARN with a revision.); the deploy succeeded all the same.'
    ])
  })

  it('another refusal is a warning and the next ones are still sent', async () => {
    ecs
      .on(DeregisterTaskDefinitionCommand, { taskDefinition: tdArn(3) })
      .rejects(awsError('ClientException', 'The specified task definition is in use.'))
    const { x, seen } = context(2)
    const r = await keepRevisionsPhase(record('succeeded'), x)
    expect(deregistered()).toEqual([tdArn(4), tdArn(3), tdArn(1)])
    expect(r.keptRevisions?.deregistered).toEqual([tdArn(4), tdArn(1)])
    expect(seen).toContain(
      'warning[Old revision kept] Could not deregister megilance-backend:3 (ClientException: The specified task definition is in use.). The revision stays ACTIVE; the deploy succeeded all the same.'
    )
  })
})
