import type { ExpressConfig, ExpressRecord, ExpressSettings } from './records.js'
import { registerExpressTaskDefinition } from './task-definition.js'
import type { ServiceRecord } from '../ecs/records.js'
import type { RolloutScript } from '../ecs/rollouts/rollout-scripts.js'
import { startDeployment } from '../ecs/start-deployment.js'
import { type EcsState, clusterArn } from '../ecs/state.js'
import type { Config, NativeScenario } from '../ecs/rollouts/strategies-timeline.js'
import { ACCOUNT, REGION, asString, digits } from '../wire.js'

/*
 * The ECS service an Express service runs as, and its deployments. "A service with canary
 * deployment and auto scaling"; "deploymentConfiguration: Canary by default - Express Mode service
 * uses Canary deployments"; "Note that deployment strategy can not be updated on Express Mode
 * services." (Developer Guide, Resources created by Amazon ECS Express Mode services). The canary
 * "5% of traffic is shifted to the new environment", "After 3 minutes bake time, 100% of traffic
 * is shifted", "After 3 minutes bake time for monitoring, old tasks are gradually stopped",
 * "Alarm Based Rollbacks" (Updating an Amazon ECS Express Mode service): canaryPercent 5,
 * canaryBakeTimeInMinutes 3, bakeTimeInMinutes 3, alarms with rollback, on the "Metric alarm for
 * detecting faulty deployments" Express Mode creates (its name is the stand-in's choice). The
 * guide names no circuit breaker for Express services; the stand-in leaves it off.
 *
 * A service name the request leaves out: "If you don't specify a service name, Amazon ECS
 * generates a unique name for the service." (API Reference); "A unique service name generated from
 * the image name", as in "nginx-1234" (Create your first Express Mode service using the AWS CLI).
 */

export function canaryConfiguration(alarmName: string): Config {
  return {
    strategy: 'CANARY',
    canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 3 },
    bakeTimeInMinutes: 3,
    alarms: { alarmNames: [alarmName], enable: true, rollback: true }
  }
}

export const alarmNameOf = (service: string) => `${service}-faulty-deployment-alarm`

/** nginx-1234 for public.ecr.aws/nginx/nginx:latest. */
export function generatedName(image: string): string {
  const repository = image.split('@')[0]?.split('/').pop()?.split(':')[0] ?? ''
  const base = repository.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 240) || 'express'
  return `${base}-${digits(4)}`
}

/** A new service with no deployment yet, in its cluster. */
export function newService(
  state: EcsState,
  cluster: string,
  name: string,
  desired: number
): ServiceRecord {
  const service: ServiceRecord = {
    name,
    cluster,
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${name}`,
    clusterArn: clusterArn(cluster),
    desiredCount: desired,
    circuitBreaker: { enable: false, rollback: false },
    deployments: [],
    events: [],
    createdAt: Date.now(),
    queue: [],
    serviceDeployments: [],
    controller: 'ECS',
    revisions: new Map(),
    loadBalancers: []
  }
  state.services.set(`${cluster}/${name}`, service)
  return service
}

/**
 * A new service revision of the settings and its deployment: the task definition registered (or
 * the customer's), the deployment started (`script`: the first one's rolling script; `canary`: an
 * update's canary scenario). "Amazon ECS creates a new service revision with updated
 * configuration" (API Reference, UpdateExpressGatewayService).
 */
export function deploy(
  state: EcsState,
  record: ExpressRecord,
  settings: ExpressSettings,
  script: RolloutScript,
  canary?: NativeScenario
): ExpressConfig {
  const service = record.service
  service.desiredCount = settings.scalingTarget.minTaskCount
  const taskDefinitionArn =
    settings.customTaskDefinition ?? registerExpressTaskDefinition(state, service.name, settings)
  const deployment = startDeployment(service, taskDefinitionArn, script)
  const config: ExpressConfig = {
    settings,
    serviceRevisionArn: deployment.revisionArn,
    taskDefinitionArn,
    createdAt: deployment.createdAt
  }
  record.configs.set(deployment.revisionArn, config)
  if (canary !== undefined && deployment.serviceDeployment !== undefined)
    state.strategies.assign(deployment.serviceDeployment, canary)
  return config
}

/**
 * The configuration of the revision the service's PRIMARY deployment rolls out; after an
 * UpdateService outside Express Mode, the newest Express Mode knows ("Express Mode will not
 * overwrite changes unless requested as part of an Express Mode update", Developer Guide,
 * Updating Resources Outside of Express Mode).
 */
export function currentConfig(record: ExpressRecord): ExpressConfig {
  const primary = record.service.deployments.find(d => d.status === 'PRIMARY')
  const newest = [...record.configs.values()].sort((a, b) => b.createdAt - a.createdAt)[0]
  const config = (primary && record.configs.get(primary.revisionArn)) ?? newest
  if (config === undefined) throw new Error(`stand-in: ${record.service.name} runs no revision`)
  return config
}

/** The image a request's container (or its task definition's Main) runs. */
export const imageOf = (settings: ExpressSettings) => asString(settings.primaryContainer.image)
