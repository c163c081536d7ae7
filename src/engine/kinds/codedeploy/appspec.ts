import { createHash } from 'node:crypto'
import type { Service } from '@aws-sdk/client-ecs'
import { parseDocument, stringify } from 'yaml'
import { InputError } from '../../../shared/parse.js'
import { CODEDEPLOY_INPUTS } from '../../settings/codedeploy-inputs.js'

/*
 * The AppSpec of an ECS deployment, pure. "For Lambda and Amazon ECS deployments, the revision is
 * the same as the AppSpec file." and it is "a YAML-formatted or JSON-formatted string"
 * (CodeDeploy API Reference, AppSpecContent). Its 'resources' section for ECS (CodeDeploy User
 * Guide, AppSpec 'resources' section for Amazon ECS deployments):
 * - TaskDefinition: "Required. [...] It is specified with the ARN of the task definition."
 * - LoadBalancerInfo: ContainerName "Required. [...] It must be a container specified in your
 *   Amazon ECS task definition.", ContainerPort "Required. This is the port on the container where
 *   traffic will be routed to."
 * - PlatformVersion: "Optional. [...] If not specified, LATEST is used by default."
 * - NetworkConfiguration: "All or none of the settings under NetworkConfiguration must be
 *   specified." AwsvpcConfiguration with Subnets, SecurityGroups, AssignPublicIp.
 * - CapacityProviderStrategy: CapacityProvider, Base, Weight.
 * A file's TaskDefinition is replaced, in every resource, with the revision deployed; the keys are
 * matched without regard to case, as aws-actions/amazon-ecs-deploy-task-definition matches them
 * ("Find value in a CodeDeploy AppSpec file with a case-insensitive key").
 */

export type AppSpec = Readonly<Record<string, unknown>>

/** Where the revision goes in an AppSpec built before it is registered (dry run, plan). */
export const REVISION_PLACEHOLDER = '<the revision deployed>'

const INPUT = CODEDEPLOY_INPUTS.appSpec

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The key of `obj` that is `name` without regard to case. */
export function keyOf(obj: Readonly<Record<string, unknown>>, name: string): string | undefined {
  return Object.keys(obj).find(k => k.toLowerCase() === name.toLowerCase())
}

const valueOf = (obj: Readonly<Record<string, unknown>>, name: string): unknown => {
  const key = keyOf(obj, name)
  return key === undefined ? undefined : obj[key]
}

/** One resource of the AppSpec: its name and its Properties (checked to hold a TaskDefinition). */
interface Resource {
  readonly name: string
  readonly properties: Record<string, unknown>
}

/**
 * An AppSpec file's text, parsed (YAML or JSON) and checked: syntax errors name the line and
 * column; every resource must have Properties with a TaskDefinition. The only error thrown is an
 * InputError naming codedeploy-appspec.
 */
export function parseAppSpec(text: string, source: string): AppSpec {
  const doc = parseDocument(text.replace(/^\uFEFF/, ''))
  const error = doc.errors[0]
  if (error !== undefined) {
    const at = error.linePos?.[0]
    const where = at ? ` line ${at.line}, column ${at.col}` : ''
    const what = error.message.split(' at line ')[0] ?? error.message
    throw new InputError(
      INPUT,
      `${source}${where} is not YAML or JSON: ${what}. Fix the syntax there.`
    )
  }
  const value: unknown = doc.toJS()
  if (!isRecord(value)) {
    throw new InputError(
      INPUT,
      `${source} holds no AppSpec: a mapping with version, Resources and, optionally, Hooks.`
    )
  }
  resourcesOf(value, source)
  return value
}

