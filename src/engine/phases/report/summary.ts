import { formatTask } from '../explain/diagnose.js'
import { formatChanges } from '../render/diff.js'
import { renderLogTails } from '../explain/log-tail.js'
import { renderOneOffTask } from '../one-off-task/run.js'
import type { Outcome, Report, RollbackReport } from './report.js'
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
  const headline =
    r.outcome === 'paused' && r.controller === 'codedeploy'
      ? '⏸️ Paused at Ready (waiting for continue or rollback)'
      : HEADLINE[r.outcome]
  lines.push(`## ${headline} — ${what} \`${r.service}\``, '')
  lines.push('| | |', '|---|---|')
  lines.push(
    `| Service | [${r.service}](${serviceUrl(r)}) in cluster \`${r.cluster}\` (${r.region}) |`
  )
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
  if (r.rollback) lines.push('### Rollback', '', rollbackLine(r, r.rollback), '')
  lines.push('### Changes', '', '```diff')
  for (const line of formatChanges(r.changes)) lines.push(line)
  lines.push('```', '')
  return lines.join('\n')
}

/** Who rolled back, how, to what, and how it ended. */
function rollbackLine(r: Report, back: RollbackReport): string {
  const end = back.verdict
    ? `${back.verdict.status} — ${back.verdict.reason}`
    : 'not watched to its end'
  const to = rev(back.taskDefinitionArn, r.region)
  const id = back.deploymentId ? ` (rollback deployment \`${back.deploymentId}\`)` : ''
  if (back.by === 'ecs') {
    return `ECS${(r.strategy ?? 'ROLLING') === 'ROLLING' ? "'s circuit breaker" : ''} rolls the service back to ${to} itself; no second rollback was made. ECS's rollback: ${end}`
  }
  if (back.by === 'codedeploy') {
    return `CodeDeploy rolls the service back to ${to} itself, by the deployment group's automatic rollback${id}; no second rollback was made. CodeDeploy's rollback: ${end}`
  }
  switch (back.via) {
    case undefined:
      return `Rolled back to ${to} (deployment \`${back.deploymentId ?? '?'}\`): ${end}`
    case 'StopDeployment':
      return `Rolled back through CodeDeploy (StopDeployment with autoRollbackEnabled) to ${to}${id}; no UpdateService. ${end}`
    case 'CreateDeployment':
      return `Rolled back through CodeDeploy: a new deployment of ${to}${id.replace('rollback deployment', 'CreateDeployment')}; no UpdateService. ${end}`
    default:
      return `Rolled back through ECS (${back.via}, ROLLBACK) to ${to}; no second UpdateService. ${end}`
  }
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
