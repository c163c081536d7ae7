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
  ListTasksCommand,
  type Service
} from '@aws-sdk/client-ecs'
import {
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand
} from '@aws-sdk/client-eventbridge'
import {
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient
} from '@aws-sdk/client-scheduler'
import { mockClient } from 'aws-sdk-client-mock'
import type { Context, Deps } from '../../../../../src/engine/deps.js'
import { keepRevisionsPhase } from '../../../../../src/engine/phases/keep-revisions/keep-revisions.js'
import type { RunRecord } from '../../../../../src/engine/record.js'
import type { Settings } from '../../../../../src/engine/settings/settings.js'
import { awsError, ecsApi, eventsApi, schedulerApi } from '../../../../support/aws-apis.js'
import { CLUSTER, SERVICE, tdArn } from '../../../../support/ecs-fixtures.js'
import { recordingLog } from '../../../../support/recording-log.js'

/*
 * What keep-revisions counts as in use, across the account: every cluster's services and tasks
 * of the family, and the rules and schedules that run it, read whatever scheduled-tasks says.
 * megilance-backend has revisions 1 to 8 and runs 8 in megilance-cluster; keep 2.
 */

const ecs = mockClient(ECSClient)
const events = mockClient(EventBridgeClient)
const scheduler = mockClient(SchedulerClient)
const AT = 'arn:aws:ecs:us-east-1:123456789012'
const OTHER = 'megilance-staging'
const clusterArn = (name: string) => `${AT}:cluster/${name}`
const serviceArn = (cluster: string, name: string) => `${AT}:service/${cluster}/${name}`

function context(): { x: Context; seen: string[] } {
  const { seen, log } = recordingLog()
  const s = {
    cluster: CLUSTER,
    service: SERVICE,
    keepRevisions: 2,
    scheduledTasks: { mode: 'none' }
  } as unknown as Settings
  const io = { ecs: ecsApi(), events: eventsApi(), scheduler: schedulerApi(), log }
  return { x: { s, io: io as unknown as Deps }, seen }
}

const record: RunRecord = {
  mode: 'deploy',
  startedAt: 0,
  deadline: 0,
  answeredHooks: [],
  targetArn: tdArn(8),
  current: { arn: tdArn(7) } as RunRecord['current'],
  outcome: 'succeeded'
}

const deregistered = () =>
  ecs.commandCalls(DeregisterTaskDefinitionCommand).map(c => c.args[0].input.taskDefinition)

const svc = (cluster: string, name: string, revision: number): Service => ({
  serviceName: name,
  serviceArn: serviceArn(cluster, name),
  clusterArn: clusterArn(cluster),
  taskDefinition: tdArn(revision),
  deployments: [{ status: 'PRIMARY', taskDefinition: tdArn(revision) }]
})

