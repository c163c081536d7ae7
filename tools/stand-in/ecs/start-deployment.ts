import type { DeploymentRecord, ServiceRecord } from './records.js'
import type { RolloutScript } from './rollouts/rollout-scripts.js'
import { ACCOUNT, REGION, digits, upperAlnum } from '../wire.js'

/*
 * A new deployment of a service in the ECS stand-in: the one UpdateService starts (with its
 * service deployment, which stops the one still going), ECS's own rollback of a failed one (in
 * the failed one's service deployment), and the twin ECS starts when it duplicates one.
 */

export function startDeployment(
  service: ServiceRecord,
  taskDefinition: string,
  script: RolloutScript,
  rollbackOf?: DeploymentRecord,
  twinOf?: DeploymentRecord
): DeploymentRecord {
  const now = Date.now()
  const previous = service.deployments.filter(d => d.status === 'PRIMARY')
  for (const d of service.deployments) d.status = 'ACTIVE'
  // A service deployment still going is stopped by the new one (ECS rollbacks share theirs).
  if (rollbackOf === undefined && twinOf === undefined) {
    for (const sd of service.serviceDeployments) {
      if (sd.status === 'PENDING' || sd.status === 'IN_PROGRESS') {
        sd.status = 'STOPPED'
        sd.statusReason = 'Service deployment stopped: a newer service deployment started.'
        sd.stoppedAt = now
        sd.updatedAt = now
      }
    }
  }
  const id = `ecs-svc/${digits(19)}`
  const deployment: DeploymentRecord = {
    id,
    revisionArn: twinOf?.revisionArn ?? revisionArn(service.cluster, service.name),
    status: 'PRIMARY',
    taskDefinition,
    desiredCount: service.desiredCount,
    runningCount: 0,
    pendingCount: 0,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    script,
    step: 0,
    serviceDeployment: rollbackOf?.serviceDeployment ?? twinOf?.serviceDeployment,
    ...(rollbackOf ? { rollbackOf } : {}),
    failuresCounted: true
  }
  service.revisions.set(deployment.revisionArn, { taskDefinition, createdAt: now })
  if (twinOf !== undefined && deployment.serviceDeployment !== undefined) {
    deployment.serviceDeployment.target = deployment
  } else if (rollbackOf === undefined) {
    deployment.serviceDeployment = {
      arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/${service.cluster}/${service.name}/${upperAlnum(20)}`,
      createdAt: now,
      updatedAt: now,
      status: 'PENDING',
      source: previous,
      target: deployment,
      breakerStatus: service.circuitBreaker.enable ? 'MONITORING' : 'DISABLED'
    }
    service.serviceDeployments.push(deployment.serviceDeployment)
  }
  service.deployments.unshift(deployment)
  return deployment
}

export function revisionArn(cluster: string, service: string): string {
  return `arn:aws:ecs:${REGION}:${ACCOUNT}:service-revision/${cluster}/${service}/${digits(19)}`
}
