import { beforeEach, describe, expect, it } from '@jest/globals'
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  StopTaskCommand,
  type Task
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { recordingLog } from '../../../../support/recording-log.js'
import {
  runOneOffTask,
  renderOneOffTask
} from '../../../../../src/engine/phases/one-off-task/run.js'
import { oneOffTaskVerdict } from '../../../../../src/engine/phases/one-off-task/one-off-task.js'
import { PostState } from '../../../../../src/engine/post-state.js'
import { stopOneOffTaskOnCancel } from '../../../../../src/actions/ecs-deploy/stop-on-cancel.js'
import { ecsApi as ecs, logsApi as logs } from '../../../../support/aws-apis.js'
import { VirtualClock } from '../../../../support/fakes/fake-runtime.js'

const ecsMock = mockClient(ECSClient)
const cwl = mockClient(CloudWatchLogsClient)
beforeEach(() => {
  ecsMock.reset()
  cwl.reset()
})

describe('runOneOffTask', () => {
  const TASK =
    'arn:aws:ecs:us-east-1:123456789012:task/megilance-cluster/0123456789abcdef0123456789abcdef'
  const request = {
    cluster: 'megilance-cluster',
    taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:42',
    overrides: {
      containerOverrides: [{ name: 'backend', command: ['sh', '-c', 'alembic upgrade head'] }]
    }
  }
  const definition = {
    containerDefinitions: [
      {
        name: 'backend',
        logConfiguration: {
          logDriver: 'awslogs' as const,
          options: { 'awslogs-group': '/ecs/megilance-backend', 'awslogs-stream-prefix': 'backend' }
        }
      }
    ]
  }
  const task = (o: Partial<Task> & { exitCode?: number }): Task => ({
    taskArn: TASK,
    lastStatus: 'RUNNING',
    ...o,
    containers: [{ name: 'backend', ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}) }]
  })

  function deps(clock = new VirtualClock()) {
    const state: Record<string, string> = {}
    const { seen, log } = recordingLog()
    return {
      d: {
        ecs: ecs(),
        logs: logs(),
        log,
        now: clock.now,
        sleep: clock.sleep,
        post: new PostState((n, v) => void (state[n] = v))
      },
      state,
      seen,
      clock
    }
  }
  const run = (clock: VirtualClock) => ({
    request,
    taskDefinition: definition,
    region: 'us-east-1',
    deadline: clock.now() + 60_000,
    intervalMs: 10_000,
    logLines: 20
  })

  it('exit 0: succeeded, its lines streamed, the state the post step reads saved then cleared', async () => {
    ecsMock
      .on(RunTaskCommand)
      .resolves({ tasks: [task({ lastStatus: 'PROVISIONING' })], failures: [] })
    ecsMock
      .on(DescribeTasksCommand)
      .resolvesOnce({ tasks: [task({})] })
      .resolves({
        tasks: [
          task({
            lastStatus: 'STOPPED',
            exitCode: 0,
            stoppedReason: 'Essential container in task exited'
          })
        ]
      })
    cwl
      .on(GetLogEventsCommand)
      .resolvesOnce({
        events: [{ timestamp: 1, message: 'Running upgrade a -> b' }],
        nextForwardToken: 'f/1'
      })
      .resolves({ events: [], nextForwardToken: 'f/1' })
    const { d, state, seen, clock } = deps()
    const result = await runOneOffTask(d, run(clock))
    expect(result).toMatchObject({
      taskArn: TASK,
      status: 'succeeded',
      exitCode: 0,
      lines: ['Running upgrade a -> b']
    })
    expect(oneOffTaskVerdict(result)).toBeUndefined()
    expect(state).toEqual({
      'run-task-cluster': 'megilance-cluster',
      'run-task-arn': TASK,
      'run-task-running': 'false'
    })
    expect(seen).toContain('info   backend | Running upgrade a -> b')
    expect(ecsMock.commandCalls(StopTaskCommand)).toHaveLength(0)
    expect(cwl.commandCalls(GetLogEventsCommand)[0]?.args[0].input.logStreamName).toBe(
      'backend/backend/0123456789abcdef0123456789abcdef'
    )
  })

  it('exit 3: failed, with the exit code, the stopped reason and the last line; a run-task verdict', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [task({})], failures: [] })
    ecsMock.on(DescribeTasksCommand).resolves({
      tasks: [
        task({
          lastStatus: 'STOPPED',
          exitCode: 3,
          stoppedReason: 'Essential container in task exited'
        })
      ]
    })
    cwl.on(GetLogEventsCommand).resolves({
      events: [{ timestamp: 1, message: 'KeyError: DATABASE_URL' }],
      nextForwardToken: 'f/1'
    })
    const { d, clock } = deps()
    const result = await runOneOffTask(d, run(clock))
    expect(result.status).toBe('failed')
    expect(result.reason).toBe(
      'The one-off task 0123456789abcdef0123456789abcdef (backend: ["sh","-c","alembic upgrade head"]) exited with code 3: Essential container in task exited. The service was not updated. Last log line: KeyError: DATABASE_URL'
    )
    expect(oneOffTaskVerdict(result)).toEqual({
      status: 'failed',
      kind: 'run-task',
      reason: result.reason,
      ecsRollingBack: false
    })
    expect(renderOneOffTask(result).join('\n')).toContain('- Exit code: 3')
  })

  it('RunTask places no task: failed to start, with the failure reason; nothing to stop', async () => {
    ecsMock
      .on(RunTaskCommand)
      .resolves({ tasks: [], failures: [{ arn: 'x', reason: 'RESOURCE:MEMORY' }] })
    const { d, state, clock } = deps()
    const result = await runOneOffTask(d, run(clock))
    expect(result).toMatchObject({
      status: 'failed-to-start',
      taskArn: undefined,
      stoppedReason: 'RESOURCE:MEMORY'
    })
    expect(state).toEqual({})
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0)
  })

  it('never stops: StopTask once the time is up, timed-out, no exit code', async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [task({})], failures: [] })
    ecsMock.on(DescribeTasksCommand).resolves({ tasks: [task({})] })
    ecsMock.on(StopTaskCommand).resolves({ task: task({ desiredStatus: 'STOPPED' }) })
    cwl
      .on(GetLogEventsCommand)
      .rejects(Object.assign(new Error('no stream'), { name: 'ResourceNotFoundException' }))
    const { d, state, clock } = deps()
    const result = await runOneOffTask(d, run(clock))
    expect(result).toMatchObject({ status: 'timed-out', exitCode: undefined })
    expect(ecsMock.commandCalls(StopTaskCommand)[0]?.args[0].input).toEqual({
      cluster: 'megilance-cluster',
      task: TASK,
      reason: 'ecs-deploy: wait-for-minutes ran out before the one-off task stopped'
    })
    // Looks every 10 s for 60 s: the last wait is cut to the deadline.
    expect(clock.sleeps).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000])
    expect(state['run-task-running']).toBe('false')
  })
})

