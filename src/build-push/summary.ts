import * as core from '@actions/core'

export interface BuildOutcome {
  readonly outcome: 'built' | 'skipped'
  readonly repository: string
  readonly registry: string
  /** registry/repository@sha256:…, or '' when nothing was pushed. */
  readonly image: string
  /** registry/repository:primary-tag */
  readonly taggedImage: string
  readonly digest: string
  readonly tags: readonly string[]
  readonly pushed: boolean
  /** Seconds spent building and pushing; 0 when skipped. */
  readonly buildSeconds: number
  readonly tool?: 'buildx' | 'docker'
  readonly cache?: string
  readonly repositoryCreated: boolean
}

export type SummaryRow = readonly [string, string]

/** The job summary's rows: what a reader needs to know about the image (pure). */
export function summaryRows(result: BuildOutcome): SummaryRow[] {
  const rows: SummaryRow[] = [
    ['Image', result.image !== '' ? code(result.image) : 'not pushed (push: false)'],
    ['Tags', result.tags.map(code).join(' ')],
    [
      'Result',
      result.outcome === 'skipped'
        ? 'skipped: the primary tag already exists in ECR (skip-existing)'
        : result.pushed
          ? 'built and pushed'
          : 'built (not pushed)'
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

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c
  )
}

/** Writes the summary; a runner without GITHUB_STEP_SUMMARY only gets a debug line. */
export async function writeSummary(result: BuildOutcome): Promise<void> {
  await write(s =>
    s.addHeading(`Build and push: ${escapeHtml(result.repository)}`, 3).addTable([
      [
        { data: 'What', header: true },
        { data: 'Value', header: true }
      ],
      ...summaryRows(result).map(([k, v]) => [k, v])
    ])
  )
}

export async function writeFailureSummary(repository: string, message: string): Promise<void> {
  await write(s =>
    s
      .addHeading(`Build and push: ${escapeHtml(repository || 'failed')}`, 3)
      .addRaw(`<p><strong>Failed:</strong> ${escapeHtml(message)}</p>`, true)
  )
}

async function write(fill: (s: typeof core.summary) => typeof core.summary): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug('No GITHUB_STEP_SUMMARY: job summary not written.')
    return
  }
  try {
    await fill(core.summary.emptyBuffer()).write()
  } catch (error) {
    core.warning(
      `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}
