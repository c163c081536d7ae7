import { code } from '../shared/markdown.js'
import type { Report } from './report.js'

export type SummaryRow = readonly [string, string]

/** The job summary's rows: what a reader needs to know about the image (pure). */
export function summaryRows(result: Report): SummaryRow[] {
  const why = result.because ? ` (${result.because})` : ''
  const rows: SummaryRow[] = [
    ['Image', result.image !== '' ? code(result.image) : 'not pushed (push: false)'],
    ['Tags', result.tags.map(code).join(' ')],
    [
      'Result',
      result.outcome === 'skipped'
        ? `skipped: this commit's image is already in ECR (skip-existing)${why}`
        : `${result.pushed ? 'built and pushed' : 'built (not pushed)'}${why}`
    ],
    ['Build time', result.outcome === 'skipped' ? '-' : formatSeconds(result.buildSeconds)]
  ]
  if (result.tool) {
    rows.push([
      'Builder',
      `${result.tool === 'buildx' ? 'docker buildx' : 'docker build (BuildKit)'}, cache: ${result.cache ?? 'none'}`
    ])
  }
  if (result.repositoryCreated) rows.push(['Repository', `created ${code(result.repository)}`])
  return rows
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`
}

/** The job summary as Markdown (the runner writes it). */
export function renderSummary(result: Report): string {
  return [
    `### Build and push: ${code(result.repository)}`,
    '',
    '| What | Value |',
    '|---|---|',
    ...summaryRows(result).map(([k, v]) => `| ${k} | ${v} |`),
    ''
  ].join('\n')
}

export function renderFailure(repository: string, message: string): string {
  return [
    `### Build and push: ${repository ? code(repository) : 'failed'}`,
    '',
    '**Failed:**',
    '',
    '```',
    message.replace(/```/g, "'''"),
    '```',
    ''
  ].join('\n')
}
