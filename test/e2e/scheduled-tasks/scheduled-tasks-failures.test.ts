import { describe, expect, it } from '@jest/globals'
import { CLUSTER, service } from '../../../tools/harness/megilance.js'
import { type StepResult, annotations } from '../../../tools/harness/runner.js'
import { type RolloutScript, type StandInOptions, rollouts } from '../../../tools/stand-in/index.js'
import { backendWorld, type BackendWorld } from '../support/world.js'
import {
  RULES,
  SCHEDULES,
  deployBackend,
  expectOutcome,
  movedOf,
  rev,
  seedScheduledJobs,
  snapshot,
  writes
} from '../support/scheduled-world.js'

/*
 * Scheduled tasks when something fails (scheduled-tasks.test.ts has the moves that succeed): a
 * PutTargets answer with FailedEntryCount 1 is sent again, and never ends in a silent success; a
 * task that cannot be moved fails the deploy, which is rolled back, and each task moved is put
 * back; a deploy that fails moves nothing. EventBridge reads lag its writes here ("Allow a short
 * period of time for changes to take effect."): every check after a write allows for it.
 */

const steps: StepResult[] = []
const AUTO = { 'scheduled-tasks': 'auto\nauto@ops' }
const [HOURLY, OPS] = RULES.hourly
const [WEEKLY, JOBS] = SCHEDULES.weekly
const crash = {
  stoppedReason: 'Essential container in task exited',
  exitCode: 1,
  containerReason: 'RuntimeError: DATABASE_URL is not set'
}

function world(
  scripts: RolloutScript[],
  body: (w: BackendWorld) => Promise<void>,
  options: StandInOptions = { eventsReadLagMs: 1500 }
) {
  return backendWorld(
    { serviceDeployments: true, ...options },
    { rollouts: scripts },
    steps,
    async w => {
      seedScheduledJobs(w.standIn)
      await body(w)
    }
  )
}

/** The deploy rolls out (revision 2), and the rollback after a failure too (revision 1 again). */
const twoRollouts = () => [rollouts.succeeds(2, 2), rollouts.succeeds(2, 2)]

