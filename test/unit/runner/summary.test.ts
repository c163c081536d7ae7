import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs'
import { writeSummary } from '../../../src/runner/summary.js'
import { runnerLog } from '../../../src/runner/log.js'
import { type RunnerEnv, startRunnerEnv } from '../../support/runner-env.js'

let runner: RunnerEnv | undefined
afterEach(() => {
  runner?.close()
  runner = undefined
  process.exitCode = undefined
})

describe('the job summary writer', () => {
  it('appends the Markdown to GITHUB_STEP_SUMMARY', async () => {
    runner = startRunnerEnv({})
    await writeSummary('### Hello\n', runnerLog, process.env)
    expect(runner.summary()).toContain('### Hello')
  })

  it('a summary that cannot be written is a warning, never a failed step', async () => {
    runner = startRunnerEnv({})
    // The summary file is replaced by a folder: appending to it fails (EISDIR).
    const path = process.env.GITHUB_STEP_SUMMARY ?? ''
    rmSync(path)
    mkdirSync(path)
    try {
      await writeSummary('### Hello\n', runnerLog, process.env)
    } finally {
      rmdirSync(path)
      writeFileSync(path, '')
    }
    expect(process.exitCode).toBeUndefined()
    expect(runner.log()).toMatch(/::warning title=Job summary::Could not write the job summary/)
  })

  it('without GITHUB_STEP_SUMMARY (a local run) the summary goes to the log', async () => {
    runner = startRunnerEnv({})
    await writeSummary('### Local\n', runnerLog, {})
    expect(runner.log()).toContain('### Local')
  })
})
