import type {
  CreateExpressGatewayServiceCommandInput,
  ExpressGatewayContainer,
  ExpressGatewayServiceConfiguration,
  KeyValuePair,
  UpdateExpressGatewayServiceCommandInput
} from '@aws-sdk/client-ecs'
import type { ExpressRequest } from '../../../aws/ecs/express.js'
import type { KeyValue } from '../../../shared/parse.js'
import { cpuUnits, memoryMiB } from '../../phases/validate/size.js'
import type { Settings } from '../../settings/settings.js'
import { MAIN } from './checks.js'

/*
 * The request an Express deploy sends, from the inputs (and, for an update, the configuration in
 * force), pure. Each request carries only the members its operation has: Create names the service
 * (serviceName, cluster), its infrastructure role; Update names it by serviceArn. An update sends
 * a member only where an input changes it, and then whole: the container, scaling target and
 * network configuration are each sent as the configuration in force with the inputs over it, so
 * what an input leaves out keeps its value whatever ECS does with a member left out. Environment
 * variables and secrets are merged by name (inputs win), as for a task definition.
 */

/** CreateExpressGatewayService for a service that does not exist yet. */
export function createRequest(s: Settings): ExpressRequest {
  const input: CreateExpressGatewayServiceCommandInput = {
    serviceName: s.service,
    cluster: s.cluster,
    infrastructureRoleArn: s.express.infrastructureRoleArn,
    ...(s.taskDefinitionArn !== ''
      ? { taskDefinitionArn: s.taskDefinitionArn }
      : { primaryContainer: container(s, undefined), ...taskMembers(s) }),
    ...serviceMembers(s, undefined)
  }
  return { operation: 'CreateExpressGatewayService', input }
}

/** UpdateExpressGatewayService of an Express service, over its configuration in force. */
export function updateRequest(
  s: Settings,
  serviceArn: string,
  current: ExpressGatewayServiceConfiguration | undefined
): ExpressRequest {
  const input: UpdateExpressGatewayServiceCommandInput = {
    serviceArn,
    ...(s.taskDefinitionArn !== ''
      ? { taskDefinitionArn: s.taskDefinitionArn }
      : {
          ...(changesContainer(s) ? { primaryContainer: container(s, current) } : {}),
          ...taskMembers(s)
        }),
    ...serviceMembers(s, current)
  }
  return { operation: 'UpdateExpressGatewayService', input }
}

/** The image the inputs give Main, if they give one. */
export function imageOf(s: Settings): string | undefined {
  return s.render.images.find(i => i.container === MAIN)?.image
}

function changesContainer(s: Settings): boolean {
  const r = s.render
  return (
    imageOf(s) !== undefined ||
    r.environment.length > 0 ||
    r.secrets.length > 0 ||
    r.command !== undefined ||
    s.express.containerPort !== undefined
  )
}

/** The primary container: the one in force (if any) with the inputs over it. */
function container(
  s: Settings,
  current: ExpressGatewayServiceConfiguration | undefined
): ExpressGatewayContainer {
  const base = current?.primaryContainer
  const image = imageOf(s) ?? base?.image
  const port = s.express.containerPort ?? base?.containerPort
  const environment = merged(base?.environment, s.render.environment, (name, value) => ({
    name,
    value
  }))
  const secrets = merged(base?.secrets, s.render.secrets, (name, valueFrom) => ({
    name,
    valueFrom
  }))
  const command = s.render.command ?? base?.command
  return {
    ...base,
    image,
    ...(port !== undefined ? { containerPort: port } : {}),
    ...(environment.length > 0 ? { environment } : {}),
    ...(secrets.length > 0 ? { secrets } : {}),
    ...(command !== undefined ? { command: [...command] } : {})
  }
}

/** By name, the inputs' over the ones in force, in the order they came. */
function merged<T extends { name?: string | undefined }>(
  base: readonly T[] | undefined,
  inputs: readonly KeyValue[],
  make: (name: string, value: string) => T
): T[] {
  const byName = new Map<string, T>((base ?? []).map(e => [e.name ?? '', e]))
  for (const { key, value } of inputs) byName.set(key, make(key, value))
  return [...byName.values()]
}

/** The task's size and roles, where the inputs give them (sizes in the API's units). */
function taskMembers(s: Settings) {
  const r = s.render
  return {
    ...(r.cpu !== '' ? { cpu: String(cpuUnits(r.cpu)) } : {}),
    ...(r.memory !== '' ? { memory: String(memoryMiB(r.memory)) } : {}),
    ...(r.executionRoleArn !== '' ? { executionRoleArn: r.executionRoleArn } : {}),
    ...(r.taskRoleArn !== '' ? { taskRoleArn: r.taskRoleArn } : {})
  }
}

/** Health check path, scaling target and network, where the inputs give them. */
function serviceMembers(s: Settings, current: ExpressGatewayServiceConfiguration | undefined) {
  const e = s.express
  const scaling = {
    ...current?.scalingTarget,
    ...(e.minTaskCount !== undefined ? { minTaskCount: e.minTaskCount } : {}),
    ...(e.maxTaskCount !== undefined ? { maxTaskCount: e.maxTaskCount } : {})
  }
  const network = current?.networkConfiguration
  const subnets = e.subnets.length > 0 ? [...e.subnets] : network?.subnets
  const securityGroups =
    e.securityGroups.length > 0 ? [...e.securityGroups] : network?.securityGroups
  return {
    ...(e.healthCheckPath !== '' ? { healthCheckPath: e.healthCheckPath } : {}),
    ...(e.minTaskCount !== undefined || e.maxTaskCount !== undefined
      ? { scalingTarget: scaling }
      : {}),
    ...(e.subnets.length > 0 || e.securityGroups.length > 0
      ? {
          networkConfiguration: {
            ...(subnets !== undefined ? { subnets } : {}),
            ...(securityGroups !== undefined ? { securityGroups } : {})
          }
        }
      : {})
  }
}

/** The request as the log may show it: environment values hidden, as every value of a step is. */
export function shown(request: ExpressRequest): string {
  const input: { primaryContainer?: ExpressGatewayContainer | undefined } = request.input
  const c = input.primaryContainer
  const hidden = c?.environment?.map((e: KeyValuePair) => ({ name: e.name, value: '(hidden)' }))
  const safe = c && hidden ? { ...input, primaryContainer: { ...c, environment: hidden } } : input
  return `${request.operation} ${JSON.stringify(safe, null, 2)}`
}
