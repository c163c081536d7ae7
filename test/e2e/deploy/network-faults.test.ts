import { describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  CLUSTER,
  deployInputs,
  seedMegilance,
  service,
  tdArn,
  type SeedOptions
} from '../../../tools/harness/megilance.js'
import { Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import {
  STATIC_KEYS,
  type StandIn,
  type StandInOptions,
  startStandIn
} from '../../../tools/stand-in/index.js'

/*
 * The network between the action and AWS, under the runner's contract: the packaged
 * action-ecs-deploy (dist/) against a stand-in that loses an answer after acting, or never
 * answers a call (tools/stand-in/faults.ts).
 */

const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8'
const RUN_ID = '5550003'

async function scenario(
  options: { standIn?: StandInOptions; seed?: SeedOptions },
  body: (s: { standIn: StandIn; job: Job; before: string }) => Promise<void>
): Promise<void> {
  const standIn = await startStandIn(options.standIn ?? {})
  const before = seedMegilance(standIn, options.seed ?? {}).backend
  const workspace = createMegilanceWorkspace()
  const job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    staticKeys: STATIC_KEYS,
    sha: SHA,
    runId: RUN_ID,
    stepTimeoutMs: 150_000
  })
  try {
    await body({ standIn, job, before })
  } finally {
    job.close()
    await standIn.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

/** expect(actual).toBe(expected), showing the step's whole log when it fails. */
function expectStep(step: StepResult, actual: unknown, expected: unknown): void {
  if (actual !== expected) {
    throw new Error(
      `${step.name}: expected ${String(expected)}, got ${String(actual)} (exit ${step.exitCode})\n${step.log}`
    )
  }
}

describe('a lost answer, a call never answered', () => {
  it("RunTask's answer lost after ECS started the task: the retry names the same task, one task runs", async () => {
    await scenario({ standIn: { loseAnswers: { RunTask: 1 } } }, async ({ standIn, job }) => {
      standIn.tasks.queueTask({ exitCode: 0, lines: ['migrated'] })
      standIn.tasks.queueTask({ exitCode: 0, lines: ['a second migration'] })
      const step = await job.run(
        'ecs-deploy',
        deployInputs('backend', { 'run-task-command': 'alembic upgrade head' }, { role: false })
      )
      expectStep(step, step.outputs.outcome, 'succeeded')
      const sent = standIn.calls.filter(c => c.op === 'RunTask')
      // The first answer was lost (the connection closed), so the SDK sent RunTask again...
      expect(sent.map(c => [c.status, c.error])).toEqual([
        [0, 'ConnectionClosed'],
        [200, undefined]
      ])
      // ...with the same token, made of the run, its attempt and the revision...
      const token = `${RUN_ID}-1-megilance-backend:2`
      expect(sent.map(c => c.input.clientToken)).toEqual([token, token])
      // ...and ECS answered with the task the first one started: one task ran, and it is tracked.
      const tasks = standIn.tasks.run()
      expect(tasks).toHaveLength(1)
      expect(step.outputs['run-task-arn']).toBe(tasks[0]?.taskArn)
      expect(step.log).not.toContain('a second migration')
      expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 2))
    })
  }, 120_000)

  it('DescribeServices never answers during the watch: the step decides by wait-for-minutes, then rolls back', async () => {
    const hang = { op: 'DescribeServices', after: 'UpdateService', until: 'UpdateService' }
    await scenario({ standIn: { neverAnswer: hang } }, async ({ standIn, job, before }) => {
      const step = await job.run(
        'ecs-deploy',
        deployInputs(
          'backend',
          { 'wait-for-minutes': '1', 'poll-interval-seconds': '5' },
          { role: false }
        )
      )
      // Decided by wait-for-minutes (1 minute from the step's start), not by the SDK's 900 s a
      // socket: then at most 30 s to explain (its read of the service unanswered too), then the
      // rollback and its watch.
      expect(step.signal).toBeNull()
      expectStep(step, step.outputs.outcome, 'rolled-back')
      expect(step.exitCode).toBe(1)
      expect(step.durationMs).toBeGreaterThan(58_000)
      expect(step.durationMs).toBeLessThan(110_000)
      // The read began after UpdateService, so it waited what was left of the minute.
      const warnings = annotations(step.log, 'warning').map(w => w.message)
      expect(warnings).toEqual([
        expect.stringMatching(
          /^Reading the service had not answered after \d+ s; the watch's time is up\.$/
        ),
        'Could not read why the deployment failed: AWS had not answered after 30 s.'
      ])
      const waited = Number(/after (\d+) s/.exec(warnings[0] ?? '')?.[1])
      expect(waited).toBeGreaterThanOrEqual(50)
      expect(waited).toBeLessThanOrEqual(60)
      expect(annotations(step.log, 'error').at(-1)?.message).toMatch(
        /^Deployment failed and was rolled back to .*megilance-backend:1: The rollout of ecs-svc\/\d+ did not finish within 1 minutes \(wait-for-minutes\)/
      )
      // The held read was abandoned, never answered; the rollback's own reads were answered.
      const held = standIn.calls.filter(c => c.op === 'DescribeServices' && c.status === 0)
      expect(held.length).toBeGreaterThanOrEqual(1)
      const updates = standIn.answered('UpdateService').map(c => c.input.taskDefinition)
      expect(updates).toEqual([tdArn('backend', 2), before])
      expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(before)
    })
  }, 180_000)
})
