import type { ExpressScenario } from './scenarios.js'
import type { ServiceRecord } from '../ecs/records.js'
import type { EcsState } from '../ecs/state.js'
import { asRecord, asString, asStrings, digits } from '../wire.js'

/*
 * What the stand-in keeps of an Express Mode service (beside the ECS service record it runs as),
 * the defaults Express Mode fills in, and how an update's members meet the configuration in force.
 * Defaults, in the documentation's words:
 * - "You can also configure the container port (defaults to 80)" (ECS API Reference,
 *   CreateExpressGatewayService, primaryContainer).
 * - "If not specified, the default health check path is /ping." (same page, healthCheckPath)
 * - "cpu: 1024 - 1 vCPU unit allocated to the task", "memory: 2048 - 2 GB of memory allocated to
 *   the task" (Developer Guide, Resources created by Amazon ECS Express Mode services; "1 vCPU and
 *   2 GB memory", Create your first Express Mode service using the AWS CLI). The API Reference
 *   says 256 and 512 instead; the stand-in follows the two guide pages.
 * - "desiredCount: Express Mode service → MinTasks - Desired count for service (default is 1)",
 *   "desiredMaxTaskCount: 20", "autoScalingTargetValue: 60" (Resources created...); the metric
 *   "CPUUtilization" is the model's enum value AVERAGE_CPU.
 * - "networkConfiguration.Subnets: If none are provided, Express Mode will use the default public
 *   subnets in the default VPC." "networkConfiguration.SecurityGroups: If none are provided,
 *   Express Mode creates both a Service Security Group and a Load Balancer Security Group"
 *   (Resources created...).
 */

export interface Scaling {
  readonly minTaskCount: number
  readonly maxTaskCount: number
  readonly autoScalingMetric: string
  readonly autoScalingTargetValue: number
}

/** A service revision's configuration as the request gave it, defaults filled in. */
export interface ExpressSettings {
  /** ExpressGatewayContainer; for a task definition the customer gave, read from its Main. */
  readonly primaryContainer: Record<string, unknown>
  /** The customer's own task definition (taskDefinitionArn), if the request gave one. */
  readonly customTaskDefinition?: string
  readonly executionRoleArn?: string
  readonly taskRoleArn?: string
  readonly cpu: string
  readonly memory: string
  readonly healthCheckPath: string
  readonly networkConfiguration: { readonly securityGroups: string[]; readonly subnets: string[] }
  readonly scalingTarget: Scaling
}

/** One service revision of an Express service: its settings and the task definition it runs. */
export interface ExpressConfig {
  readonly settings: ExpressSettings
  readonly serviceRevisionArn: string
  readonly taskDefinitionArn: string
  readonly createdAt: number
}

export interface ExpressRecord {
  readonly service: ServiceRecord
  readonly infrastructureRoleArn: string
  readonly tags: readonly { readonly key: string; readonly value: string }[]
  /** By service revision ARN. */
  readonly configs: Map<string, ExpressConfig>
  /** servicename.ecs.region.on.aws */
  readonly endpoint: string
  /** The metric alarm Express Mode creates "for detecting faulty deployments". */
  readonly alarmName: string
  /** The log group Express Mode creates for the service ("Log group specific to the service"). */
  readonly logGroup: string
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  readonly createdAt: number
  updatedAt: number
}

/** All the Express part of the stand-in holds. */
export interface ExpressState {
  readonly ecs: EcsState
  /** By cluster/name. */
  readonly records: Map<string, ExpressRecord>
  /** What the next deployments of a service (cluster/name) do, in order. */
  readonly queued: Map<string, ExpressScenario[]>
  /** What a deployment no scenario was queued for does. */
  defaults: ExpressScenario
}

/** The next deployment's scenario of cluster/name. */
export function nextScenario(state: ExpressState, key: string): ExpressScenario {
  return state.queued.get(key)?.shift() ?? state.defaults
}

export const MAIN = 'Main'
export const DEFAULT_SUBNETS = ['subnet-0e1a2b3c4d5e6f701', 'subnet-0e1a2b3c4d5e6f702']
export const SERVICE_SECURITY_GROUP = 'sg-0e1a2b3c4d5e6f7a8'

/** "awslogs-group: "/aws/ecs/<cluster>/<name>-####"" (Resources created..., Logging defaults). */
export const defaultLogGroup = (cluster: string, name: string) =>
  `/aws/ecs/${cluster}/${name}-${digits(4)}`

/** The settings of a create request (or of an update merged in), defaults filled in. */
export function settingsOf(input: Record<string, unknown>, logGroup: string): ExpressSettings {
  const container = asRecord(input.primaryContainer)
  const logs = asRecord(container.awsLogsConfiguration)
  const network = asRecord(input.networkConfiguration)
  const text = (key: string) => asString(input[key]) || undefined
  const executionRoleArn = text('executionRoleArn')
  const taskRoleArn = text('taskRoleArn')
  return {
    primaryContainer: {
      ...container,
      containerPort: typeof container.containerPort === 'number' ? container.containerPort : 80,
      awsLogsConfiguration: {
        logGroup: asString(logs.logGroup) || logGroup,
        logStreamPrefix: asString(logs.logStreamPrefix) || 'ecs'
      }
    },
    ...(executionRoleArn ? { executionRoleArn } : {}),
    ...(taskRoleArn ? { taskRoleArn } : {}),
    cpu: text('cpu') ?? '1024',
    memory: text('memory') ?? '2048',
    healthCheckPath: text('healthCheckPath') ?? '/ping',
    networkConfiguration: {
      subnets: network.subnets !== undefined ? asStrings(network.subnets) : DEFAULT_SUBNETS,
      securityGroups:
        network.securityGroups !== undefined
          ? asStrings(network.securityGroups)
          : [SERVICE_SECURITY_GROUP]
    },
    scalingTarget: scalingOf(asRecord(input.scalingTarget))
  }
}

/**
 * An update's members over the configuration in force: a member the request leaves out keeps its
 * value, inside primaryContainer, scalingTarget and networkConfiguration too. (The API Reference
 * does not say; the stand-in's choice, so that a request "sending only members it has" changes
 * only those.)
 */
export function merged(
  base: ExpressSettings,
  input: Record<string, unknown>
): Record<string, unknown> {
  const over = (key: keyof ExpressSettings) => ({ ...asRecord(base[key]), ...asRecord(input[key]) })
  return {
    executionRoleArn: base.executionRoleArn,
    taskRoleArn: base.taskRoleArn,
    cpu: base.cpu,
    memory: base.memory,
    healthCheckPath: base.healthCheckPath,
    ...input,
    primaryContainer: over('primaryContainer'),
    scalingTarget: over('scalingTarget'),
    networkConfiguration: over('networkConfiguration')
  }
}

function scalingOf(s: Record<string, unknown>): Scaling {
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d)
  return {
    minTaskCount: num(s.minTaskCount, 1),
    maxTaskCount: num(s.maxTaskCount, 20),
    autoScalingMetric: asString(s.autoScalingMetric) || 'AVERAGE_CPU',
    autoScalingTargetValue: num(s.autoScalingTargetValue, 60)
  }
}

/** Settings compared member by member, whatever the order their keys came in. */
export function sameSettings(a: ExpressSettings, b: ExpressSettings): boolean {
  return canonical(a) === canonical(b)
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    entries.sort(([x], [y]) => x.localeCompare(y))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