/** The resources of an AppSpec, each with its Properties and their TaskDefinition. */
function resourcesOf(spec: AppSpec, source: string): Resource[] {
  const list = valueOf(spec, 'Resources')
  if (!Array.isArray(list) || list.length === 0) {
    throw new InputError(
      INPUT,
      `${source} has no Resources: a list holding the service (TargetService, Type AWS::ECS::Service, Properties with TaskDefinition).`
    )
  }
  return list.flatMap((entry: unknown, i) => {
    if (!isRecord(entry))
      throw new InputError(INPUT, `${source}: Resources[${i}] is not a mapping.`)
    return Object.entries(entry).map(([name, body]) => {
      const properties = isRecord(body) ? valueOf(body, 'Properties') : undefined
      if (!isRecord(properties) || keyOf(properties, 'TaskDefinition') === undefined) {
        throw new InputError(
          INPUT,
          `${source}: resource ${name} has no TaskDefinition property (Resources[${i}].${name}.Properties.TaskDefinition). CodeDeploy requires it; its value is replaced with the revision deployed.`
        )
      }
      return { name, properties }
    })
  })
}

/** The AppSpec with every resource's TaskDefinition set to `arn` (a copy). */
export function withTaskDefinition(spec: AppSpec, arn: string): AppSpec {
  const copy = structuredClone(spec) as Record<string, unknown>
  for (const { properties } of resourcesOf(copy, 'the AppSpec')) {
    properties[keyOf(properties, 'TaskDefinition') as string] = arn
  }
  return copy
}

/** The containers the AppSpec's load balancer routes to (LoadBalancerInfo.ContainerName). */
export function containersOf(spec: AppSpec): string[] {
  return resourcesOf(spec, 'the AppSpec').flatMap(({ properties }) => {
    const lb = valueOf(properties, 'LoadBalancerInfo')
    const name = isRecord(lb) ? valueOf(lb, 'ContainerName') : undefined
    return typeof name === 'string' ? [name] : []
  })
}

/**
 * The AppSpec of the live service: its load balancer's container name and port, and the network
 * configuration, platform version and capacity provider strategy of its PRIMARY task set (else
 * the service's), so that the replacement task set runs as the original does. No hooks.
 */
export function appSpecFromService(service: Service): AppSpec {
  const lb = service.loadBalancers?.find(l => l.containerName && l.containerPort !== undefined)
  if (lb === undefined) {
    throw new InputError(
      INPUT,
      `is empty, and ${service.serviceName ?? 'the service'} has no load balancer with a container name and port to build the AppSpec from. Give an AppSpec file.`
    )
  }
  const properties: Record<string, unknown> = {
    TaskDefinition: REVISION_PLACEHOLDER,
    LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort },
    ...howItRuns(service)
  }
  return {
    version: 0.0,
    Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }]
  }
}

/** The PRIMARY task set's (else the service's) platform version, network and capacity providers. */
function howItRuns(service: Service): Record<string, unknown> {
  const primary = service.taskSets?.find(t => t.status === 'PRIMARY') ?? service.taskSets?.[0]
  const vpc = (primary?.networkConfiguration ?? service.networkConfiguration)?.awsvpcConfiguration
  const strategy = primary?.capacityProviderStrategy ?? service.capacityProviderStrategy ?? []
  const platformVersion = primary?.platformVersion ?? service.platformVersion
  const network = vpc?.subnets?.length
    ? {
        AwsvpcConfiguration: {
          Subnets: vpc.subnets,
          SecurityGroups: vpc.securityGroups ?? [],
          AssignPublicIp: vpc.assignPublicIp ?? 'DISABLED'
        }
      }
    : undefined
  return {
    ...(platformVersion ? { PlatformVersion: platformVersion } : {}),
    ...(network ? { NetworkConfiguration: network } : {}),
    ...(strategy.length > 0
      ? {
          CapacityProviderStrategy: strategy.map(s => ({
            CapacityProvider: s.capacityProvider,
            ...(s.base !== undefined ? { Base: s.base } : {}),
            ...(s.weight !== undefined ? { Weight: s.weight } : {})
          }))
        }
      : {})
  }
}

/** What CreateDeployment is sent: the AppSpec as JSON, as aws-actions sends it, and its SHA-256. */
export function appSpecContent(spec: AppSpec): { content: string; sha256: string } {
  const content = JSON.stringify(spec)
  return { content, sha256: createHash('sha256').update(content).digest('hex') }
}

/** The AppSpec as YAML lines, for the log and a dry run. */
export function appSpecLines(spec: AppSpec): string[] {
  return stringify(spec).trimEnd().split('\n')
}
