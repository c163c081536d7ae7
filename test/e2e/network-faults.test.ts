import { describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { createMegilanceWorkspace } from '../../tools/harness/machine.js'
import {
  CLUSTER,
  deployInputs,
  seedMegilance,
  service,
  tdArn,
  type SeedOptions
} from '../../tools/harness/megilance.js'
import { Job, type StepResult } from '../../tools/harness/runner.js'
import {
  STATIC_KEYS,
  type StandIn,
  type StandInOptions,
  startStandIn
} from '../../tools/stand-in/index.js'

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
    stepTimeoutMs: 240_000
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
})