describe('scheduled tasks when something fails (dist bundle, runner contract, stand-in)', () => {
  it('FailedEntryCount 1: the failed target is sent again, then read back through the lag → succeeded', async () => {
    await world([rollouts.succeeds(2, 2)], async ({ standIn, job }) => {
      standIn.events.failPutTargets({ rule: HOURLY, eventBusName: OPS })
      const step = await deployBackend(job, AUTO)
      expectOutcome(step, 'succeeded', 0)
      expect(writes(standIn.calls)).toEqual([
        'RegisterTaskDefinition',
        'UpdateService',
        'PutTargets megilance-backend-nightly@default',
        'PutTargets megilance-backend-hourly@ops',
        'PutTargets megilance-backend-hourly@ops',
        'UpdateSchedule megilance-backend-weekly@jobs',
        'TagResource'
      ])
      expect(annotations(step.log, 'warning')).toContainEqual({
        title: 'PutTargets partly failed',
        message: expect.stringContaining(
          `PutTargets on rule ${HOURLY} (bus ops) answered FailedEntryCount 1 (target hourly: ConcurrentModificationException`
        )
      })
      expect(step.log).toContain('ListTargetsByRule does not show')
      expect(standIn.events.targetsOf(HOURLY, OPS)[0]?.EcsParameters?.TaskDefinitionArn).toBe(
        rev(2)
      )
      expect(movedOf(step)).toHaveLength(3)
    })
  })

  it('FailedEntryCount 1 every time: never a silent success; rolled back, the rule moved put back', async () => {
    await world(twoRollouts(), async ({ standIn, job }) => {
      standIn.events.failPutTargets({ rule: HOURLY, eventBusName: OPS, times: Infinity })
      const before = snapshot(standIn)
      const step = await deployBackend(job, AUTO)
      expectOutcome(step, 'rolled-back', 1)
      expect(writes(standIn.calls)).toEqual([
        'RegisterTaskDefinition',
        'UpdateService',
        'PutTargets megilance-backend-nightly@default',
        ...Array(4).fill('PutTargets megilance-backend-hourly@ops'),
        'TagResource',
        'UpdateService',
        'PutTargets megilance-backend-nightly@default'
      ])
      const errors = annotations(step.log, 'error')
      expect(errors).toContainEqual({
        title: 'Deployment failed (scheduled-tasks)',
        message: `rule ${HOURLY}@ops (target hourly) could not be moved to megilance-backend:2: PutTargets failed 4 times (ConcurrentModificationException: Too many requests were made at the same time. Try again.).`
      })
      expect(errors.at(-1)?.message).toMatch(
        new RegExp(
          `^Deployment failed and was rolled back to ${rev(1)}: rule ${HOURLY}@ops \\(target hourly\\) could not be moved`
        )
      )
      expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(rev(1))
      expect(snapshot(standIn)).toEqual(before) // every rule and schedule on revision 1 again
      expect(movedOf(step)).toEqual([])
      expect(step.summary).toContain('↩️ put back')
      expect(step.summary).toContain('❌ not moved: PutTargets failed 4 times')
      expect(step.summary).toContain(
        '| `megilance-backend-weekly@jobs` | `megilance-backend:1` | `megilance-backend:2` | not moved: not sent: an earlier scheduled task could not be moved |'
      )
    })
  })

  it('UpdateSchedule refused: rolled back, both rules moved on two buses put back whole', async () => {
    await world(twoRollouts(), async ({ standIn, job }) => {
      standIn.scheduler.failUpdateSchedule({ name: WEEKLY, groupName: JOBS, times: Infinity })
      const before = snapshot(standIn)
      const step = await deployBackend(job, AUTO)
      expectOutcome(step, 'rolled-back', 1)
      expect(writes(standIn.calls).filter(w => !w.startsWith('UpdateSchedule'))).toEqual([
        'RegisterTaskDefinition',
        'UpdateService',
        'PutTargets megilance-backend-nightly@default',
        'PutTargets megilance-backend-hourly@ops',
        'TagResource',
        'UpdateService',
        'PutTargets megilance-backend-nightly@default',
        'PutTargets megilance-backend-hourly@ops'
      ])
      // ConflictException ("can cause an inconsistent state") is tried again, then the move fails.
      expect(standIn.calls.filter(c => c.op === 'UpdateSchedule').map(c => c.status)).toEqual([
        409, 409, 409, 409
      ])
      const putBack = standIn.answered('PutTargets').slice(2)
      expect(putBack.map(c => c.input.Targets)).toEqual([
        [before.rules.nightly[0]],
        [before.rules.hourly[0]]
      ])
      expect(snapshot(standIn)).toEqual(before)
      expect(annotations(step.log, 'error')).toContainEqual({
        title: 'Deployment failed (scheduled-tasks)',
        message: expect.stringContaining(
          `schedule ${WEEKLY}@jobs could not be moved to megilance-backend:2: UpdateSchedule: ConflictException`
        )
      })
    })
  })

  it('a deploy that fails and is rolled back moves no scheduled task: every one on the old revision', async () => {
    await world(
      [rollouts.oneRunsOthersCrash(crash, 4), rollouts.succeeds(2, 2)],
      async ({ standIn, job }) => {
        const before = snapshot(standIn)
        const step = await deployBackend(job, AUTO)
        expectOutcome(step, 'rolled-back', 1)
        expect(writes(standIn.calls)).toEqual([
          'RegisterTaskDefinition',
          'UpdateService',
          'TagResource',
          'UpdateService'
        ])
        expect(snapshot(standIn)).toEqual(before)
        expect(movedOf(step)).toEqual([])
        expect(step.summary).toContain(
          '| schedule | `megilance-backend-weekly@jobs` | `megilance-backend:1` | `megilance-backend:2` | not moved |'
        )
      }
    )
  })
})
