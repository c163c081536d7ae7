import { describe, expect, it } from '@jest/globals'
import { CLUSTER } from '../../../tools/harness/megilance.js'
import { type StepResult, annotations } from '../../../tools/harness/runner.js'
import { rollouts, scheduledTasks } from '../../../tools/stand-in/index.js'
import { backendWorld, type BackendWorld } from '../support/world.js'
import {
  FAMILY,
  deployBackend,
  expectOutcome,
  movedOf,
  rev,
  seedScheduledJobs,
  snapshot,
  writes
} from '../support/scheduled-world.js'

/*
 * A rule another AWS service manages for the account (ManagedBy set), whose ECS target runs the
 * family: EventBridge refuses PutTargets on it (ManagedRuleException: "You cannot modify these
 * managed rules by using DisableRule, EnableRule, PutTargets, PutRule, TagResource, or
 * UntagResource.", stand-in/schedules/events-targets.ts). Under `auto` it is left as it is with a
 * warning and the rest move; named, it is refused before any write.
 */

const steps: StepResult[] = []
const MANAGED = 'megilance-backend-managed'
const BY = 'ecs.amazonaws.com'

function world(body: (w: BackendWorld) => Promise<void>) {
  return backendWorld(
    { serviceDeployments: true },
    { rollouts: [rollouts.succeeds(2, 2)] },
    steps,
    async w => {
      seedScheduledJobs(w.standIn)
      w.standIn.events.seedRule({
        name: MANAGED,
        scheduleExpression: 'rate(1 hour)',
        managedBy: BY,
        targets: [scheduledTasks.ecsRuleTarget({ cluster: CLUSTER, family: FAMILY, revision: 1 })]
      })
      await body(w)
    }
  )
}

describe('a rule another AWS service manages (dist bundle, runner contract, stand-in)', () => {
  it('auto: skipped with a warning, never sent to PutTargets; the others move', async () => {
    await world(async ({ standIn, job }) => {
      const before = standIn.events.targetsOf(MANAGED, 'default')
      const step = await deployBackend(job, { 'scheduled-tasks': 'auto' })
      expectOutcome(step, 'succeeded', 0)
      expect(annotations(step.log, 'warning')).toContainEqual({
        title: 'Scheduled task left as it is',
        message: `Rule ${MANAGED} on default runs ${FAMILY}, but ${BY} manages it and EventBridge refuses PutTargets on a managed rule: it is left as it is.`
      })
      expect(writes(standIn.calls)).toEqual([
        'RegisterTaskDefinition',
        'UpdateService',
        'PutTargets megilance-backend-nightly@default',
        'UpdateSchedule megilance-backend-weekly@jobs',
        'TagResource'
      ])
      expect(standIn.calls.filter(c => c.input.Rule === MANAGED).map(c => c.op)).toEqual([
        'ListTargetsByRule'
      ])
      expect(standIn.events.targetsOf(MANAGED, 'default')).toEqual(before)
      expect(movedOf(step)).toEqual([
        expect.objectContaining({ name: 'megilance-backend-nightly', to: rev(2) }),
        expect.objectContaining({ name: 'megilance-backend-weekly@jobs', to: rev(2) })
      ])
    })
  })

  it('named: refused before any write, saying who manages it', async () => {
    await world(async ({ standIn, job }) => {
      const before = snapshot(standIn)
      const step = await deployBackend(job, { 'scheduled-tasks': `rule:${MANAGED}` })
      expect(step.exitCode).toBe(1)
      expect(annotations(step.log, 'error').at(-1)?.message).toBe(
        `Input "scheduled-tasks": rule:${MANAGED}@default is managed by ${BY}; EventBridge refuses PutTargets on a managed rule ("You cannot modify these managed rules by using [...] PutTargets"). Nothing was registered or changed.`
      )
      expect(writes(standIn.calls, true)).toEqual([])
      expect(snapshot(standIn)).toEqual(before)
      expect(step.outputs.outcome).toBeUndefined()
    })
  })
})
