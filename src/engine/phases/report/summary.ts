import { formatTask } from '../explain/diagnose.js'
import { formatChanges } from '../render/diff.js'
import { renderLogTails } from '../explain/log-tail.js'
import { renderOneOffTask } from '../one-off-task/run.js'
import { renderScheduledTasks } from '../scheduled-tasks/summary.js'
import { renderKeptRevisions } from '../keep-revisions/summary.js'
import { causeOf } from './cause.js'
import type { Outcome, Report, RollbackReport } from './report.js'
import { familyRevisionOf, shortArn } from '../../common/task-definition-arn.js'

export const HEADLINE: Record<Outcome, string> = {
  succeeded: '✅ Deployed',
  'rolled-back': '↩️ Failed and rolled back',
  'rollback-failed': '🛑 Failed, and the rollback failed too',
  failed: '❌ Failed',
  unknown: '❓ State unknown (not rolled back)',
  'dry-run': '🔍 Dry run (nothing changed)',
  started: '▶️ Started (rollout not watched)',
  paused: '⏸️ Paused at a PAUSE hook (waiting for continue or rollback)',
  skipped: '⏭️ Skipped (the service runs a newer commit)'
}

/** The job summary as Markdown. Pure: main writes it with core.summary. */
export function renderSummary(r: Report): string {
  return [
    ...headerLines(r),
    ...verdictLines(r),
    ...(r.described?.lines ?? []),
    ...renderOneOffTask(r.runTask),
    ...renderScheduledTasks(r.scheduledTasks, r.outcome === 'dry-run'),
    ...renderKeptRevisions(r.keptRevisions),
    ...(r.rollback ? ['### Rollback', '', rollbackLine(r, r.rollback), ''] : []),
    '### Changes',
    '',
    '```diff',
    ...formatChanges(r.changes),
    '```',
    ''
  ].join('\n')
}

function headerLines(r: Report): string[] {
  const what = { deploy: 'Deploy of', rollback: 'Rollback of', continue: 'Continued deploy of' }[
    r.mode
  ]
  const cause = causeOf(r)
  const headline = r.described?.headline ?? HEADLINE[r.outcome]
  const lines = [`## ${headline} — ${what} ${subjectOf(r)}`, '']
  if (cause !== undefined) lines.push(`**Cause:** ${cause}`, '')
  lines.push('| | |', '|---|---|')
  lines.push(serviceRow(r))
  lines.push(`| Revision | ${revisionChange(r)} |`)
  if (r.deploymentId) lines.push(`| Deployment | \`${r.deploymentId}\` |`)
  for (const image of r.images) lines.push(`| Image (${image.container}) | \`${image.image}\` |`)
  lines.push(`| Outcome | **${r.outcome}** |`)
  lines.push(`| Duration | ${formatDuration(r.finishedAt - r.startedAt)} |`)
  if (r.renderedPath) lines.push(`| Rendered task definition | \`${r.renderedPath}\` |`)
  if (r.newerCommit)
    lines.push(`| Running commit | \`${r.newerCommit.slice(0, 7)}\` (newer than this run's) |`)
  return [...lines, '']
}

/** Why it failed (or why its state is unknown), a pause, or the success, as the verdict says. */
export function verdictLines(r: Report): string[] {
  const v = r.verdict
  if (v?.status === 'failed' || v?.status === 'unknown') {
    const title = v.status === 'failed' ? '### Why it failed' : '### Why the state is unknown'
    return [title, '', `- ${v.reason}`, ...diagnosisLines(r), '']
  }
  if (v?.status === 'paused') {
    return [
      `${v.reason} Go on with \`mode: continue\` (the rollback workflow's \`to: continue\`), or roll back with \`mode: rollback\`.`,
      ''
    ]
  }
  if (v?.status === 'succeeded') {
    return [`${v.reason}${r.health?.healthy ? ` Health check: ${r.health.lastStatus}.` : ''}`, '']
  }
  return []
}

function diagnosisLines(r: Report): string[] {
  const lines = (r.diagnosis?.tasks ?? []).map(task => `- ${formatTask(task)}`)
  lines.push(...renderLogTails(r.logTails))
  const events = r.diagnosis?.events ?? []
  if (events.length > 0) {
    lines.push('', '<details><summary>Service events since the deploy began</summary>', '', '```')
    lines.push(...events, '```', '', '</details>')
  }
  return lines
}

/** The revision before → after, linked to the console. */
export function revisionChange(
  r: Pick<Report, 'previousTaskDefinitionArn' | 'taskDefinitionArn' | 'region'>
): string {
  return `${rev(r.previousTaskDefinitionArn, r.region)} → ${rev(r.taskDefinitionArn, r.region)}`
}

/** What a line on a rollback says of it, for the summary and the kinds' own wording. */
export interface RollbackWords {
  /** The revision put back, linked to the console. */
  readonly to: string
  /** How it ended: "succeeded — the reason", or that it was not watched to its end. */
  readonly end: string
  /** " (rollback deployment `id`)", or '' when it has none. */
  readonly id: string
}

export function rollbackWords(r: Pick<Report, 'region'>, back: RollbackReport): RollbackWords {
  return {
    to: rev(back.taskDefinitionArn, r.region),
    end: back.verdict
      ? `${back.verdict.status} — ${back.verdict.reason}`
      : 'not watched to its end',
    id: back.deploymentId ? ` (rollback deployment \`${back.deploymentId}\`)` : ''
  }
}

/**
 * Who rolled back, how, to what, and how it ended: in the kind's words where it has them
 * (Described.rollback), else the controller by itself, or this step through the kind's start.
 */
function rollbackLine(r: Report, back: RollbackReport): string {
  if (r.described?.rollback !== undefined) return r.described.rollback
  const { to, end, id } = rollbackWords(r, back)
  if (back.by !== 'action') {
    return `${back.by} rolls the service back to ${to} itself; no second rollback was made. ${back.by}'s rollback: ${end}`
  }
  if (back.via !== undefined) return `Rolled back through ${back.via} to ${to}${id}: ${end}`
  return `Rolled back to ${to} (deployment \`${back.deploymentId ?? '?'}\`): ${end}`
}

/** What was deployed: the service, or a family without one (scheduled-tasks). */
function subjectOf(r: Report): string {
  if (r.service !== '') return `\`${r.service}\``
  return `family \`${familyRevisionOf(r.taskDefinitionArn ?? '')?.family ?? '?'}\` (no service)`
}

function serviceRow(r: Report): string {
  return r.service !== ''
    ? `| Service | [${r.service}](${serviceUrl(r)}) in cluster \`${r.cluster}\` (${r.region}) |`
    : `| Service | none: the scheduled tasks in cluster \`${r.cluster}\` (${r.region}) follow the family |`
}

export function serviceUrl(r: Pick<Report, 'region' | 'cluster' | 'service'>): string {
  return `https://${r.region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(r.cluster)}/services/${encodeURIComponent(r.service)}/deployments?region=${r.region}`
}

function rev(arn: string | undefined, region: string): string {
  if (arn === undefined) return '—'
  const m = familyRevisionOf(arn)
  if (!m) return `\`${shortArn(arn)}\``
  return `[${m.family}:${m.revision}](https://${region}.console.aws.amazon.com/ecs/v2/task-definitions/${m.family}/${m.revision}/containers?region=${region})`
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`
}
