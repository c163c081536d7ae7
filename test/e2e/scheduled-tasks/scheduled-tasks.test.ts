import { describe, expect, it } from '@jest/globals'
import { CLUSTER, service } from '../../../tools/harness/megilance.js'
import { type StepResult, annotations } from '../../../tools/harness/runner.js'
import { rollouts } from '../../../tools/stand-in/index.js'
import { backendWorld, type BackendWorld } from '../support/world.js'
import {
  SCHEDULE_TD,
  TARGET_TD,
  deployBackend,
  expectOnlyChanged,
  expectOutcome,
  movedOf,
  rev,
  seedScheduledJobs,
  snapshot,
  unmodified,
  writes
} from '../support/scheduled-world.js'

/*
 * Scheduled tasks follow the release: the packaged action (dist/) under the runner's contract,
 * against the stand-in's EventBridge and Scheduler (events*.ts, scheduler*.ts quote AWS). Each
 * case asserts the outcome, the output scheduled-tasks, the calls made (and not made) and what
 * the rules and schedules hold afterwards, field by field. Failures and rollbacks:
 * scheduled-tasks-failures.test.ts.
 */

const steps: StepResult[] = []

function world(body: (w: BackendWorld) => Promise<void>, scripts = [rollouts.succeeds(2, 2)]) {
  return backendWorld({ serviceDeployments: true }, { rollouts: scripts }, steps, async w => {
    seedScheduledJobs(w.standIn)
    await body(w)
  })
}

describe('scheduled tasks follow the release (dist bundle, runner contract, stand-in)', () => {
  it('auto: two rules on two buses and a schedule in the jobs group move after the verdict; the rest untouched', async () => {
    await world(async ({ standIn, job }) => {
      const before = snapshot(standIn)
      const step = await deployBackend(job, { 'scheduled-tasks': 'auto\nauto@ops' })
      expectOutcome(step, 'succeeded', 0)
      expect(movedOf(step)).toEqual([
        {
          kind: 'rule',
          name: 'megilance-backend-nightly',
          target: 'megilance-backend-task',
          from: rev(1),
          to: rev(2)
        },
        {
          kind: 'rule',
          name: 'megilance-backend-hourly@ops',
          target: 'hourly',
          from: rev(1),
          to: rev(2)
        },
        { kind: 'schedule', name: 'megilance-backend-weekly@jobs', from: rev(1), to: rev(2) }
      ])
      // After the verdict (ECS's success seen), before the outcome tag; one PutTargets a rule.
      expect(writes(standIn.calls)).toEqual([
        'RegisterTaskDefinition',
        'UpdateService',
        'PutTargets megilance-backend-nightly@default',
        'PutTargets megilance-backend-hourly@ops',
        'UpdateSchedule megilance-backend-weekly@jobs',
        'TagResource'
      ])
      // Each PutTargets sends the target exactly as ListTargetsByRule gave it, but its revision.
      const put = standIn
        .answered('PutTargets')
        .map(c => c.input.Targets as Record<string, unknown>[])
      expect(put.map(t => t.length)).toEqual([1, 1])
      expectOnlyChanged(before.rules.nightly[0], put[0]?.[0], TARGET_TD, rev(2))
      expectOnlyChanged(before.rules.hourly[0], put[1]?.[0], TARGET_TD, rev(2))
      const after = snapshot(standIn)
      expectOnlyChanged(before.rules.nightly[0], after.rules.nightly[0], TARGET_TD, rev(2))
      expect(after.rules.nightly[1]).toEqual(before.rules.nightly[1]) // the Lambda target
      expectOnlyChanged(before.rules.hourly[0], after.rules.hourly[0], TARGET_TD, rev(2))
      expect(after.rules.otherFamily).toEqual(before.rules.otherFamily)
      expect(after.rules.otherCluster).toEqual(before.rules.otherCluster)
      // UpdateSchedule replaced the schedule whole: every field as it was (DISABLED stays so).
      expectOnlyChanged(
        unmodified(before.schedules.weekly),
        unmodified(after.schedules.weekly),
        SCHEDULE_TD,
        rev(2)
      )
      expect(after.schedules.weekly.State).toBe('DISABLED')
      expect(after.schedules.otherFamily).toEqual(before.schedules.otherFamily)
      expect(after.schedules.queue).toEqual(before.schedules.queue)
      expect(step.summary).toContain('### Scheduled tasks')
      expect(step.summary).toContain(
        '| schedule | `megilance-backend-weekly@jobs` | `megilance-backend:1` | `megilance-backend:2` | ✅ moved |'
      )
      expect(annotations(step.log, 'error')).toEqual([])
    })
  })

  it('dry run: lists what would move, from which revision to the one not yet registered; no write', async () => {
    await world(async ({ standIn, job }) => {
      const before = snapshot(standIn)
      const step = await deployBackend(job, {
        'scheduled-tasks': 'auto\nauto@ops',
        'dry-run': 'true'
      })
      expectOutcome(step, 'dry-run', 0)
      expect(movedOf(step)).toEqual([
        {
          kind: 'rule',
          name: 'megilance-backend-nightly',
          target: 'megilance-backend-task',
          from: rev(1),
          to: null
        },
        {
          kind: 'rule',
          name: 'megilance-backend-hourly@ops',
          target: 'hourly',
          from: rev(1),
          to: null
        },
        { kind: 'schedule', name: 'megilance-backend-weekly@jobs', from: rev(1), to: null }
      ])
      expect(writes(standIn.calls)).toEqual([])
      expect(snapshot(standIn)).toEqual(before)
      expect(step.log).toContain('schedule megilance-backend-weekly@jobs runs ' + rev(1))
      expect(step.summary).toContain(
        '| rule | `megilance-backend-hourly@ops` (target `hourly`) | `megilance-backend:1` | the new revision | would move |'
      )
    })
  })

  it('mode rollback: the scheduled tasks the deploy moved follow the service back to revision 1', async () => {
    await world(
      async ({ standIn, job }) => {
        const before = snapshot(standIn)
        expectOutcome(
          await deployBackend(job, { 'scheduled-tasks': 'auto\nauto@ops' }),
          'succeeded',
          0
        )
        const mark = standIn.calls.length
        const back = await deployBackend(job, {
          mode: 'rollback',
          'rollback-to': '1',
          'task-definition': '',
          'container-name': '',
          image: '',
          'scheduled-tasks': 'auto\nauto@ops'
        })
        expectOutcome(back, 'succeeded', 0)
        expect(movedOf(back)).toEqual([
          {
            kind: 'rule',
            name: 'megilance-backend-nightly',
            target: 'megilance-backend-task',
            from: rev(2),
            to: rev(1)
          },
          {
            kind: 'rule',
            name: 'megilance-backend-hourly@ops',
            target: 'hourly',
            from: rev(2),
            to: rev(1)
          },
          { kind: 'schedule', name: 'megilance-backend-weekly@jobs', from: rev(2), to: rev(1) }
        ])
        expect(writes(standIn.calls.slice(mark))).toEqual([
          'UpdateService',
          'PutTargets megilance-backend-nightly@default',
          'PutTargets megilance-backend-hourly@ops',
          'UpdateSchedule megilance-backend-weekly@jobs'
        ])
        const after = snapshot(standIn)
        expect(after.rules).toEqual(before.rules)
        expect(unmodified(after.schedules.weekly)).toEqual(unmodified(before.schedules.weekly))
      },
      [rollouts.succeeds(2, 2), rollouts.succeeds(2, 2)]
    )
  })

  it('a family without a service: registered, its named schedules moved, no service read or updated', async () => {
    await world(async ({ standIn, job }) => {
      const before = snapshot(standIn)
      const step = await deployBackend(job, {
        service: '',
        'scheduled-tasks':
          'rule:megilance-backend-hourly@ops\nschedule:megilance-backend-weekly@jobs'
      })
      expectOutcome(step, 'succeeded', 0)
      expect(step.outputs['task-definition-arn']).toBe(rev(2))
      expect(movedOf(step)).toEqual([
        {
          kind: 'rule',
          name: 'megilance-backend-hourly@ops',
          target: 'hourly',
          from: rev(1),
          to: rev(2)
        },
        { kind: 'schedule', name: 'megilance-backend-weekly@jobs', from: rev(1), to: rev(2) }
      ])
      const ecs = standIn.ops('ecs')
      expect(ecs).toContain('RegisterTaskDefinition')
      expect(ecs).not.toContain('DescribeServices')
      expect(ecs).not.toContain('UpdateService')
      expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(rev(1))
      const after = snapshot(standIn)
      expect(after.rules.nightly).toEqual(before.rules.nightly) // not named: left as it is
      expectOnlyChanged(before.rules.hourly[0], after.rules.hourly[0], TARGET_TD, rev(2))
      expect(step.summary).toContain('family `megilance-backend` (no service)')
    })
  })
})

