import { formatTask } from '../explain/diagnose.js'
import { formatChanges } from '../render/diff.js'
import { renderLogTails } from '../explain/log-tail.js'
import { renderOneOffTask } from '../one-off-task/run.js'
import { renderScheduledTasks } from '../scheduled-tasks/summary.js'
import type { Report, Outcome } from './report.js'
import { familyRevisionOf, shortArn } from '../../common/task-definition-arn.js'

const HEADLINE: Record<Outcome, string> = {
  succeeded: '✅ Deployed',
  'rolled-back': '↩️ Failed and rolled back',
  'rollback-failed': '🛑 Failed, and the rollback failed too',
  failed: '❌ Failed',
  unknown: '❓ State unknown (not rolled back)',
  'dry-run': '🔍 Dry run (nothing changed)',
  started: '▶️ Started (rollout not watched)',
  paused: '⏸️ Paused at a PAUSE hook (waiting for continue or rollback)'
}

/** The job summary as Markdown. Pure: main writes it with core.summary. */
export function renderSummary(r: Report): string {
  const lines: string[] = []
  const what =
    r.mode === 'rollback'
      ? 'Rollback of'
      : r.mode === 'continue'
        ? 'Continued deploy of'
        : 'Deploy of'
  lines.push(`## ${HEADLINE[r.outcome]} — ${what} ${subjectOf(r)}`, '')
  lines.push('| | |', '|---|---|')
  lines.push(serviceRow(r))
  lines.push(
    `| Revision | ${rev(r.previousTaskDefinitionArn, r.region)} → ${rev(r.taskDefinitionArn, r.region)} |`
  )
  if (r.deploymentId) lines.push(`| Deployment | \`${r.deploymentId}\` |`)
  for (const image of r.images) lines.push(`| Image (${image.container}) | \`${image.image}\` |`)
  lines.push(`| Outcome | **${r.outcome}** |`)
  lines.push(`| Duration | ${formatDuration(r.finishedAt - r.startedAt)} |`)
  if (r.renderedPath) lines.push(`| Rendered task definition | \`${r.renderedPath}\` |`)
  lines.push('')
  if (r.verdict?.status === 'failed' || r.verdict?.status === 'unknown') {
    lines.push(
      r.verdict.status === 'failed' ? '### Why it failed' : '### Why the state is unknown',
      '',
      `- ${r.verdict.reason}`
    )
    for (const task of r.diagnosis?.tasks ?? []) lines.push(`- ${formatTask(task)}`)
    lines.push(...renderLogTails(r.logTails))
    if ((r.diagnosis?.events.length ?? 0) > 0) {
      lines.push('', '<details><summary>Service events since the deploy began</summary>', '', '```')
      lines.push(...(r.diagnosis?.events ?? []), '```', '', '</details>')
    }
    lines.push('')
  } else if (r.verdict?.status === 'paused') {
    lines.push(
      `${r.verdict.reason} Go on with \`mode: continue\` (the rollback workflow's \`to: continue\`), or roll back with \`mode: rollback\`.`,
      ''
    )
  } else if (r.verdict?.status === 'succeeded') {
    lines.push(
      `${r.verdict.reason}${r.health?.healthy ? ` Health check: ${r.health.lastStatus}.` : ''}`,
      ''
    )
  }
  lines.push(...(r.details ?? []))
  lines.push(...renderOneOffTask(r.runTask))
  lines.push(...renderScheduledTasks(r.scheduledTasks, r.outcome === 'dry-run'))
  if (r.rollback) {
    const end = r.rollback.verdict
      ? `${r.rollback.verdict.status} — ${r.rollback.verdict.reason}`
      : 'not watched to its end'
    lines.push('### Rollback', '')
    if (r.rollback.by === 'ecs') {
      lines.push(
        `ECS${(r.strategy ?? 'ROLLING') === 'ROLLING' ? "'s circuit breaker" : ''} rolls the service back to ${rev(r.rollback.taskDefinitionArn, r.region)} itself; no second rollback was made. ECS's rollback: ${end}`
      )
    } else if (r.rollback.via !== undefined) {
      lines.push(
        `Rolled back through ECS (${r.rollback.via}, ROLLBACK) to ${rev(r.rollback.taskDefinitionArn, r.region)}; no second UpdateService. ${end}`
      )
    } else {
      lines.push(
        `Rolled back to ${rev(r.rollback.taskDefinitionArn, r.region)} (deployment \`${r.rollback.deploymentId ?? '?'}\`): ${end}`
      )
    }
    lines.push('')
  }
  lines.push('### Changes', '', '```diff')
  for (const line of formatChanges(r.changes)) lines.push(line)
  lines.push('```', '')
  return lines.join('\n')
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
