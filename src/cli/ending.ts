import { shortArn } from '../engine/common/task-definition-arn.js'
import { formatChanges } from '../engine/phases/render/diff.js'
import { failureMessage, type Outcome, type Report } from '../engine/phases/report/report.js'
import { elapsed } from './terminal/progress-line.js'
import { releaseFailure, type ReleaseReport } from '../engine/release/report.js'
import { paint, type Style } from './terminal/colour.js'

/*
 * How a run ends on the terminal, pure: one line with the outcome; for diff (and dry-run) the
 * changes; for a pause, the commands that go on or roll back; for a failure, the one line the
 * action fails its step with (failureMessage), which goes to standard error.
 */

export interface Ending {
  /** Lines for standard output (or standard error with --json). */
  readonly lines: readonly string[]
  /** The failure, as the action writes it; undefined when the run succeeded. */
  readonly failure: string | undefined
}

const MARK: Readonly<Record<Outcome, [string, Style]>> = {
  succeeded: ['✔', 'green'],
  'dry-run': ['✔', 'green'],
  started: ['✔', 'green'],
  skipped: ['✔', 'green'],
  paused: ['⏸', 'yellow'],
  failed: ['✖', 'red'],
  'rolled-back': ['✖', 'red'],
  'rollback-failed': ['✖', 'red'],
  unknown: ['✖', 'red']
}

function headline(outcome: Outcome, text: string, colour: boolean): string {
  const [mark, style] = MARK[outcome]
  return `${paint(`${mark} ${outcome}`, style, colour)}: ${text}`
}

export function ending(r: Report, colour: boolean, showChanges: boolean): Ending {
  const revision = shortArn(r.taskDefinitionArn ?? r.previousTaskDefinitionArn)
  const deployment = r.deploymentId ? `deployment ${r.deploymentId}, ` : ''
  const lines = [
    '',
    headline(
      r.outcome,
      `${r.service} in ${r.cluster}, ${revision} (${deployment}${elapsed(r.finishedAt - r.startedAt)})`,
      colour
    )
  ]
  if (showChanges) lines.push(...formatChanges(r.changes).map(l => `  ${l}`))
  if (r.renderedPath) lines.push(`  rendered task definition: ${r.renderedPath}`)
  if (r.outcome === 'paused') {
    const where = `--cluster ${r.cluster} --service ${r.service} --region ${r.region}`
    lines.push(`  to go on:      ecs-deploy continue ${where}`)
    lines.push(`  to roll back:  ecs-deploy rollback ${where}`)
  }
  return { lines, failure: failureMessage(r) }
}

export function releaseEnding(r: ReleaseReport, colour: boolean): Ending {
  const lines = [
    '',
    headline(
      r.outcome,
      `release ${r.path} in ${r.cluster} (${elapsed(r.finishedAt - r.startedAt)})`,
      colour
    ),
    ...r.reports.map(
      s =>
        `  ${s.service}: ${s.outcome}, ${shortArn(s.taskDefinitionArn ?? s.previousTaskDefinitionArn)}`
    )
  ]
  return { lines, failure: releaseFailure(r) }
}
