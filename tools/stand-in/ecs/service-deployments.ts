import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord } from './records.js'
import { breakerThreshold } from './rollouts/breaker.js'
import { visibleServiceDeployments } from './rollouts/read-lag.js'
import { type EcsState, clusterName, lookupService } from './state.js'
import { AwsError, asRecord, asString, asStrings, epoch, fromEpoch } from '../wire.js'

/*
 * Service deployments and service revisions in the ECS stand-in, where a scenario allows them
 * (EcsOptions.serviceDeployments; otherwise UnknownOperationException): ListServiceDeployments,
 * DescribeServiceDeployments, DescribeServiceRevisions. ListServiceDeployments "returns the values
 * that you use for the request parameters in DescribeServiceRevisions"; a service revision names
 * its taskDefinition (ServiceRevision).
 */

function serviceDeploymentsAvailable(state: EcsState, op: string): void {
  if (!state.options.serviceDeployments) {
    throw new AwsError(
      'UnknownOperationException',
      `The operation ${op} is not available in this region.`
    )
  }
}

/** The service deployment StopServiceDeployment / ContinueServiceDeployment name. */
export function lookupServiceDeployment(
  state: EcsState,
  input: Record<string, unknown>
): ServiceDeploymentRecord {
  serviceDeploymentsAvailable(state, 'StopServiceDeployment')
  const arn = asString(input.serviceDeploymentArn)
  const found = [...state.services.values()]
    .flatMap(s => s.serviceDeployments)
    .find(x => x.arn === arn)
  if (found === undefined)
    throw new AwsError('ServiceDeploymentNotFoundException', `${arn} does not exist.`)
  return found
}

export function ListServiceDeployments(state: EcsState, input: Record<string, unknown>) {
  serviceDeploymentsAvailable(state, 'ListServiceDeployments')
  const cluster = clusterName(state, input.cluster)
  const service = lookupService(state, cluster, asString(input.service))
  const createdAt = asRecord(input.createdAt)
  const after = fromEpoch(createdAt.after)
  const before = fromEpoch(createdAt.before)
  const statuses = asStrings(input.status)
  const visible = visibleServiceDeployments(service)
  const briefs = visible
    .filter(sd => after === undefined || sd.createdAt >= after)
    .filter(sd => before === undefined || sd.createdAt <= before)
    .filter(sd => statuses.length === 0 || statuses.includes(sd.status))
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(sd => ({
      serviceDeploymentArn: sd.arn,
      serviceArn: service.arn,
      clusterArn: service.clusterArn,
      createdAt: epoch(sd.createdAt),
      ...(sd.startedAt !== undefined ? { startedAt: epoch(sd.startedAt) } : {}),
      ...(sd.finishedAt !== undefined ? { finishedAt: epoch(sd.finishedAt) } : {}),
      targetServiceRevisionArn: sd.target.revisionArn,
      status: sd.status,
      ...(sd.statusReason ? { statusReason: sd.statusReason } : {})
    }))
  return { serviceDeployments: briefs }
}

export function DescribeServiceDeployments(state: EcsState, input: Record<string, unknown>) {
  serviceDeploymentsAvailable(state, 'DescribeServiceDeployments')
  const serviceDeployments: Record<string, unknown>[] = []
  const failures: Record<string, unknown>[] = []
  for (const arn of asStrings(input.serviceDeploymentArns)) {
    const found = [...state.services.values()]
      .map(s => ({ s, sd: s.serviceDeployments.find(x => x.arn === arn) }))
      .find(x => x.sd !== undefined)
    if (found?.sd === undefined) {
      failures.push({ arn, reason: 'MISSING' })
      continue
    }
    const { s, sd } = found
    const revision = (d: DeploymentRecord) => ({
      arn: d.revisionArn,
      requestedTaskCount: d.desiredCount,
      runningTaskCount: d.runningCount,
      pendingTaskCount: d.pendingCount
    })
    serviceDeployments.push({
      serviceDeploymentArn: sd.arn,
      serviceArn: s.arn,
      clusterArn: s.clusterArn,
      createdAt: epoch(sd.createdAt),
      ...(sd.startedAt !== undefined ? { startedAt: epoch(sd.startedAt) } : {}),
      ...(sd.finishedAt !== undefined ? { finishedAt: epoch(sd.finishedAt) } : {}),
      ...(sd.stoppedAt !== undefined ? { stoppedAt: epoch(sd.stoppedAt) } : {}),
      updatedAt: epoch(sd.updatedAt),
      sourceServiceRevisions: sd.source.map(revision),
      targetServiceRevision: revision(sd.target),
      status: sd.status,
      ...(sd.statusReason ? { statusReason: sd.statusReason } : {}),
      deploymentConfiguration: {
        deploymentCircuitBreaker: s.circuitBreaker,
        maximumPercent: 200,
        minimumHealthyPercent: 100
      },
      ...(sd.rollback
        ? {
            rollback: {
              reason: sd.rollback.reason,
              startedAt: epoch(sd.rollback.startedAt),
              serviceRevisionArn: sd.rollback.serviceRevisionArn
            }
          }
        : {}),
      deploymentCircuitBreaker: breakerOf(s, sd)
    })
    serviceDeployments.push(state.strategies.describe(sd, serviceDeployments.pop()!))
  }
  return { serviceDeployments, failures }
}

export function DescribeServiceRevisions(state: EcsState, input: Record<string, unknown>) {
  serviceDeploymentsAvailable(state, 'DescribeServiceRevisions')
  const serviceRevisions: Record<string, unknown>[] = []
  const failures: Record<string, unknown>[] = []
  for (const arn of asStrings(input.serviceRevisionArns)) {
    const found = [...state.services.values()]
      .map(s => ({ s, r: s.revisions.get(arn) }))
      .find(x => x.r !== undefined)
    if (found?.r === undefined) {
      failures.push({ arn, reason: 'MISSING' })
      continue
    }
    serviceRevisions.push({
      serviceRevisionArn: arn,
      serviceArn: found.s.arn,
      clusterArn: found.s.clusterArn,
      taskDefinition: found.r.taskDefinition,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      createdAt: epoch(found.r.createdAt)
    })
  }
  return { serviceRevisions, failures }
}

/**
 * ServiceDeploymentCircuitBreaker: "failureCount: The number of times the circuit breaker
 * detected a service deploymeny failure." and "threshold: The threshhold which determines that
 * the service deployment failed." (the configurable breaker's, rollouts/breaker.ts; else 10).
 */
function breakerOf(s: ServiceRecord, sd: ServiceDeploymentRecord): Record<string, unknown> {
  const configured = s.circuitBreaker.thresholdConfiguration
  return {
    status: sd.breakerStatus,
    failureCount: configured ? (sd.target.breakerFailures ?? 0) : sd.target.failedTasks,
    threshold: configured ? breakerThreshold(configured, s.desiredCount) : 10
  }
}
