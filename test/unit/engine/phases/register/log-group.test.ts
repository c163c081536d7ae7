import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand
} from '@aws-sdk/client-cloudwatch-logs'
import { mockClient } from 'aws-sdk-client-mock'
import {
  awslogsGroups,
  ensureLogGroups
} from '../../../../../src/engine/phases/register/log-group.js'
import { logsApi as logs } from '../../../../support/aws-apis.js'
import { recordingLog } from '../../../../support/recording-log.js'

const cwl = mockClient(CloudWatchLogsClient)
const denied = (action: string) =>
  Object.assign(new Error(`User: x is not authorized to perform: ${action}`), {
    name: 'AccessDeniedException'
  })
const GROUP = '/ecs/megilance-backend'
const definition = {
  containerDefinitions: [
    {
      name: 'backend',
      logConfiguration: {
        logDriver: 'awslogs' as const,
        options: { 'awslogs-group': GROUP, 'awslogs-stream-prefix': 'backend' }
      }
    }
  ]
}

beforeEach(() => {
  cwl.reset()
})

describe('awslogsGroups', () => {
  it.each([
    ['one group for two containers', ['/a', '/a'], ['us-east-1', undefined], ['/a']],
    ['two groups', ['/a', '/b'], [undefined, undefined], ['/a', '/b']],
    [
      'a group in another region is not ours to create',
      ['/a', '/b'],
      [undefined, 'eu-west-1'],
      ['/a']
    ]
  ])('%s', (_, groups, regions, expected) => {
    const td = {
      containerDefinitions: groups.map((group, i) => ({
        name: `c${i}`,
        logConfiguration: {
          logDriver: 'awslogs' as const,
          options: {
            'awslogs-group': group,
            ...(regions[i] ? { 'awslogs-region': regions[i] } : {})
          }
        }
      }))
    }
    expect(awslogsGroups(td, 'us-east-1')).toEqual(expected)
  })

  it('containers logging elsewhere, or nowhere, need no group', () => {
    expect(
      awslogsGroups(
        {
          containerDefinitions: [
            { name: 'a' },
            { name: 'b', logConfiguration: { logDriver: 'splunk' } }
          ]
        },
        'us-east-1'
      )
    ).toEqual([])
  })
})

describe('ensureLogGroups', () => {
  it('an existing group: nothing written', async () => {
    cwl.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: GROUP }] })
    const { log } = recordingLog()
    await expect(ensureLogGroups(logs(), definition, 'us-east-1', undefined, log)).resolves.toEqual(
      [{ group: GROUP, action: 'exists' }]
    )
    expect(cwl.commandCalls(CreateLogGroupCommand)).toHaveLength(0)
    expect(cwl.commandCalls(PutRetentionPolicyCommand)).toHaveLength(0)
  })

  it('a missing group: created, then its retention set', async () => {
    cwl.on(DescribeLogGroupsCommand).resolves({ logGroups: [] })
    cwl.on(CreateLogGroupCommand).resolves({})
    cwl.on(PutRetentionPolicyCommand).resolves({})
    const { seen, log } = recordingLog()
    await expect(ensureLogGroups(logs(), definition, 'us-east-1', 14, log)).resolves.toEqual([
      { group: GROUP, action: 'created' }
    ])
    expect(cwl.commandCalls(CreateLogGroupCommand)[0]?.args[0].input).toEqual({
      logGroupName: GROUP
    })
    expect(cwl.commandCalls(PutRetentionPolicyCommand)[0]?.args[0].input).toEqual({
      logGroupName: GROUP,
      retentionInDays: 14
    })
    expect(seen).toEqual([
      `info Created log group ${GROUP}.`,
      `info Log group ${GROUP} keeps events 14 days.`
    ])
  })

  it('an existing group with another retention: the retention set; the same retention: nothing', async () => {
    cwl
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: GROUP, retentionInDays: 7 }] })
    cwl.on(PutRetentionPolicyCommand).resolves({})
    const { log } = recordingLog()
    await expect(ensureLogGroups(logs(), definition, 'us-east-1', 30, log)).resolves.toEqual([
      { group: GROUP, action: 'retention-set' }
    ])
    await ensureLogGroups(logs(), definition, 'us-east-1', 7, log)
    expect(cwl.commandCalls(PutRetentionPolicyCommand)).toHaveLength(1)
  })

  it.each([
    [
      'logs:DescribeLogGroups',
      () => cwl.on(DescribeLogGroupsCommand).rejects(denied('logs:DescribeLogGroups')),
      'unchecked'
    ],
    [
      'logs:CreateLogGroup',
      () => {
        cwl.on(DescribeLogGroupsCommand).resolves({ logGroups: [] })
        cwl.on(CreateLogGroupCommand).rejects(denied('logs:CreateLogGroup'))
      },
      'not-created'
    ],
    [
      'logs:PutRetentionPolicy',
      () => {
        cwl.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: GROUP }] })
        cwl.on(PutRetentionPolicyCommand).rejects(denied('logs:PutRetentionPolicy'))
      },
      'exists'
    ]
  ] as const)(
    'without %s: a warning naming it, and the deploy goes on',
    async (permission, arrange, action) => {
      arrange()
      const { seen, log } = recordingLog()
      await expect(ensureLogGroups(logs(), definition, 'us-east-1', 30, log)).resolves.toEqual([
        { group: GROUP, action, missingPermission: permission }
      ])
      expect(seen.filter(l => l.startsWith('warning'))).toEqual([
        expect.stringMatching(
          new RegExp(
            `^warning\\[Missing permission\\] Missing permission ${permission} on log group ${GROUP} \\(AccessDeniedException: .*\\)\\. .* Grant ${permission} on log group ${GROUP} to the deploy role \\(docs/iam\\)\\.$`
          )
        )
      ])
    }
  )

  it('created by someone else between the two calls: it exists', async () => {
    cwl.on(DescribeLogGroupsCommand).resolves({ logGroups: [] })
    cwl
      .on(CreateLogGroupCommand)
      .rejects(Object.assign(new Error('exists'), { name: 'ResourceAlreadyExistsException' }))
    const { log } = recordingLog()
    await expect(ensureLogGroups(logs(), definition, 'us-east-1', undefined, log)).resolves.toEqual(
      [{ group: GROUP, action: 'exists' }]
    )
  })
})
