import { summaryLines } from '../../phases/report/service-deployment.js'
import type { Report } from '../../phases/report/report.js'

/** An Express service: its ARN and endpoint, then where its service deployment stood. */
export function expressSummary(r: Report): string[] {
  const ingress = r.ingress
  if (ingress === undefined) return summaryLines(r)
  const endpoint = ingress.endpoint
  return [
    '### Express Mode service',
    '',
    '| | |',
    '|---|---|',
    `| Service | \`${ingress.serviceArn}\` |`,
    ...(endpoint !== undefined ? [`| Endpoint | [${endpoint}](https://${endpoint}) |`] : []),
    '',
    ...summaryLines(r)
  ]
}
