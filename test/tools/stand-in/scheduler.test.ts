import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CreateScheduleCommand,
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type UpdateScheduleCommandInput
} from '@aws-sdk/client-scheduler'
import { scheduledTasks, type StandInOptions } from '../../../tools/stand-in/index.js'
import { type EnvStandIn, omit, standInOnEnv } from './sdk-env.js'

/*
 * The stand-in's EventBridge Scheduler as a client sees it: the real SDK client (REST-JSON),
 * reached only through AWS_ENDPOINT_URL_SCHEDULER. Each case is one documented behaviour
 * (scheduler-schedules.ts quotes them).
 */

const CLUSTER = 'megilance-prod'
const FAMILY = 'megilance-backend'
const NEW = scheduledTasks.taskDefinitionArn(FAMILY, 42)

let env: EnvStandIn | undefined
afterEach(async () => {
  await env?.stop()
  env = undefined
})

async function world(options: StandInOptions = {}) {
  env = await standInOnEnv(options)
  scheduledTasks.seedScheduledTasks(env.aws, { cluster: CLUSTER, family: FAMILY, revision: 41 })
  return { aws: env.aws, client: new SchedulerClient({}) }
}

/** Every member GetSchedule answered that UpdateSchedule takes, the revision changed. */
function fullUpdate(got: GetScheduleCommandOutput, arn: string): UpdateScheduleCommandInput {
  const rest = omit(got, 'Arn', 'CreationDate', 'LastModificationDate', '$metadata')
  const target = got.Target ?? { Arn: '', RoleArn: '' }
  const ecs = target.EcsParameters ?? { TaskDefinitionArn: '' }
  return {
    ...rest,
    Name: got.Name ?? '',
    ScheduleExpression: got.ScheduleExpression ?? '',
    FlexibleTimeWindow: got.FlexibleTimeWindow ?? { Mode: 'OFF' },
    Target: { ...target, EcsParameters: { ...ecs, TaskDefinitionArn: arn } }
  }
}

const get = (client: SchedulerClient, name: string, group?: string) =>
  client.send(new GetScheduleCommand({ Name: name, GroupName: group }))

