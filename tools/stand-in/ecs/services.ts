import { lookAtTaskSets, taskSetView } from '../codedeploy/task-sets.js'
import type { ServiceRecord } from './records.js'
import { lagReads, staleView } from './rollouts/read-lag.js'
import { advance } from './rollouts/rollout.js'
import { rollouts } from './rollouts/rollout-scripts.js'
import { startDeployment } from './start-deployment.js'
import { type EcsState, clusterName, lookupService } from './state.js'
import { lookupTaskDefinition } from './task-definitions.js'
import { ACCOUNT, AwsError, REGION, asString, asStrings, epoch } from '../wire.js'

/*
 * Services in the ECS stand-in: DescribeServices (each answer moves the rollout on, ecs/rollouts/rollout.ts)
 * and UpdateService, which starts a deployment that follows the next queued script. Deployment
 * controllers: "For services using the blue/green (CODE_DEPLOY) deployment controller, only the
 * desired count, deployment configuration, [...] can be updated using this API. If the network
 * configuration, platform version, task definition, or load balancer need to be updated, create a
 * new CodeDeploy deployment." and "For services using an external deployment controller, [...] If
 * the launch type, load balancer, network configuration, platform version, or task definition need
 * to be updated, create a new task set." (ECS API Reference, UpdateService)
 */

export function DescribeServices(state: EcsState, input: Record<string, unknown>) {
  const cluster = clusterName(state, input.cluster)
  const services: Record<string, unknown>[] = []
  const failures: Record<string, unknown>[] = []
  for (const name of asStrings(input.services)) {
    const short = name.slice(name.lastIndexOf('/') + 1)
    const service = state.services.get(`${cluster}/${short}`)
    if (service === undefined) {
      failures.push({
        arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${short}`,
        reason: 'MISSING'
      })
      continue
    }
    const stale = staleView(service)
    if (stale !== undefined) {
      // Eventual consistency: the write is not visible yet; the read shows the service before it.
      services.push(stale)
      continue
    }
    advance(state, service)
    // A service on the CODE_DEPLOY controller: a look at its CodeDeploy deployment too.
    if (service.controller === 'CODE_DEPLOY') lookAtTaskSets(state, service)
    services.push(describeService(state, service))
  }
  return { services, failures }
}

export function UpdateService(state: EcsState, input: Record<string, unknown>) {
  const cluster = clusterName(state, input.cluster)
  const service = lookupService(state, cluster, asString(input.service))
  if (typeof input.desiredCount === 'number') service.desiredCount = input.desiredCount
  const primary = service.deployments.find(d => d.status === 'PRIMARY')
  const requested = asString(input.taskDefinition)
  const target = requested === '' ? undefined : lookupTaskDefinition(state, requested)
  if (target !== undefined && target.status !== 'ACTIVE') {
    throw new AwsError(
      'ClientException',
      `TaskDefinition is inactive (${target.family}:${target.revision}).`
    )
  }
  if (target !== undefined && service.controller !== 'ECS') {
    throw new AwsError(
      'InvalidParameterException',
      `Unable to update task definition on services with a ${service.controller} deployment controller. ${service.controller === 'CODE_DEPLOY' ? 'Use AWS CodeDeploy to trigger a new deployment.' : 'Use CreateTaskSet to deploy a new task set.'}`
    )
  }
  const changes =
    input.forceNewDeployment === true ||
    (target !== undefined && target.arn !== primary?.taskDefinition)
  if (changes && state.options.readLagMs) {
    lagReads(service, state.options.readLagMs, () => describeService(state, service))
  }
  if (changes) {
    const script = service.queue.shift() ?? rollouts.succeeds(service.desiredCount)
    startDeployment(service, target?.arn ?? primary?.taskDefinition ?? '', script)
  }
  return { service: describeService(state, service) }
}

export function describeService(state: EcsState, s: ServiceRecord): Record<string, unknown> {
  const primary = s.deployments.find(d => d.status === 'PRIMARY')
  const network = s.networkConfiguration ?? {
    awsvpcConfiguration: {
      subnets: ['subnet-0a1b2c3d4e5f60718'],
      securityGroups: ['sg-0a1b2c3d4e5f60718'],
      assignPublicIp: 'DISABLED'
    }
  }
  // "If a capacityProviderStrategy is specified, the launchType parameter must be omitted." (ECS
  // API Reference, CreateService)
  const capacity = s.capacityProviderStrategy
    ? { capacityProviderStrategy: s.capacityProviderStrategy }
    : { launchType: 'FARGATE' }
  return {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn: s.clusterArn,
    loadBalancers: s.loadBalancers,
    serviceRegistries: [],
    status: 'ACTIVE',
    desiredCount: s.desiredCount,
    runningCount: s.deployments.reduce((n, d) => n + d.runningCount, 0),
    pendingCount: s.deployments.reduce((n, d) => n + d.pendingCount, 0),
    ...capacity,
    platformVersion: s.platformVersion ?? 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: primary?.taskDefinition,
    deploymentConfiguration: {
      deploymentCircuitBreaker: s.circuitBreaker,
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      ...state.strategies.configuration(s)
    },
    deployments: s.deployments.map(d => ({
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinition,
      desiredCount: d.desiredCount,
      pendingCount: d.pendingCount,
      runningCount: d.runningCount,
      failedTasks: d.failedTasks,
      createdAt: epoch(d.createdAt),
      updatedAt: epoch(d.updatedAt),
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
      networkConfiguration: network,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason
    })),
    roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    events: s.events.slice(0, 100).map(e => ({
      id: e.id,
      createdAt: epoch(e.createdAt),
      message: e.message
    })),
    createdAt: epoch(s.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: network,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: s.controller },
    createdBy: `arn:aws:iam::${ACCOUNT}:role/megilance-admin`,
    enableECSManagedTags: true,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    // CODE_DEPLOY: taskSets, no deployments, the PRIMARY task set's revision.
    ...taskSetView(state, s)
  }
}
