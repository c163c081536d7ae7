import { describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import { deployInputs, seedMegilance, type SeedOptions } from '../../../tools/harness/megilance.js'
import { Job, type StepResult } from '../../../tools/harness/runner.js'
import { STATIC_KEYS, type StandIn, rollouts, startStandIn } from '../../../tools/stand-in/index.js'

/*
 * Container log lines that carry workflow commands, printed by the packaged action-ecs-deploy
 * (dist/) under the runner's contract: in a failure's explanation (a crashed container's last
 * lines) and as a one-off task's output. The harness reads the step's stdout as the runner does
 * (tools/harness/workflow-commands.ts: a bare "\r" ends a line, `::save-state` and
 * `::set-output` on stdout set state and outputs, `##[…]` anywhere in a line too). A line that
 * gets through would let the container choose the task the post step stops, or an output.
 */

const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8'
const VICTIM = 'arn:aws:ecs:us-east-1:123456789012:task/payments/0123456789abcdef0123456789abcdef'

/** What a hostile container prints: each line tries another way into the runner's commands. */
const HOSTILE = [
  'INFO:     Started server process [1]',
  `booting\r::save-state name=run-task-arn::${VICTIM}`,
  '\r::save-state name=run-task-running::true',
  '::set-output name=injected::yes',
  '   ::save-state name=run-task-cluster::payments',
  `progress ##[set-output name=injected-v1]yes`,
  'RuntimeError: DATABASE_URL not set'
]

const INJECTED_STATE = ['run-task-arn', 'run-task-running', 'run-task-cluster']

async function scenario(
  seed: SeedOptions,
  body: (s: { standIn: StandIn; job: Job }) => Promise<void>
): Promise<void> {
  const standIn = await startStandIn()
  seedMegilance(standIn, seed)
  const workspace = createMegilanceWorkspace()
  const job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    staticKeys: STATIC_KEYS,
    sha: SHA,
    runId: '5550002'
  })
  try {
    await body({ standIn, job })
  } finally {
    job.close()
    await standIn.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

/** No command from the container reached the runner: no state, no output, none read at all. */
function expectNothingInjected(step: StepResult): void {
  const read = step.commands.filter(c => c.name === 'save-state' || c.name === 'set-output')
  if (read.length > 0) throw new Error(`The runner read ${JSON.stringify(read)}\n${step.log}`)
  expect(step.state['run-task-arn']).not.toBe(VICTIM)
  expect(step.state['run-task-cluster']).not.toBe('payments')
  expect(step.outputs.injected).toBeUndefined()
  expect(step.outputs['injected-v1']).toBeUndefined()
  // The lines are still shown, as text.
  expect(step.log).toContain(`::save-state name=run-task-arn::${VICTIM}`)
  expect(step.log).toContain('::set-output name=injected::yes')
}

describe('container log lines never reach the runner as workflow commands', () => {
  it("a crashed container's last lines in the failure's explanation", async () => {
    const crash = {
      stoppedReason: 'Essential container in task exited',
      exitCode: 1,
      logLines: HOSTILE
    }
    await scenario(
      { rollouts: { backend: [rollouts.failsTasks([crash, crash, crash])] } },
      async ({ job }) => {
        const step = await job.run(
          'ecs-deploy',
          deployInputs('backend', { 'rollback-on-failure': 'false' }, { role: false })
        )
        expect(step.outputs.outcome).toBe('failed')
        expect(step.log).toContain('  backend | RuntimeError: DATABASE_URL not set')
        expectNothingInjected(step)
        for (const name of INJECTED_STATE) expect(step.state[name]).toBeUndefined()
      }
    )
  }, 120_000)

  it("a one-off task's output, streamed as it runs, and its last line in the failure", async () => {
    await scenario({}, async ({ standIn, job }) => {
      standIn.tasks.queueTask({ exitCode: 3, runningPolls: 2, lines: HOSTILE })
      const step = await job.run(
        'ecs-deploy',
        deployInputs('backend', { 'run-task-command': 'alembic upgrade head' }, { role: false })
      )
      expect(step.exitCode).toBe(1)
      expect(step.outputs['run-task-exit-code']).toBe('3')
      expectNothingInjected(step)
      // The task's own state, as the action saved it (GITHUB_STATE): its own task, ended.
      expect(step.state).toMatchObject({
        'run-task-arn': standIn.tasks.run()[0]?.taskArn,
        'run-task-running': 'false'
      })
    })
  }, 120_000)
})
