import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  GetLogEventsCommand,
  PutRetentionPolicyCommand
} from '@aws-sdk/client-cloudwatch-logs'
import { mockClient } from 'aws-sdk-client-mock'
import { logsApi as api, awsError } from '../../support/aws-apis.js'

const cwl = mockClient(CloudWatchLogsClient)

beforeEach(() => {
  cwl.reset()
})

describe('LogsApi', () => {
  it('GetLogEvents: sends the stream, direction and limit; answers events and the forward token', async () => {
    cwl.on(GetLogEventsCommand).resolves({
      events: [{ timestamp: 5, message: 'RuntimeError: DATABASE_URL not set\n', ingestionTime: 6 }],
      nextForwardToken: 'f/1',
      nextBackwardToken: 'b/0'
    })
    const page = await api().getLogEvents({
      group: '/ecs/megilance-backend',
      stream: 'backend/backend/abc',
      startFromHead: false,
      limit: 20
    })
    expect(page).toEqual({
      events: [{ timestamp: 5, message: 'RuntimeError: DATABASE_URL not set\n' }],
      nextForwardToken: 'f/1'
    })
    expect(cwl.commandCalls(GetLogEventsCommand)[0]?.args[0].input).toEqual({
      logGroupName: '/ecs/megilance-backend',
      logStreamName: 'backend/backend/abc',
      startFromHead: false,
      limit: 20
    })
  })

  it('findLogGroup: only the group of exactly that name (DescribeLogGroups matches a prefix)', async () => {
    cwl.on(DescribeLogGroupsCommand).resolves({
      logGroups: [{ logGroupName: '/ecs/megilance-backend-old' }]
    })
    await expect(api().findLogGroup('/ecs/megilance-backend')).resolves.toBeUndefined()
    cwl.on(DescribeLogGroupsCommand).resolves({
      logGroups: [
        { logGroupName: '/ecs/megilance-backend', retentionInDays: 14 },
        { logGroupName: '/ecs/megilance-backend-old' }
      ]
    })
    await expect(api().findLogGroup('/ecs/megilance-backend')).resolves.toEqual({
      logGroupName: '/ecs/megilance-backend',
      retentionInDays: 14
    })
    expect(cwl.commandCalls(DescribeLogGroupsCommand)[0]?.args[0].input).toEqual({
      logGroupNamePrefix: '/ecs/megilance-backend'
    })
  })

  it('createLogGroup: created, or exists when someone else created it first; other errors thrown', async () => {
    cwl
      .on(CreateLogGroupCommand)
      .resolvesOnce({})
      .rejectsOnce(awsError('ResourceAlreadyExistsException'))
      .rejectsOnce(awsError('AccessDeniedException'))
    await expect(api().createLogGroup('/ecs/a')).resolves.toBe('created')
    await expect(api().createLogGroup('/ecs/a')).resolves.toBe('exists')
    await expect(api().createLogGroup('/ecs/a')).rejects.toThrow('AccessDeniedException')
  })

  it('putRetentionPolicy: the group and the days', async () => {
    cwl.on(PutRetentionPolicyCommand).resolves({})
    await api().putRetentionPolicy('/ecs/a', 30)
    expect(cwl.commandCalls(PutRetentionPolicyCommand)[0]?.args[0].input).toEqual({
      logGroupName: '/ecs/a',
      retentionInDays: 30
    })
  })
})
