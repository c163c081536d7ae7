import type { Reporter, StepRecord } from '../../workflow-runner/index.js'
import { jobLines } from './demo-digest.js'
import { mask, renderLog, renderSummary, type Style } from './terminal.js'

/*
 * How `npm run demo` reports a run as it goes: by default one line a job and what a person needs
 * next (demo-digest.ts); with --verbose, jobs and steps as the run's page on GitHub shows them
 * (each step's log groups and annotations, its outputs that have a value, its job summary).
 * `sceneAt` tells the next act when the job that begins it starts.
 */

export function demoReporters(
  print: (text?: string) => void,
  s: Style,
  sceneAt: (job: string) => void
): { digest: Reporter; verbose: Reporter } {
  const digest: Reporter = {
    jobStarted: sceneAt,
    jobDone(job) {
      for (const line of jobLines(job, s)) print(line)
    }
  }
  const verbose: Reporter = {
    jobStarted(name) {
      sceneAt(name)
      print()
      print(s.bold(`  Job: ${name}`))
    },
    stepDone: (_job, step, masks) => printStep(print, s, step, masks),
    jobDone(job) {
      const mark = job.result === 'success' ? s.green('✔') : s.red('✖')
      print(
        `  ${mark} ${s.bold(job.name)}: ${job.result}${job.environment ? s.dim(`  (environment ${job.environment.name})`) : ''}`
      )
    }
  }
  return { digest, verbose }
}

function printStep(
  print: (text?: string) => void,
  s: Style,
  step: StepRecord,
  masks: readonly string[]
): void {
  if (step.conclusion === 'skipped') {
    print(s.dim(`  ┌─ ${step.name}  (skipped)`))
    return
  }
  print(s.bold(`  ┌─ ${step.name}`))
  const log = renderLog(step.log, masks, s, '  │  ', 14)
  if (log.trim() !== '') print(log)
  const seconds = (step.durationMs / 1000).toFixed(1)
  print(
    `  └─ ${step.conclusion === 'success' ? s.green(`✔ ${seconds}s`) : s.red(`✖ failed (exit ${String(step.exitCode)}) in ${seconds}s`)}`
  )
  const outputs = Object.entries(step.outputs).filter(([, value]) => value !== '')
  if (outputs.length > 0 && step.uses?.startsWith('./')) {
    print(s.bold('     Outputs'))
    const width = Math.max(...outputs.map(([k]) => k.length))
    for (const [key, value] of outputs)
      print(`       ${key.padEnd(width)}  ${mask(value, masks).replace(/\n/g, ', ')}`)
  }
  if (step.summary.trim() !== '') {
    print(s.bold('     Job summary'))
    print(renderSummary(mask(step.summary, masks), s, '     '))
  }
}
