import { beforeEach, describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { recordingLog } from '../../../../support/recording-log.js'
import {
  codeBlock,
  lastLineNote,
  linesOf,
  logLocation,
  quoteLine,
  renderLogTails,
  reportLogTails,
  tailStoppedTasks,
  type LogTail
} from '../../../../../src/engine/phases/explain/log-tail.js'
import { awsError, logsApi as logs } from '../../../../support/aws-apis.js'

const cwl = mockClient(CloudWatchLogsClient)
beforeEach(() => {
  cwl.reset()
})

const awslogs = (options: Record<string, string>): ContainerDefinition['logConfiguration'] => ({
  logDriver: 'awslogs',
  options
})
const GROUP = '/ecs/megilance-backend'

describe('logLocation: the stream ECS names prefix-name/container-name/ecs-task-id', () => {
  it.each([
    [
      'awslogs with a prefix',
      awslogs({
        'awslogs-group': GROUP,
        'awslogs-stream-prefix': 'api',
        'awslogs-region': 'us-east-1'
      }),
      { container: 'backend', taskId: 't1', group: GROUP, stream: 'api/backend/t1' }
    ],
    [
      'region left out: the task region',
      awslogs({ 'awslogs-group': GROUP, 'awslogs-stream-prefix': 'p' }),
      { container: 'backend', taskId: 't1', group: GROUP, stream: 'p/backend/t1' }
    ],
    [
      'no prefix: the stream is named after the docker id, unknown',
      awslogs({ 'awslogs-group': GROUP }),
      undefined
    ],
    [
      'another region',
      awslogs({
        'awslogs-group': GROUP,
        'awslogs-stream-prefix': 'p',
        'awslogs-region': 'eu-west-1'
      }),
      undefined
    ],
    ['another driver', { logDriver: 'splunk' as const, options: {} }, undefined],
    ['no log configuration', undefined, undefined]
  ])('%s', (_, logConfiguration, expected) => {
    expect(logLocation({ name: 'backend', logConfiguration }, 't1', 'us-east-1')).toEqual(expected)
  })
})

describe('lines', () => {
  it('events oldest first; a multi-line message gives several lines; the final newline dropped', () => {
    expect(
      linesOf([
        { timestamp: 2, message: 'Traceback (most recent call last):\n  File "main.py"\n' },
        { timestamp: 1, message: 'starting' }
      ])
    ).toEqual(['starting', 'Traceback (most recent call last):', '  File "main.py"'])
  })

  it('a printed line never starts a workflow command', () => {
    expect(quoteLine('backend', '::add-mask::x')).toBe('  backend | ::add-mask::x')
    expect(quoteLine('backend', '::add-mask::x').trimStart().startsWith('::')).toBe(false)
  })

  it('a code block that no line of the content can close', () => {
    expect(codeBlock(['a'])).toEqual(['```', 'a', '```'])
    expect(codeBlock(['````x'])).toEqual(['`````', '````x', '`````'])
  })
})

describe('tailStoppedTasks', () => {
  const definition = {
    containerDefinitions: [
      {
        name: 'backend',
        logConfiguration: awslogs({ 'awslogs-group': GROUP, 'awslogs-stream-prefix': 'backend' })
      },
      { name: 'sidecar' }
    ]
  }

  it('the newest lines of each stopped container that logs to awslogs', async () => {
    cwl.on(GetLogEventsCommand).resolves({
      events: [
        { timestamp: 1, message: 'INFO: started' },
        { timestamp: 2, message: 'RuntimeError: DATABASE_URL not set' }
      ]
    })
    const tails = await tailStoppedTasks(logs(), definition, [{ taskId: 't1' }], 20, 'us-east-1')
    expect(tails).toEqual([
      {
        container: 'backend',
        taskId: 't1',
        group: GROUP,
        stream: 'backend/backend/t1',
        status: 'read',
        lines: ['INFO: started', 'RuntimeError: DATABASE_URL not set']
      }
    ])
    expect(cwl.commandCalls(GetLogEventsCommand)[0]?.args[0].input).toEqual({
      logGroupName: GROUP,
      logStreamName: 'backend/backend/t1',
      startFromHead: false,
      limit: 20
    })
    expect(lastLineNote(tails, 't1')).toBe(
      ' — last log line (backend): RuntimeError: DATABASE_URL not set'
    )
    expect(lastLineNote(tails, 'other')).toBe('')
  })

  it('AccessDenied: the permission named, and no more calls for the other tasks', async () => {
    cwl
      .on(GetLogEventsCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform: logs:GetLogEvents'))
    const tails = await tailStoppedTasks(
      logs(),
      definition,
      [{ taskId: 't1' }, { taskId: 't2' }],
      20,
      'us-east-1'
    )
    expect(tails).toHaveLength(1)
    expect(tails[0]).toMatchObject({ status: 'denied', permission: 'logs:GetLogEvents' })
    expect(cwl.commandCalls(GetLogEventsCommand)).toHaveLength(1)
    const { seen, log } = recordingLog()
    reportLogTails(tails, log)
    expect(seen).toEqual([
      `warning[Missing permission] Missing permission logs:GetLogEvents on log group ${GROUP} (AccessDeniedException: not authorized to perform: logs:GetLogEvents). The containers' log lines are not shown; the rest of the explanation is. Grant logs:GetLogEvents on log group ${GROUP} to the deploy role (docs/iam).`
    ])
    expect(renderLogTails(tails).join('\n')).toContain('missing permission logs:GetLogEvents')
  })

  it('a stream that does not exist: said so, and the next task still read', async () => {
    cwl
      .on(GetLogEventsCommand)
      .rejectsOnce(awsError('ResourceNotFoundException'))
      .resolves({ events: [{ timestamp: 1, message: 'x' }] })
    const tails = await tailStoppedTasks(
      logs(),
      definition,
      [{ taskId: 't1' }, { taskId: 't2' }],
      5,
      'us-east-1'
    )
    expect(tails.map(t => t.status)).toEqual(['unavailable', 'read'])
    expect(tails[0]).toMatchObject({ message: `no log stream backend/backend/t1 in ${GROUP}` })
  })

  it('an empty stream: says the container wrote nothing, never "Last 0 log lines"', async () => {
    cwl.on(GetLogEventsCommand).resolves({ events: [] })
    const tails = await tailStoppedTasks(logs(), definition, [{ taskId: 't1' }], 5, 'us-east-1')
    const seen: string[] = []
    reportLogTails(tails, {
      info: m => seen.push(m),
      notice: m => seen.push(m),
      warning: m => seen.push(m),
      error: m => seen.push(m),
      group: (_n, fn) => fn()
    })
    expect(seen).toEqual(['backend in task t1 wrote nothing to its log stream.'])
    expect(renderLogTails(tails)).toEqual([])
  })

  it('log-lines 0: no call at all', async () => {
    await expect(
      tailStoppedTasks(logs(), definition, [{ taskId: 't1' }], 0, 'us-east-1')
    ).resolves.toEqual([])
    expect(cwl.calls()).toHaveLength(0)
  })

  it('the summary shows every line read, in a block', () => {
    const tails: LogTail[] = [
      {
        container: 'backend',
        taskId: 't1',
        group: GROUP,
        stream: 's',
        status: 'read',
        lines: ['a', 'b']
      }
    ]
    expect(renderLogTails(tails)).toEqual([
      '',
      'Last log lines of `backend` in task `t1`:',
      '',
      '```',
      'a',
      'b',
      '```'
    ])
  })
})
