import {
  formatDuration,
  HEADLINE,
  revisionChange,
  serviceUrl,
  verdictLines
} from '../phases/report/summary.js'
import { causeOf } from '../phases/report/cause.js'
import type { Report } from '../phases/report/report.js'
import type { ReleaseReport } from './report.js'

/** A release's job summary as Markdown, pure: one table of its services, then what failed. */
export function renderReleaseSummary(r: ReleaseReport): string {
  const lines = [
    `## ${HEADLINE[r.outcome]} — Release of ${r.reports.length} services (\`${r.path}\`)`,
    '',
    '| Service | Revision | Outcome | Time |',
    '|---|---|---|---|',
    ...r.reports.map(row),
    ''
  ]
  for (const s of r.reports) lines.push(...explained(s))
  return lines.join('\n')
}

function row(s: Report): string {
  const time = s.outcome === 'skipped' ? '—' : formatDuration(s.finishedAt - s.startedAt)
  return `| [${s.service}](${serviceUrl(s)}) | ${revisionChange(s)} | **${s.outcome}** | ${time} |`
}

/** Why a service failed, its cause first (as a deploy's summary), and how it was put back. */
function explained(s: Report): string[] {
  const failed = s.verdict?.status === 'failed' || s.verdict?.status === 'unknown'
  const cause = failed ? causeOf(s) : undefined
  const lines = failed
    ? [`### ${s.service}`, '', ...(cause ? [`**Cause:** ${cause}`, ''] : []), ...verdictLines(s)]
    : []
  const back = s.rollback
  if (back !== undefined) {
    if (!failed) lines.push(`### ${s.service}`, '')
    const end = back.verdict
      ? `${back.verdict.status} — ${back.verdict.reason}`
      : 'not watched to its end'
    lines.push(
      `Put back to \`${back.taskDefinitionArn ?? '?'}\` (${back.by === 'action' ? 'by this step' : `by ${back.by}`}): ${end}`,
      ''
    )
  }
  return lines
}
