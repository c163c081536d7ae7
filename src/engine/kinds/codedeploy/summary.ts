import type { DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy'
import { code } from '../../../shared/markdown.js'
import { codeBlock } from '../../phases/explain/log-tail.js'
import type { Report } from '../../phases/report/report.js'
import { diagnosticsOf, eventsLine, failedEvent, trafficLine } from './describe.js'

/** Services on the CODE_DEPLOY controller: the deployment, its lifecycle events, traffic, error. */
export function codeDeploySummary(r: Report): string[] {
  const cd = r.codeDeploy
  if (cd === undefined) return []
  const d = cd.deployment
  const rows = deploymentRows(d, cd.target, r.region)
  const back = cd.rollback
  if (back !== undefined) {
    rows.push([
      'Rollback deployment',
      `${code(back.deployment.deploymentId ?? '?')}: ${back.deployment.status ?? '?'}`
    ])
    rows.push(['Rollback lifecycle events', eventsLine(back.target) || undefined])
  }
  const lines = ['### CodeDeploy deployment', '', '| | |', '|---|---|']
  for (const [name, value] of rows) if (value) lines.push(`| ${name} | ${value} |`)
  return [...lines, '', ...failedHook(cd.target)]
}

function deploymentRows(
  d: DeploymentInfo,
  t: ECSTarget | undefined,
  region: string
): [string, string | undefined][] {
  const id = d.deploymentId ?? '?'
  const url = `https://${region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${id}?region=${region}`
  return [
    ['Deployment', `[${id}](${url}) in ${code(`${d.applicationName}/${d.deploymentGroupName}`)}`],
    ['Configuration', d.deploymentConfigName && code(d.deploymentConfigName)],
    ['Status', d.status],
    [
      'Error',
      d.errorInformation &&
        `${code(d.errorInformation.code ?? '?')}: ${d.errorInformation.message?.replace(/\|/g, '\\|') ?? ''}`
    ],
    ['Lifecycle events', eventsLine(t) || undefined],
    ['Traffic', trafficLine(t)],
    ['Rollback', d.rollbackInfo?.rollbackDeploymentId ? undefined : d.rollbackInfo?.rollbackMessage]
  ]
}

/** The failed lifecycle event's hook, its message and the log tail CodeDeploy kept. */
function failedHook(t: ECSTarget | undefined): string[] {
  const e = failedEvent(t)
  if (e?.diagnostics === undefined) return []
  const out = [
    `Lifecycle event ${code(e.lifecycleEventName ?? '?')} ${e.status ?? '?'}${diagnosticsOf(e)}`
  ]
  const tail = (e.diagnostics.logTail ?? '').split(/\r?\n/).filter(l => l !== '')
  if (tail.length > 0) out.push('', 'Log tail:', '', ...codeBlock(tail))
  return [...out, '']
}
