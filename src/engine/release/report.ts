import type { Outcome, Report } from '../phases/report/report.js'

/** One service of a release, as the `services` output tells it. */
export interface ServiceResult {
  readonly service: string
  readonly outcome: Outcome
  readonly taskDefinitionArn: string
  readonly previousTaskDefinitionArn: string
}

/** Everything a release's outputs and summary say. */
export interface ReleaseReport {
  readonly outcome: Outcome
  /** The release file. */
  readonly path: string
  readonly cluster: string
  readonly region: string
  /** Each service's own report, in the release file's order. */
  readonly reports: readonly Report[]
  readonly startedAt: number
  readonly finishedAt: number
}

/** The `services` output: one object per service, in the release file's order. */
export function servicesOutput(r: ReleaseReport): string {
  return JSON.stringify(
    r.reports.map(s => ({
      service: s.service,
      outcome: s.outcome,
      'task-definition-arn': s.taskDefinitionArn ?? '',
      'previous-task-definition-arn': s.previousTaskDefinitionArn ?? ''
    }))
  )
}

/** The one line the step fails with, or undefined when the release succeeds. */
export function releaseFailure(r: ReleaseReport): string | undefined {
  const failed = r.reports.filter(
    s => s.verdict?.status === 'failed' || s.verdict?.status === 'unknown'
  )
  const why = failed.map(
    s => `${s.service}: ${s.verdict && 'reason' in s.verdict ? s.verdict.reason : s.outcome}`
  )
  const reasons = why.length > 0 ? ` ${why.join(' ')}` : ''
  switch (r.outcome) {
    case 'rolled-back':
      return `The release failed, and every service it changed was put back.${reasons}`
    case 'rollback-failed':
      return `The release failed, and some services could not be put back: ${r.reports
        .filter(s => s.outcome === 'rollback-failed')
        .map(s => s.service)
        .join(', ')}.${reasons}`
    case 'failed':
      return `The release failed; the services it changed were not all put back.${reasons}`
    case 'unknown':
      return `The state of the release could not be known; nothing was rolled back on a guess.${reasons}`
    default:
      return undefined
  }
}
