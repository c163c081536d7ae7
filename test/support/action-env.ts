import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRunnerEnv } from './runner-env.js'

/**
 * Runs an action's entry in-process under the runner's contract (runner-env.ts) with a job's
 * GitHub context, and returns what a user would see: outputs, summary, log lines, saved state
 * and whether the step failed.
 */
export interface ActionRun {
  readonly outputs: Record<string, string>
  readonly summary: string
  readonly log: string
  readonly state: Record<string, string>
  readonly failed: boolean
  /** RUNNER_TEMP of the run (the rendered task definition lives there); see cleanup(). */
  readonly dir: string
}

export async function runAction(
  inputs: Record<string, string>,
  entry: () => Promise<void>,
  extraEnv: Record<string, string> = {},
  state: Record<string, string> = {}
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'))
  const env = startRunnerEnv(inputs, {
    RUNNER_TEMP: dir,
    GITHUB_SHA: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
    GITHUB_REPOSITORY: 'megilance/megilance',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    ...Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value])),
    ...extraEnv
  })
  process.exitCode = undefined
  try {
    await entry()
    return {
      outputs: env.outputs(),
      summary: env.summary(),
      log: env.log(),
      state: env.state(),
      failed: process.exitCode === 1,
      dir
    }
  } finally {
    env.close()
    process.exitCode = undefined
  }
}

export function cleanup(run: ActionRun): void {
  rmSync(run.dir, { recursive: true, force: true })
}
