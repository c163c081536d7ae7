import * as core from '@actions/core'
import type { Log } from '../shared/log.js'
import { failStep } from './fail-step.js'
import { runnerLog } from './log.js'
import { writeSummary } from './summary.js'

/*
 * The port to GitHub's runner, the one place (with its small helpers in this folder) that
 * speaks @actions/core: the step's inputs, outputs, log and annotations, state for the post
 * step, masking, the OIDC token and the job summary. The engines never see it; each action's
 * entry (src/actions/) reads its settings through it and reports through it.
 */

/** Values kept from the main step for the post step (GITHUB_STATE / STATE_*). */
export interface StepState {
  save(name: string, value: string): void
  get(name: string): string
}

export interface Runner {
  /** An input as the runner passes it (INPUT_<NAME>), trimmed by core.getInput. */
  input(name: string): string
  setOutput(name: string, value: string): void
  readonly log: Log
  readonly state: StepState
  /** Registers a value the runner masks in every later log line. */
  setSecret(value: string): void
  /** A GitHub OIDC token for this audience. */
  idToken(audience: string): Promise<string>
  /** Writes the job summary (a warning, never a failure, when it cannot). */
  summary(markdown: string): Promise<void>
  /** Fails the step: an error annotation with a title, exit code 1; returns the message. */
  fail(error: unknown, title: string): string
}

/** The runner of GitHub Actions, through @actions/core. */
export function actionsRunner(env: NodeJS.ProcessEnv = process.env): Runner {
  return {
    input: name => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    log: runnerLog,
    state: {
      save: (name, value) => core.saveState(name, value),
      get: name => core.getState(name)
    },
    setSecret: value => core.setSecret(value),
    idToken: audience => core.getIDToken(audience),
    summary: markdown => writeSummary(markdown, runnerLog, env),
    fail: (error, title) => failStep(runnerLog, error, title)
  }
}
