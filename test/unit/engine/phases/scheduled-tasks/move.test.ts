import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutTargetsCommand
} from '@aws-sdk/client-eventbridge'
import { SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler'
import { mockClient } from 'aws-sdk-client-mock'
import type { Context, Deps } from '../../../../../src/engine/deps.js'
import type { Started } from '../../../../../src/engine/kinds/kind.js'
import { withTaskDefinition } from '../../../../../src/engine/phases/scheduled-tasks/entries.js'
import {
  moveScheduledTasks,
  putBackScheduledTasks
} from '../../../../../src/engine/phases/scheduled-tasks/move.js'
import type { TrackedTask } from '../../../../../src/engine/phases/scheduled-tasks/scheduled-task.js'
import type { RunRecord } from '../../../../../src/engine/record.js'
import type { Settings } from '../../../../../src/engine/settings/settings.js'
import {
  ecsRuleTarget,
  ecsSchedule,
  taskDefinitionArn
} from '../../../../../tools/stand-in/schedules/scheduled-tasks.js'
import { eventsApi, schedulerApi } from '../../../../support/aws-apis.js'
import { recordingLog } from '../../../../support/recording-log.js'

/*
 * The move and put-back phases as the record drives them: when each acts (a succeeded verdict; a
 * rollback, or no service) and when each leaves the scheduled tasks alone.
 */

const eb = mockClient(EventBridgeClient)
const scheduler = mockClient(SchedulerClient)
const spec = { cluster: 'megilance-cluster', family: 'megilance-reports', revision: 7 }
const OLD = taskDefinitionArn('megilance-reports', 7)
const NEW = taskDefinitionArn('megilance-reports', 8)
const target = ecsRuleTarget(spec)
const schedule = ecsSchedule({ ...spec, name: 'weekly', group: 'jobs' })

const tasks = (status: TrackedTask['status']): TrackedTask[] => [
  {
    task: { kind: 'rule', rule: 'nightly', eventBus: 'default', target },
    from: OLD,
    status,
    to: NEW
  },
  {
    task: { kind: 'schedule', name: 'weekly', group: 'jobs', schedule },
    from: OLD,
    status,
    to: NEW
  }
]

function context(): { x: Context; seen: string[] } {
  const { seen, log } = recordingLog()
  const io = { events: eventsApi(), scheduler: schedulerApi(), log, sleep: async () => {} }
  return { x: { s: {} as Settings, io: io as unknown as Deps }, seen }
}

const record = (more: Partial<RunRecord>): RunRecord => ({
  mode: 'deploy',
  startedAt: 0,
  deadline: 0,
  answeredHooks: [],
  targetArn: NEW,
  ...more
})

const started = {} as Started

beforeEach(() => {
  eb.reset()
  scheduler.reset()
  eb.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 })
  scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn:s' })
})

describe('moving the scheduled tasks', () => {
  it.each([
    ['no succeeded verdict', { verdict: { status: 'unknown', reason: 'r' } as const }],
    [
      'a failed verdict',
      {
        verdict: { status: 'failed', kind: 'timeout', reason: 'r', ecsRollingBack: false } as const
      }
    ],
    [
      'no revision',
      { verdict: { status: 'succeeded', reason: 'r' } as const, targetArn: undefined }
    ]
  ])('%s: nothing is written', async (_, more) => {
    const r = record({ ...more, scheduled: { ...spec, tasks: tasks('found') } })
    expect(await moveScheduledTasks(r, context().x)).toBe(r)
    expect(eb.calls()).toEqual([])
    expect(scheduler.calls()).toEqual([])
  })

  it('a task naming no revision (it runs the latest) is left unchanged; the others move', async () => {
    eb.on(ListTargetsByRuleCommand).resolves({ Targets: [withTaskDefinition(target, NEW)] })
    const found = tasks('found')
    const r = record({
      verdict: { status: 'succeeded', reason: 'r' },
      scheduled: { ...spec, tasks: [found[0]!, { ...found[1]!, from: 'megilance-reports' }] }
    })
    const { x, seen } = context()
    const moved = await moveScheduledTasks(r, x)
    expect(moved.scheduled?.tasks.map(t => t.status)).toEqual(['moved', 'unchanged'])
    expect(moved.verdict?.status).toBe('succeeded')
    expect(scheduler.calls()).toEqual([])
    expect(seen).toContainEqual(expect.stringContaining('schedule weekly@jobs names no revision'))
  })
})

describe('putting them back', () => {
  it('after a rollback: each task moved is put back whole on the revision it ran', async () => {
    eb.on(ListTargetsByRuleCommand).resolves({ Targets: [target] })
    const r = record({
      outcome: 'rolled-back',
      started,
      rollback: { by: 'action', taskDefinitionArn: OLD },
      scheduled: { ...spec, tasks: tasks('moved') }
    })
    const back = await putBackScheduledTasks(r, context().x)
    expect(back.scheduled?.tasks.map(t => t.status)).toEqual(['put-back', 'put-back'])
    expect(back.outcome).toBe('rolled-back')
    expect(eb.commandCalls(PutTargetsCommand)[0]?.args[0].input.Targets).toEqual([target])
    const update = scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input
    expect(update?.Target?.EcsParameters?.TaskDefinitionArn).toBe(OLD)
  })

  it('the service left on the new revision (rollback-on-failure false): so are they', async () => {
    const r = record({ outcome: 'failed', started, scheduled: { ...spec, tasks: tasks('moved') } })
    const { x, seen } = context()
    expect(await putBackScheduledTasks(r, x)).toBe(r)
    expect(eb.calls()).toEqual([])
    expect(seen).toContain(
      'info The service stays on the new revision: so do the scheduled tasks moved to it.'
    )
  })

  it('no service (a family): put back, and the run ends failed', async () => {
    eb.on(ListTargetsByRuleCommand).resolves({ Targets: [target] })
    const r = record({ scheduled: { ...spec, tasks: tasks('moved') } })
    const back = await putBackScheduledTasks(r, context().x)
    expect(back.outcome).toBe('failed')
    expect(back.scheduled?.tasks.map(t => t.status)).toEqual(['put-back', 'put-back'])
  })

  it('a move refused (not uncertain) is not put back; one AWS may have applied is', async () => {
    eb.on(ListTargetsByRuleCommand).resolves({ Targets: [target] })
    const [rule, sched] = tasks('failed')
    const r = record({
      outcome: 'rolled-back',
      started,
      rollback: { by: 'action', taskDefinitionArn: OLD },
      scheduled: {
        ...spec,
        tasks: [
          { ...rule!, uncertain: true },
          { ...sched!, uncertain: false }
        ]
      }
    })
    const back = await putBackScheduledTasks(r, context().x)
    expect(back.scheduled?.tasks.map(t => t.status)).toEqual(['put-back', 'failed'])
    expect(scheduler.calls()).toEqual([])
  })
})
