import { describe, expect, it } from '@jest/globals'
import type { ScheduledTasks } from '../../../../../src/engine/phases/scheduled-tasks/scheduled-task.js'
import {
  renderScheduledTasks,
  scheduledTaskRows,
  scheduledTasksOutput
} from '../../../../../src/engine/phases/scheduled-tasks/summary.js'
import {
  ecsRuleTarget,
  ecsSchedule,
  taskDefinitionArn
} from '../../../../../tools/stand-in/schedules/scheduled-tasks.js'

const spec = { cluster: 'megilance-cluster', family: 'megilance-reports', revision: 7 }
const OLD = taskDefinitionArn('megilance-reports', 7)
const NEW = taskDefinitionArn('megilance-reports', 8)
const schedule = ecsSchedule({ ...spec, name: 'weekly', group: 'jobs' })

const scheduled = (statuses: ScheduledTasks['tasks'][number]['status'][]): ScheduledTasks => ({
  ...spec,
  tasks: [
    {
      task: {
        kind: 'rule',
        rule: 'nightly',
        eventBus: 'ops',
        target: ecsRuleTarget({ ...spec, id: 'n' })
      },
      from: OLD,
      status: statuses[0]!,
      ...(statuses[0] === 'found' ? {} : { to: NEW })
    },
    {
      task: {
        kind: 'schedule',
        name: 'weekly',
        group: 'jobs',
        schedule
      },
      from: OLD,
      status: statuses[1]!,
      ...(statuses[1] === 'found' ? {} : { to: NEW }),
      ...(statuses[1] === 'failed'
        ? { note: 'UpdateSchedule: ConflictException: busy | try again' }
        : {})
    }
  ]
})

describe('the scheduled tasks in the report, the summary and the output', () => {
  it('rows name each task as the input does; output lists those moved', () => {
    const rows = scheduledTaskRows(scheduled(['moved', 'moved']), NEW)
    expect(rows).toEqual([
      { kind: 'rule', name: 'nightly@ops', target: 'n', from: OLD, to: NEW, status: 'moved' },
      { kind: 'schedule', name: 'weekly@jobs', from: OLD, to: NEW, status: 'moved' }
    ])
    expect(JSON.parse(scheduledTasksOutput(rows, false))).toEqual([
      { kind: 'rule', name: 'nightly@ops', target: 'n', from: OLD, to: NEW },
      { kind: 'schedule', name: 'weekly@jobs', from: OLD, to: NEW }
    ])
  })

  it('a dry run lists what would move; to is null while the revision is not registered', () => {
    const rows = scheduledTaskRows(scheduled(['found', 'found']), undefined)
    expect(JSON.parse(scheduledTasksOutput(rows, true))).toEqual([
      { kind: 'rule', name: 'nightly@ops', target: 'n', from: OLD, to: null },
      { kind: 'schedule', name: 'weekly@jobs', from: OLD, to: null }
    ])
    expect(renderScheduledTasks(rows, true)).toContain(
      '| rule | `nightly@ops` (target `n`) | `megilance-reports:7` | the new revision | would move |'
    )
  })

  it('put back: nothing stays moved; a failure shows its reason in the table', () => {
    const rows = scheduledTaskRows(scheduled(['put-back', 'failed']), NEW)
    expect(scheduledTasksOutput(rows, false)).toBe('[]')
    expect(renderScheduledTasks(rows, false)).toEqual([
      '### Scheduled tasks',
      '',
      '| Kind | Name | From | To | |',
      '|---|---|---|---|---|',
      '| rule | `nightly@ops` (target `n`) | `megilance-reports:7` | `megilance-reports:8` | ↩️ put back |',
      '| schedule | `weekly@jobs` | `megilance-reports:7` | `megilance-reports:8` | ❌ not moved: UpdateSchedule: ConflictException: busy \\| try again |',
      ''
    ])
  })

  it('none looked for: no section, an empty output; none found: said so', () => {
    expect(scheduledTaskRows(undefined, NEW)).toBeUndefined()
    expect(renderScheduledTasks(undefined, false)).toEqual([])
    expect(scheduledTasksOutput(undefined, false)).toBe('[]')
    expect(renderScheduledTasks([], false)).toContain(
      'No EventBridge rule or Scheduler schedule runs this family on the cluster.'
    )
  })
})
