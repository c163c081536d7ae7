import { createTaskSet } from '../codedeploy/task-sets.js'
import type { BreakerRecord, DeploymentRecord } from './records.js'
import type { RolloutScript } from './rollouts/rollout-scripts.js'
import { revisionArn } from './start-deployment.js'
import { type EcsState, clusterArn, lookupService } from './state.js'
import type { NativeScenario } from './rollouts/strategies.js'
import { lookupTaskDefinition } from './task-definitions.js'
import { ACCOUNT, REGION, digits, hex, upperAlnum } from '../wire.js'

/*
 * A service of the ECS stand-in as it stands before a scenario's first step: running a
 * registered revision, fully rolled out, the deployment that brought it there SUCCESSFUL, and
 * the scripts of the deployments UpdateService will start queued. A service on the CODE_DEPLOY
 * controller runs its revision in one PRIMARY task set (codedeploy/task-sets.ts).
 */

export interface ServiceSeed {
  readonly cluster: string
  readonly service: string
  /** ARN of a registered revision the service runs, fully rolled out. */
  readonly taskDefinition: string
  readonly desiredCount?: number
  /** Off by default; with a thresholdConfiguration, ECS's count decides (rollouts/breaker.ts). */
  readonly circuitBreaker?: BreakerRecord
  /** One script per deployment UpdateService starts, in order; then rollouts.succeeds. */
  readonly rollouts?: readonly RolloutScript[]
  /** DeploymentController.type; ECS by default. */
  readonly deploymentController?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
  /** deploymentConfiguration fields beyond the rolling ones (strategy, bake, hooks, alarms...). */
  readonly deploymentConfiguration?: Record<string, unknown>
  /** Blue/green, linear, canary: what happens in each deployment UpdateService starts, in order. */
  readonly native?: readonly NativeScenario[]
  /** As CreateService takes them ({ targetGroupArn, containerName, containerPort }, ...). */
  readonly loadBalancers?: readonly Record<string, unknown>[]
  readonly networkConfiguration?: Record<string, unknown>
  readonly platformVersion?: string
  readonly capacityProviderStrategy?: readonly Record<string, unknown>[]
}

export function seedService(state: EcsState, seed: ServiceSeed): void {
  const record = lookupTaskDefinition(state, seed.taskDefinition)
  const name = seed.service
  state.clusters.add(seed.cluster)
  const created = Date.now() - 86_400_000
  const desired = seed.desiredCount ?? 2
  const steady: DeploymentRecord = {
    id: `ecs-svc/${digits(19)}`,
    revisionArn: revisionArn(seed.cluster, name),
    status: 'PRIMARY',
    taskDefinition: record.arn,
    desiredCount: desired,
    runningCount: desired,
    pendingCount: 0,
    failedTasks: 0,
    createdAt: created,
    updatedAt: created,
    rolloutState: 'COMPLETED',
    rolloutStateReason: 'ECS deployment completed.',
    script: [],
    step: 0,
    serviceDeployment: undefined,
    failuresCounted: false
  }
  // The deployment that brought the service here, SUCCESSFUL (service deployments are kept for
  // "the last 90 days history for deployments created on or after October 25, 2024").
  steady.serviceDeployment = {
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/${seed.cluster}/${name}/${upperAlnum(20)}`,
    createdAt: created,
    startedAt: created,
    finishedAt: created + 60_000,
    updatedAt: created + 60_000,
    status: 'SUCCESSFUL',
    source: [],
    target: steady,
    breakerStatus: seed.circuitBreaker?.enable ? 'MONITORING_COMPLETE' : 'DISABLED'
  }
  state.services.set(`${seed.cluster}/${name}`, {
    name,
    cluster: seed.cluster,
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${seed.cluster}/${name}`,
    clusterArn: clusterArn(seed.cluster),
    desiredCount: desired,
    circuitBreaker: seed.circuitBreaker ?? { enable: false, rollback: false },
    deployments: [steady],
    events: [
      {
        id: hex(16),
        createdAt: created + 60_000,
        message: `(service ${name}) has reached a steady state.`
      }
    ],
    createdAt: created - 86_400_000,
    queue: [...(seed.rollouts ?? [])],
    serviceDeployments: [steady.serviceDeployment],
    controller: seed.deploymentController ?? 'ECS',
    revisions: new Map([[steady.revisionArn, { taskDefinition: record.arn, createdAt: created }]]),
    loadBalancers: seed.loadBalancers ?? [],
    ...(seed.networkConfiguration ? { networkConfiguration: seed.networkConfiguration } : {}),
    ...(seed.platformVersion ? { platformVersion: seed.platformVersion } : {}),
    ...(seed.capacityProviderStrategy
      ? { capacityProviderStrategy: seed.capacityProviderStrategy }
      : {})
  })
  const service = lookupService(state, seed.cluster, name)
  if (service.controller === 'CODE_DEPLOY') {
    createTaskSet(state, service, {
      taskDefinition: record.arn,
      loadBalancers: service.loadBalancers,
      networkConfiguration: service.networkConfiguration,
      platformVersion: service.platformVersion,
      capacityProviderStrategy: service.capacityProviderStrategy
    })
  }
  state.strategies.seed(service, seed.deploymentConfiguration, seed.native ?? [])
}