describe('bad scheduled-tasks: a clear error, nothing written', () => {
  it.each([
    [
      'rule:megilance-backend-daily',
      'rule:megilance-backend-daily@default does not exist (AWS: Rule megilance-backend-daily does not exist on EventBus default.)'
    ],
    [
      'schedule:megilance-backend-weekly',
      'schedule:megilance-backend-weekly@default does not exist'
    ],
    ['auto@billing', 'auto@billing: event bus billing does not exist'],
    [
      'rule:megilance-worker-cleanup',
      `rule:megilance-worker-cleanup@default runs no ECS task of family megilance-backend on cluster ${CLUSTER}; it runs ${rev(9).replace('backend', 'worker')} on`
    ],
    [
      'rule:megilance-backend-staging',
      `rule:megilance-backend-staging@default runs no ECS task of family megilance-backend on cluster ${CLUSTER}; it runs ${rev(1)} on arn:aws:ecs:us-east-1:123456789012:cluster/megilance-staging. Nothing was registered or changed.`
    ],
    [
      'schedule:queue-poke',
      'schedule:queue-poke@default runs no ECS task of family megilance-backend on cluster megilance-cluster; it runs arn:aws:sqs:us-east-1:123456789012:poke (not an ECS task)'
    ],
    ['rule:nightly@', '"rule:nightly@": "" is not an event bus name or ARN']
  ])('%s', async (line, message) => {
    await world(async ({ standIn, job }) => {
      const before = snapshot(standIn)
      const step = await deployBackend(job, { 'scheduled-tasks': line })
      expect(step.exitCode).toBe(1)
      const errors = annotations(step.log, 'error')
      expect(errors.at(-1)?.message).toContain(`Input "scheduled-tasks": ${message}`)
      // The step stops before any report: no `outcome`, no `scheduled-tasks` output.
      expect(step.outputs).toEqual({})
      expect(writes(standIn.calls, true)).toEqual([])
      expect(snapshot(standIn)).toEqual(before)
      expect(step.summary).toContain('ECS deploy stopped')
    })
  })
})