beforeEach(() => {
  for (const m of [ecs, events, scheduler]) m.reset()
  ecs
    .on(ListTaskDefinitionsCommand)
    .resolves({ taskDefinitionArns: [8, 7, 6, 5, 4, 3, 2, 1].map(n => tdArn(n)) })
  ecs.on(ListTagsForResourceCommand).resolves({ tags: [] })
  ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [] })
  ecs
    .on(ListClustersCommand)
    .resolves({ clusterArns: [clusterArn(OTHER), clusterArn(CLUSTER)], nextToken: 'p2' })
  ecs.on(ListClustersCommand, { nextToken: 'p2' }).resolves({ clusterArns: [clusterArn('batch')] })
  ecs.on(ListServicesCommand).resolves({ serviceArns: [] })
  ecs
    .on(ListServicesCommand, { cluster: CLUSTER })
    .resolves({ serviceArns: [serviceArn(CLUSTER, SERVICE)] })
  // 11 services in the other cluster: two DescribeServices (up to 10 a call).
  const staging = Array.from({ length: 11 }, (_, i) => `megilance-backend-${i}`)
  ecs
    .on(ListServicesCommand, { cluster: clusterArn(OTHER) })
    .resolves({ serviceArns: staging.map(n => serviceArn(OTHER, n)) })
  ecs.on(DescribeServicesCommand).callsFake((input: { cluster: string; services: string[] }) => ({
    services: input.services.map(arn => {
      const name = arn.slice(arn.lastIndexOf('/') + 1)
      if (name === SERVICE) return svc(CLUSTER, SERVICE, 8)
      return svc(OTHER, name, name === 'megilance-backend-10' ? 6 : 8)
    }),
    failures: []
  }))
  ecs.on(ListTasksCommand).resolves({ taskArns: [] })
  const batchTask = `${AT}:task/batch/9c8b7a`
  ecs.on(ListTasksCommand, { cluster: clusterArn('batch') }).resolves({ taskArns: [batchTask] })
  ecs.on(DescribeTasksCommand).resolves({
    tasks: [{ taskArn: batchTask, taskDefinitionArn: tdArn(5), desiredStatus: 'RUNNING' }]
  })
  const ecsTarget = (revision: number) => ({
    Arn: clusterArn(OTHER),
    RoleArn: 'arn:aws:iam::123456789012:role/megilance-events-run-task',
    EcsParameters: { TaskDefinitionArn: tdArn(revision) }
  })
  events.on(ListRulesCommand).resolves({ Rules: [{ Name: 'nightly-import' }, { Name: 'other' }] })
  events
    .on(ListTargetsByRuleCommand, { Rule: 'nightly-import' })
    .resolves({ Targets: [{ Id: 'import', ...ecsTarget(4) }] })
  events.on(ListTargetsByRuleCommand, { Rule: 'other' }).resolves({
    Targets: [{ Id: 'x', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:x' }]
  })
  scheduler.on(ListSchedulesCommand).resolves({
    Schedules: [
      { Name: 'weekly-report', GroupName: 'jobs', Target: { Arn: clusterArn(CLUSTER) } },
      { Name: 'lambda', GroupName: 'default', Target: { Arn: 'arn:aws:lambda:x' } }
    ]
  })
  scheduler.on(GetScheduleCommand).resolves({
    Name: 'weekly-report',
    GroupName: 'jobs',
    Target: { ...ecsTarget(3), Arn: clusterArn(CLUSTER) }
  })
})

