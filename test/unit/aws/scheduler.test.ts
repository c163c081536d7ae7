import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand
} from '@aws-sdk/client-scheduler'
import { mockClient } from 'aws-sdk-client-mock'
import { schedulerApi as api } from '../../support/aws-apis.js'

const scheduler = mockClient(SchedulerClient)

beforeEach(() => {
  scheduler.reset()
})

describe('SchedulerApi', () => {
  it('ListSchedules: every page of every group (no GroupName sent)', async () => {
    scheduler
      .on(ListSchedulesCommand)
      .resolvesOnce({ Schedules: [{ Name: 'a', GroupName: 'default' }], NextToken: 't' })
      .resolvesOnce({ Schedules: [{ Name: 'b', GroupName: 'jobs' }] })
    expect((await api().listSchedules()).map(s => `${s.Name}@${s.GroupName}`)).toEqual([
      'a@default',
      'b@jobs'
    ])
    expect(scheduler.commandCalls(ListSchedulesCommand).map(c => c.args[0].input)).toEqual([
      { MaxResults: 100, NextToken: undefined },
      { MaxResults: 100, NextToken: 't' }
    ])
  })

  it('GetSchedule by name and group; UpdateSchedule sends the input as given', async () => {
    scheduler.on(GetScheduleCommand).resolves({ Name: 'report', GroupName: 'jobs' })
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn:s' })
    expect((await api().getSchedule('report', 'jobs')).GroupName).toBe('jobs')
    expect(scheduler.commandCalls(GetScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'report',
      GroupName: 'jobs'
    })
    const input = {
      Name: 'report',
      ScheduleExpression: 'rate(1 day)',
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      Target: { Arn: 'arn:c', RoleArn: 'arn:r' }
    }
    expect(await api().updateSchedule(input)).toBe('arn:s')
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input).toEqual(input)
  })
})
