import { beforeEach, describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { mockClient } from 'aws-sdk-client-mock'
import { LogFollower } from '../../../../../src/engine/phases/one-off-task/log-follow.js'
import { awsError, logsApi as logs } from '../../../../support/aws-apis.js'

const cwl = mockClient(CloudWatchLogsClient)
beforeEach(() => {
  cwl.reset()
})

const GROUP = '/ecs/megilance-backend'

describe('LogFollower', () => {
  const at = { container: 'backend', taskId: 't1', group: GROUP, stream: 'backend/backend/t1' }

  it('prints the lines written since the last pull, pages forward, keeps the newest ones', async () => {
    cwl
      .on(GetLogEventsCommand)
      .resolvesOnce({
        events: [
          { timestamp: 1, message: 'one' },
          { timestamp: 2, message: 'two' }
        ],
        nextForwardToken: 'f/2'
      })
      .resolvesOnce({ events: [], nextForwardToken: 'f/2' })
      .resolvesOnce({ events: [{ timestamp: 3, message: 'three' }], nextForwardToken: 'f/3' })
      .resolves({ events: [], nextForwardToken: 'f/3' })
    const printed: string[] = []
    const follower = new LogFollower(
      logs(),
      at,
      2,
      l => printed.push(l),
      () => undefined
    )
    await follower.pull()
    await follower.pull()
    expect(printed).toEqual(['  backend | one', '  backend | two', '  backend | three'])
    expect(follower.lines).toEqual(['two', 'three'])
    const inputs = cwl.commandCalls(GetLogEventsCommand).map(c => c.args[0].input)
    expect(inputs.map(i => [i.startFromHead, i.nextToken])).toEqual([
      [true, undefined],
      [true, 'f/2'],
      [true, 'f/2'],
      [true, 'f/3']
    ])
  })

  it('a stream not yet created is nothing yet; AccessDenied warns once and stops asking', async () => {
    cwl
      .on(GetLogEventsCommand)
      .rejectsOnce(awsError('ResourceNotFoundException'))
      .rejects(awsError('AccessDeniedException'))
    const warnings: string[] = []
    const follower = new LogFollower(
      logs(),
      at,
      5,
      () => undefined,
      m => warnings.push(m)
    )
    await follower.pull()
    expect(follower.unreadable).toBeUndefined()
    await follower.pull()
    await follower.pull()
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Missing permission logs:GetLogEvents on log group ${GROUP} \\(AccessDeniedException: .*\\)\\. The one-off task's log lines are not shown; the task runs on\\. Grant logs:GetLogEvents on log group ${GROUP} to the deploy role \\(docs/iam\\)\\.$`
        )
      )
    ])
    expect(follower.unreadable).toBe(`missing permission logs:GetLogEvents on log group ${GROUP}`)
    expect(cwl.commandCalls(GetLogEventsCommand)).toHaveLength(2)
  })
})