describe('what keep-revisions counts as in use, account-wide', () => {
  it('keeps the revisions another cluster, a task elsewhere, a rule and a schedule use, under scheduled-tasks none', async () => {
    const { x, seen } = context()
    const r = await keepRevisionsPhase(record, x)
    expect(deregistered()).toEqual([tdArn(2), tdArn(1)])
    expect(r.keptRevisions?.kept).toEqual([
      { arn: tdArn(6), why: `used by service megilance-backend-10 in cluster ${OTHER}` },
      { arn: tdArn(5), why: 'a task in cluster batch (9c8b7a)' },
      { arn: tdArn(4), why: 'rule nightly-import (target import) runs it' },
      { arn: tdArn(3), why: 'schedule weekly-report@jobs runs it' }
    ])
    expect(seen).toContain(
      'info Looked for what uses the revisions of megilance-backend: 3 clusters (12 services, 1 task of the family), 2 rules on the default event bus, 2 schedules.'
    )
    expect(seen).toContain(
      `info Kept megilance-backend:6: used by service megilance-backend-10 in cluster ${OTHER}.`
    )
  })

  it('one pass, bounded: each cluster listed once, its services described 10 at a time, only ECS schedules read', async () => {
    const { x } = context()
    await keepRevisionsPhase(record, x)
    expect(ecs.commandCalls(ListClustersCommand).map(c => c.args[0].input)).toEqual([
      { maxResults: 100 },
      { maxResults: 100, nextToken: 'p2' }
    ])
    // This deploy's cluster first, as the input names it; the others by ARN.
    expect(ecs.commandCalls(ListServicesCommand).map(c => c.args[0].input)).toEqual([
      { cluster: CLUSTER, maxResults: 100 },
      { cluster: clusterArn(OTHER), maxResults: 100 },
      { cluster: clusterArn('batch'), maxResults: 100 }
    ])
    expect(
      ecs.commandCalls(DescribeServicesCommand).map(c => c.args[0].input.services?.length)
    ).toEqual([1, 10, 1])
    expect(ecs.commandCalls(ListTasksCommand).map(c => c.args[0].input)).toEqual(
      [CLUSTER, clusterArn(OTHER), clusterArn('batch')].map(cluster => ({
        cluster,
        family: 'megilance-backend',
        desiredStatus: 'RUNNING',
        maxResults: 100
      }))
    )
    expect(ecs.commandCalls(DescribeTasksCommand)).toHaveLength(1)
    expect(events.commandCalls(ListRulesCommand).map(c => c.args[0].input)).toEqual([
      { Limit: 100 }
    ])
    expect(scheduler.commandCalls(GetScheduleCommand).map(c => c.args[0].input)).toEqual([
      { Name: 'weekly-report', GroupName: 'jobs' }
    ])
  })

  it('scheduled-tasks auto@ops: the rules of the buses it names are read too', async () => {
    const { x } = context()
    const s = { ...x.s, scheduledTasks: { mode: 'auto', eventBuses: ['default', 'ops'] } }
    await keepRevisionsPhase(record, { ...x, s: s as unknown as Settings })
    expect(events.commandCalls(ListRulesCommand).map(c => c.args[0].input)).toEqual([
      { Limit: 100 },
      { EventBusName: 'ops', Limit: 100 }
    ])
  })

  it.each([
    ['ecs:ListClusters', () => ecs.on(ListClustersCommand)],
    ['ecs:ListServices', () => ecs.on(ListServicesCommand, { cluster: clusterArn(OTHER) })],
    ['ecs:DescribeServices', () => ecs.on(DescribeServicesCommand)],
    ['events:ListTargetsByRule', () => events.on(ListTargetsByRuleCommand)],
    ['scheduler:ListSchedules', () => scheduler.on(ListSchedulesCommand)],
    ['scheduler:GetSchedule', () => scheduler.on(GetScheduleCommand)]
  ])('%s refused: nothing deregistered, a warning names the permission', async (action, on) => {
    on().rejects(awsError('AccessDeniedException', `User is not authorized to perform: ${action}`))
    const { x, seen } = context()
    const r = await keepRevisionsPhase(record, x)
    expect(deregistered()).toEqual([])
    expect(r.outcome).toBe('succeeded')
    expect(r.keptRevisions?.notSearched).toBe(
      `${action} failed: AccessDeniedException: User is not authorized to perform: ${action}`
    )
    expect(seen.filter(l => l.startsWith('warning'))).toEqual([
      `warning[Old revisions kept] No revision of megilance-backend is deregistered: what uses them could not be read (${action} failed: AccessDeniedException: User is not authorized to perform: ${action}). Grant ${action} to the deploy role (docs/iam/README.md). The deploy succeeded all the same.`
    ])
  })

  it('a service DescribeServices fails for other than MISSING: nothing deregistered', async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [],
      failures: [{ arn: serviceArn(CLUSTER, SERVICE), reason: 'INTERNAL' }]
    })
    const { x, seen } = context()
    const r = await keepRevisionsPhase(record, x)
    expect(deregistered()).toEqual([])
    expect(r.keptRevisions?.notSearched).toContain(`${SERVICE}: INTERNAL`)
    expect(seen.some(l => l.startsWith('warning[Old revisions kept]'))).toBe(true)
  })

  it('a schedule deleted between ListSchedules and GetSchedule uses nothing', async () => {
    scheduler.on(GetScheduleCommand).rejects(awsError('ResourceNotFoundException'))
    const { x } = context()
    const r = await keepRevisionsPhase(record, x)
    expect(deregistered()).toEqual([tdArn(3), tdArn(2), tdArn(1)])
    expect(r.keptRevisions?.notSearched).toBeUndefined()
  })
})
