import type { Report } from './report.js'
import { rollbackWords } from './summary.js'
import { shortArn } from '../../common/task-definition-arn.js'
import { hookName } from '../watch/native-progress.js'

/*
 * What the summary says of a deployment ECS runs itself (blue/green, linear, canary; an Express
 * service's canary), shared by the kinds ECS deploys this way.
 */

/** Blue/green, linear, canary: where ECS's service deployment stood when the step ended. */
export function summaryLines(r: Report): string[] {
  const sd = r.serviceDeployment
  if (sd === undefined) return []
  const rows: [string, string | undefined][] = [
    ['Service deployment', sd.serviceDeploymentArn && `\`${shortArn(sd.serviceDeploymentArn)}\``],
    ['Status', sd.status],
    ['Lifecycle stage', sd.lifecycleStage],
    [
      'Production traffic on the new revision',
      sd.targetServiceRevision?.requestedProductionTrafficWeight !== undefined
        ? `${sd.targetServiceRevision.requestedProductionTrafficWeight}%`
        : undefined
    ],
    [
      'New tasks running',
      `${sd.targetServiceRevision?.runningTaskCount ?? 0}/${sd.targetServiceRevision?.requestedTaskCount ?? 0}`
    ],
    [
      'Bake time',
      sd.deploymentConfiguration?.bakeTimeInMinutes !== undefined
        ? `${sd.deploymentConfiguration.bakeTimeInMinutes} min`
        : undefined
    ],
    [
      'Hooks',
      (sd.lifecycleHookDetails ?? []).map(h => `${hookName(h)}: ${h.status ?? '?'}`).join('; ') ||
        undefined
    ],
    [
      'Rollback reason',
      sd.rollback?.reason ?? (sd.status === 'STOPPED' ? sd.statusReason : undefined)
    ],
    ['Alarms in ALARM', sd.alarms?.triggeredAlarmNames?.join(', ') || undefined],
    [
      'Circuit breaker',
      sd.deploymentCircuitBreaker && sd.deploymentCircuitBreaker.status !== 'DISABLED'
        ? `${sd.deploymentCircuitBreaker.status}: ${sd.deploymentCircuitBreaker.failureCount ?? 0} failed tasks (threshold ${sd.deploymentCircuitBreaker.threshold ?? '?'})`
        : undefined
    ]
  ]
  const lines = [`### ECS service deployment (${r.strategy})`, '', '| | |', '|---|---|']
  for (const [name, value] of rows) if (value) lines.push(`| ${name} | ${value} |`)
  return [...lines, '']
}

/** This step's rollback through ECS (StopServiceDeployment, ContinueServiceDeployment ROLLBACK). */
export function throughEcsLine(r: Report): string | undefined {
  const back = r.rollback
  if (back?.by !== 'action' || back.via === undefined) return undefined
  const { to, end } = rollbackWords(r, back)
  return `Rolled back through ECS (${back.via}, ROLLBACK) to ${to}; no second UpdateService. ${end}`
}