describe('stopOneOffTaskOnCancel (post step)', () => {
  const state = (s: Record<string, string>) => (name: string) => s[name] ?? ''
  it('a task still running: StopTask, a warning and a summary line', async () => {
    ecsMock
      .on(StopTaskCommand)
      .resolves({ task: { desiredStatus: 'STOPPED', lastStatus: 'RUNNING' } })
    const warnings: string[] = []
    const summaries: string[] = []
    const stopped = await stopOneOffTaskOnCancel({
      getState: state({
        'run-task-running': 'true',
        'run-task-arn': 'arn:task/1',
        'run-task-cluster': 'c'
      }),
      connect: async () => ecs(),
      warning: (m, t) => warnings.push(`${t}: ${m}`),
      summary: async m => void summaries.push(m)
    })
    expect(stopped).toBe(true)
    expect(ecsMock.commandCalls(StopTaskCommand)[0]?.args[0].input).toEqual({
      cluster: 'c',
      task: 'arn:task/1',
      reason: 'ecs-deploy: the job was cancelled while the one-off task ran'
    })
    expect(warnings).toEqual([
      expect.stringMatching(
        /^One-off task stopped: The job stopped while the one-off task arn:task\/1 was running/
      )
    ])
    expect(summaries[0]).toContain('One-off task stopped')
  })

  it('no task running: no AWS call at all', async () => {
    let connected = false
    const stopped = await stopOneOffTaskOnCancel({
      getState: state({ 'run-task-running': 'false', 'run-task-arn': 'arn:task/1' }),
      connect: async () => ((connected = true), ecs()),
      warning: () => undefined,
      summary: async () => undefined
    })
    expect(stopped).toBe(false)
    expect(connected).toBe(false)
  })
})
