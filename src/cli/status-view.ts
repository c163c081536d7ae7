import type { Deployment, ServiceDeployment } from '@aws-sdk/client-ecs'
import { shortArn } from '../engine/common/task-definition-arn.js'
import { inertJson } from './json-output.js'
import { paint } from './terminal/colour.js'
import type { ServiceStatus } from './status.js'

/* What `ecs-deploy status` prints: for a person (statusText) or a machine (statusJson). Pure. */

export function statusText(s: ServiceStatus, colour: boolean): string {
  const svc = s.service
  const bold = (t: string) => paint(t, 'bold', colour)
  const strategy = svc.deploymentConfiguration?.strategy ?? 'ROLLING'
  const commit = s.commit
    ? `commit ${s.commit.sha.slice(0, 12)} (${s.commit.from})`
    : 'no commit known'
  const lines = [
    bold(`${svc.serviceName ?? ''} in ${s.cluster} (${s.region})`),
    `  status    ${svc.status ?? '?'}, ${svc.runningCount ?? 0}/${svc.desiredCount ?? 0} tasks running, ${svc.pendingCount ?? 0} pending`,
    `  strategy  ${strategy} (controller ${svc.deploymentController?.type ?? 'ECS'})`,
    `  running   ${shortArn(svc.taskDefinition)}, ${commit}, outcome ${s.outcome || '—'}`,
    '',
    bold('Deployments'),
    ...(svc.deployments ?? []).map(deploymentLine)
  ]
  if (s.serviceDeployments.length > 0)
    lines.push('', bold('Service deployments'), ...s.serviceDeployments.map(serviceDeploymentLine))
  if (s.revisions.length > 0) {
    lines.push('', bold('Recent revisions (outcome tags)'))
    for (const r of s.revisions)
      lines.push(
        `  ${shortArn(r.arn)}  ${r.outcome || '—'}${r.commit ? `  ${r.commit.slice(0, 12)}` : ''}`
      )
  }
  return lines.join('\n')
}

function deploymentLine(d: Deployment): string {
  const failed = d.failedTasks ? `, ${d.failedTasks} failed` : ''
  return `  ${d.status ?? '?'}  ${d.id ?? '?'}  ${shortArn(d.taskDefinition)}  ${d.rolloutState ?? '?'}  ${d.runningCount ?? 0}/${d.desiredCount ?? 0} running, ${d.pendingCount ?? 0} pending${failed}`
}

function serviceDeploymentLine(sd: ServiceDeployment): string {
  const traffic = sd.targetServiceRevision?.requestedProductionTrafficWeight
  return [
    `  ${sd.status ?? '?'}`,
    sd.lifecycleStage ?? '—',
    ...(traffic !== undefined ? [`traffic ${traffic}%`] : []),
    sd.createdAt?.toISOString() ?? '',
    sd.serviceDeploymentArn ?? ''
  ].join('  ')
}

/** The status as one JSON object (--json). */
export function statusJson(s: ServiceStatus): string {
  const svc = s.service
  return inertJson({
    cluster: s.cluster,
    service: svc.serviceName ?? '',
    region: s.region,
    status: svc.status ?? '',
    strategy: svc.deploymentConfiguration?.strategy ?? 'ROLLING',
    'running-count': svc.runningCount ?? 0,
    'desired-count': svc.desiredCount ?? 0,
    'task-definition-arn': svc.taskDefinition ?? '',
    commit: s.commit?.sha ?? '',
    outcome: s.outcome,
    deployments: (svc.deployments ?? []).map(d => ({
      id: d.id ?? '',
      status: d.status ?? '',
      'rollout-state': d.rolloutState ?? '',
      'task-definition-arn': d.taskDefinition ?? '',
      'running-count': d.runningCount ?? 0,
      'desired-count': d.desiredCount ?? 0,
      'failed-tasks': d.failedTasks ?? 0
    })),
    'service-deployments': s.serviceDeployments.map(sd => ({
      arn: sd.serviceDeploymentArn ?? '',
      status: sd.status ?? '',
      stage: sd.lifecycleStage ?? '',
      'production-traffic': sd.targetServiceRevision?.requestedProductionTrafficWeight ?? null
    })),
    revisions: s.revisions.map(r => ({
      'task-definition-arn': r.arn,
      outcome: r.outcome,
      commit: r.commit
    }))
  })
}