describe('the Scheduler stand-in, through the SDK and AWS_ENDPOINT_URL_SCHEDULER', () => {
  it('lists groups and schedules over every group, by group (ScheduleGroup=), prefix and state, in pages', async () => {
    const { aws, client } = await world()
    expect(aws.endpointEnv.AWS_ENDPOINT_URL_SCHEDULER).toBe(aws.endpoint)
    const groups = await client.send(new ListScheduleGroupsCommand({}))
    expect(groups.ScheduleGroups?.map(g => [g.Name, g.State])).toEqual([
      ['default', 'ACTIVE'],
      ['jobs', 'ACTIVE']
    ])
    const all = await client.send(new ListSchedulesCommand({}))
    expect(all.Schedules?.map(s => `${s.Name}@${s.GroupName}`)).toEqual([
      `${FAMILY}-report@default`,
      'queue-poke@default',
      `${FAMILY}-weekly@jobs`,
      'other-family-sync@jobs'
    ])
    expect(all.Schedules?.[0]?.Target).toEqual({ Arn: scheduledTasks.clusterArn(CLUSTER) })
    const jobs = await client.send(
      new ListSchedulesCommand({ GroupName: 'jobs', State: 'DISABLED' })
    )
    expect(jobs.Schedules?.map(s => s.Name)).toEqual([`${FAMILY}-weekly`])
    expect(aws.calls.at(-1)?.input).toEqual({ GroupName: 'jobs', State: 'DISABLED' })
    const one = await client.send(new ListSchedulesCommand({ NamePrefix: FAMILY, MaxResults: 1 }))
    expect(one.Schedules?.map(s => s.Name)).toEqual([`${FAMILY}-report`])
    const two = await client.send(
      new ListSchedulesCommand({ NamePrefix: FAMILY, MaxResults: 1, NextToken: one.NextToken })
    )
    expect(two.Schedules?.map(s => s.Name)).toEqual([`${FAMILY}-weekly`])
    expect(two.NextToken).toBeUndefined()
    await expect(
      client.send(new ListSchedulesCommand({ GroupName: 'no-such-group' }))
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 }
    })
    expect(aws.ops('scheduler')).toEqual([
      'ListScheduleGroups',
      'ListSchedules',
      'ListSchedules',
      'ListSchedules',
      'ListSchedules',
      'ListSchedules'
    ])
  })

  it('GetSchedule answers every field as created; ResourceNotFoundException outside its group', async () => {
    const { client } = await world()
    const seeded = scheduledTasks.ecsSchedule({
      cluster: CLUSTER,
      family: FAMILY,
      revision: 41,
      name: `${FAMILY}-weekly`,
      group: 'jobs',
      capacityProviders: true,
      disabled: true
    })
    const got = await get(client, `${FAMILY}-weekly`, 'jobs')
    const asCreated = omit(seeded, 'ClientToken')
    expect(got).toMatchObject({
      ...asCreated,
      Arn: `arn:aws:scheduler:us-east-1:123456789012:schedule/jobs/${FAMILY}-weekly`
    })
    expect(got.StartDate).toEqual(new Date('2025-01-01T00:00:00Z'))
    expect(got.Target).toEqual(seeded.Target)
    await expect(get(client, `${FAMILY}-weekly`)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Schedule ${FAMILY}-weekly does not exist.`,
      $metadata: { httpStatusCode: 404 }
    })
  })

  it('UpdateSchedule with every field GetSchedule gave keeps them all; only the revision moves', async () => {
    const { aws, client } = await world()
    const before = await get(client, `${FAMILY}-weekly`, 'jobs')
    const out = await client.send(new UpdateScheduleCommand(fullUpdate(before, NEW)))
    expect(out.ScheduleArn).toBe(before.Arn)
    const after = await get(client, `${FAMILY}-weekly`, 'jobs')
    const was = omit(before, 'LastModificationDate', '$metadata')
    const now = omit(after, 'LastModificationDate', '$metadata')
    expect(now).toEqual({
      ...was,
      Target: {
        ...was.Target,
        EcsParameters: { ...was.Target?.EcsParameters, TaskDefinitionArn: NEW }
      }
    })
    expect(aws.scheduler.scheduleOf(`${FAMILY}-weekly`, 'jobs').State).toBe('DISABLED')
  })

  it('UpdateSchedule replaces the whole schedule: a field not sent is reset', async () => {
    const { client } = await world()
    const before = await get(client, `${FAMILY}-weekly`, 'jobs')
    const forgetful = omit(fullUpdate(before, NEW), 'Description', 'State', 'KmsKeyArn')
    const target = omit(forgetful.Target ?? { Arn: '', RoleArn: '' }, 'RetryPolicy')
    await client.send(new UpdateScheduleCommand({ ...forgetful, Target: target }))
    const after = await get(client, `${FAMILY}-weekly`, 'jobs')
    expect(after.Description).toBeUndefined()
    expect(after.KmsKeyArn).toBeUndefined()
    expect(after.Target?.RetryPolicy).toBeUndefined()
    expect(after.State).toBe('ENABLED')
    expect(after.Target?.EcsParameters?.TaskDefinitionArn).toBe(NEW)
    // GroupName omitted: the default group is assumed, where no such schedule is.
    const noGroup = omit(fullUpdate(after, NEW), 'GroupName')
    await expect(client.send(new UpdateScheduleCommand(noGroup))).rejects.toMatchObject({
      name: 'ResourceNotFoundException'
    })
  })

  it('ValidationException (400) for what the model refuses; ConflictException (409) scripted and on create', async () => {
    const { aws, client } = await world()
    const before = await get(client, `${FAMILY}-report`)
    const update = fullUpdate(before, NEW)
    const noWindow = omit(update, 'FlexibleTimeWindow')
    await expect(
      client.send(new UpdateScheduleCommand(noWindow as UpdateScheduleCommandInput))
    ).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } })
    const tooMany = {
      ...update,
      Target: {
        Arn: '',
        RoleArn: '',
        ...update.Target,
        EcsParameters: { TaskDefinitionArn: NEW, TaskCount: 11 }
      }
    }
    await expect(client.send(new UpdateScheduleCommand(tooMany))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('less than or equal to 10')
    })
    await expect(
      client.send(new UpdateScheduleCommand({ ...update, ScheduleExpression: 'every day' }))
    ).rejects.toMatchObject({ name: 'ValidationException' })

    aws.scheduler.failUpdateSchedule({ name: `${FAMILY}-report` })
    await expect(client.send(new UpdateScheduleCommand(update))).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 }
    })
    expect(aws.scheduler.scheduleOf(`${FAMILY}-report`).Target).toMatchObject({
      EcsParameters: { TaskDefinitionArn: scheduledTasks.taskDefinitionArn(FAMILY, 41) }
    })
    await client.send(new UpdateScheduleCommand(update))
    expect(aws.answered('UpdateSchedule')).toHaveLength(1)

    const create = scheduledTasks.queueSchedule('queue-poke')
    await expect(client.send(new CreateScheduleCommand(create))).rejects.toMatchObject({
      name: 'ConflictException'
    })
    await client.send(new CreateScheduleCommand({ ...create, GroupName: 'jobs' }))
    expect((await get(client, 'queue-poke', 'jobs')).State).toBe('ENABLED')
  })

  it('ThrottlingException answers 429 over REST-JSON; the SDK retries it', async () => {
    const { aws, client } = await world({ throttleFirst: true })
    const got = await get(client, 'queue-poke')
    expect(got.Target?.Arn).toBe('arn:aws:sqs:us-east-1:123456789012:poke')
    expect(aws.calls.map(c => [c.op, c.status, c.throttled])).toEqual([
      ['GetSchedule', 429, true],
      ['GetSchedule', 200, false]
    ])
    expect(aws.calls[1]?.input).toEqual({ Name: 'queue-poke' })
  })
})
