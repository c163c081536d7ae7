import * as core from '@actions/core'
import { describeError } from '../aws/errors.js'
import type { Log } from '../shared/log.js'

/**
 * The one job-summary writer of both actions: Markdown appended to GITHUB_STEP_SUMMARY. A
 * summary that cannot be written is a warning, never a failed step: the outputs and the step's
 * result already say what happened. Without GITHUB_STEP_SUMMARY (a local run) it goes to the log.
 */
export async function writeSummary(
  markdown: string,
  log: Log,
  env: NodeJS.ProcessEnv = process.env
): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    log.info(markdown)
    return
  }
  try {
    await core.summary.emptyBuffer().addRaw(markdown, true).write()
  } catch (error) {
    log.warning(`Could not write the job summary: ${describeError(error)}`, 'Job summary')
  }
}
