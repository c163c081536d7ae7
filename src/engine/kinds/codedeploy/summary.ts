import type { DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy'
import { code } from '../../../shared/markdown.js'
import { codeBlock } from '../../phases/explain/log-tail.js'
import type { Described, Report, RollbackReport } from '../../phases/report/report.js'
import { rollbackWords } from '../../phases/report/summary.js'
import { OUTPUTS } from '../../settings/inputs.js'
import { diagnosticsOf, eventsLine, failedEvent, trafficLine } from './describe.js'
import { codeDeployOf } from './snapshot.js'

/**
 * What the job summary and the outputs say of a deployment on the CODE_DEPLOY controller: its
 * section, a pause at Ready as its headline, its rollback in CodeDeploy's terms, and the output
 * codedeploy-deployment-id.
 */
export function describeCodeDeployment(r: Report, kindView: unknown): Described {
  return {
    lines: codeDeploySummary(r, kindView),
    headline:
      r.outcome === 'paused' ? '⏸️ Paused at Ready (waiting for continue or rollback)' : undefined,
    rollback: r.rollback && rollbackLine(r, r.rollback),
    outputs: { [OUTPUTS.codeDeployDeploymentId]: r.deploymentId ?? '' }
  }
}

/** Who rolled back through CodeDeploy, and how; undefined for the summary's own words. */
function rollbackLine(r: Report, back: RollbackReport): string | undefined {
  const { to, end, id } = rollbackWords(r, back)
  if (back.by !== 'action') {
    return `CodeDeploy rolls the service back to ${to} itself, by the deployment group's automatic rollback${id}; no second rollback was made. CodeDeploy's rollback: ${end}`
  }
  switch (back.via) {
    case 'StopDeployment':
      return `Rolled back through CodeDeploy (StopDeployment with autoRollbackEnabled) to ${to}${id}; no UpdateService. ${end}`
    case 'CreateDeployment':
      return `Rolled back through CodeDeploy: a new deployment of ${to}${id.replace('rollback deployment', 'CreateDeployment')}; no UpdateService. ${end}`
    default:
      return undefined
  }
}

/** Services on the CODE_DEPLOY controller: the deployment, its lifecycle events, traffic, error. */
export function codeDeploySummary(r: Report, kindView: unknown): string[] {
  const cd = codeDeployOf(kindView)
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
