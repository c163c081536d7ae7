import { createHash } from 'node:crypto'
import { parse } from 'yaml'
import { type AppSpec, HOOK_EVENTS, type HookEvent, type Revision } from './records.js'
import type { EcsState } from '../ecs/state.js'
import { lookupTaskDefinition } from '../ecs/task-definitions.js'
import { AwsError, asRecord, asRecords, asString, asStrings } from '../wire.js'

/*
 * The revision of an ECS deployment, as CreateDeployment reads it: "A revision for an Lambda or
 * Amazon ECS deployment that is a YAML-formatted or JSON-formatted string. For Lambda and Amazon
 * ECS deployments, the revision is the same as the AppSpec file." (API Reference, AppSpecContent;
 * sha256: "The SHA256 hash value of the revision content.") The AppSpec 'resources' section for
 * ECS (User Guide):
 * - TaskDefinition "Required. [...] It is specified with the ARN of the task definition."
 * - ContainerName "Required. [...] It must be a container specified in your Amazon ECS task
 *   definition." ContainerPort "Required. This is the port on the container where traffic will be
 *   routed to."
 * - PlatformVersion "Optional. [...] If not specified, LATEST is used by default."
 * - NetworkConfiguration: "All or none of the settings under NetworkConfiguration must be
 *   specified. [...] If none is specified, CodeDeploy uses the current network Amazon ECS
 *   settings." The stand-in also takes CapacityProviderStrategy (CapacityProvider, Base, Weight),
 *   as the AppSpec reference now lists it.
 * - Hooks: "Hooks: - BeforeInstall: "BeforeInstallHookFunctionName" [...]" (AppSpec 'hooks'
 *   section): one Lambda function per lifecycle event hook.
 * What CodeDeploy answers to a revision it cannot use is not documented per case: the stand-in
 * answers InvalidRevisionException ("The revision was specified in an invalid format.") for
 * content that is missing, unparsable, not what its sha256 says, or not a usable ECS AppSpec;
 * it models AppSpecContent revisions only (S3 and GitHub revisions are not modelled).
 */

const invalid = (why: string) =>
  new AwsError(
    'InvalidRevisionException',
    `The revision was specified in an invalid format: ${why}`
  )

export function readRevision(
  ecs: EcsState,
  revision: Record<string, unknown>
): { appSpec: AppSpec; revision: Revision } {
  if (asString(revision.revisionType) !== 'AppSpecContent') {
    throw invalid('the stand-in models revisionType AppSpecContent only.')
  }
  const spec = asRecord(revision.appSpecContent)
  const content = asString(spec.content)
  if (content === '') throw invalid('appSpecContent.content is empty.')
  const sha256 = createHash('sha256').update(content).digest('hex')
  const given = asString(spec.sha256)
  if (given !== '' && given.toLowerCase() !== sha256) {
    throw invalid('appSpecContent.sha256 is not the SHA256 hash of its content.')
  }
  let parsed: unknown
  try {
    parsed = parse(content)
  } catch (error) {
    throw invalid(`the AppSpec content is not YAML or JSON (${String(error)}).`)
  }
  return { appSpec: readAppSpec(ecs, asRecord(parsed)), revision: { content, sha256 } }
}

function readAppSpec(ecs: EcsState, doc: Record<string, unknown>): AppSpec {
  const target = asRecords(doc.Resources)
    .map(r => asRecord(Object.values(r)[0]))
    .find(r => r.Type === 'AWS::ECS::Service')
  if (target === undefined) throw invalid('no AWS::ECS::Service in Resources.')
  const p = asRecord(target.Properties)
  const taskDefinition = asString(p.TaskDefinition)
  if (taskDefinition === '') throw invalid('TaskDefinition is required.')
  const lb = asRecord(p.LoadBalancerInfo)
  const containerName = asString(lb.ContainerName)
  const containerPort = lb.ContainerPort
  if (containerName === '' || typeof containerPort !== 'number') {
    throw invalid('LoadBalancerInfo.ContainerName and ContainerPort are required.')
  }
  let body: Record<string, unknown>
  try {
    body = lookupTaskDefinition(ecs, taskDefinition).body
  } catch {
    throw invalid(`task definition ${taskDefinition} does not exist.`)
  }
  if (!asRecords(body.containerDefinitions).some(c => c.name === containerName)) {
    throw invalid(`container ${containerName} is not in ${taskDefinition}.`)
  }
  const network = readNetwork(asRecord(p.NetworkConfiguration))
  const strategy = asRecords(p.CapacityProviderStrategy).map(s => ({
    capacityProvider: asString(s.CapacityProvider),
    ...(typeof s.Base === 'number' ? { base: s.Base } : {}),
    ...(typeof s.Weight === 'number' ? { weight: s.Weight } : {})
  }))
  return {
    taskDefinition,
    containerName,
    containerPort,
    platformVersion: asString(p.PlatformVersion) || 'LATEST',
    ...(network ? { networkConfiguration: network } : {}),
    ...(strategy.length ? { capacityProviderStrategy: strategy } : {}),
    hooks: readHooks(doc.Hooks)
  }
}

function readNetwork(n: Record<string, unknown>): Record<string, unknown> | undefined {
  const vpc = asRecord(n.AwsvpcConfiguration)
  const given = ['Subnets', 'SecurityGroups', 'AssignPublicIp'].filter(k => vpc[k] !== undefined)
  if (given.length === 0) return undefined
  if (given.length < 3) {
    throw invalid('all or none of the settings under NetworkConfiguration must be specified.')
  }
  return {
    awsvpcConfiguration: {
      subnets: asStrings(vpc.Subnets),
      securityGroups: asStrings(vpc.SecurityGroups),
      assignPublicIp: asString(vpc.AssignPublicIp)
    }
  }
}

function readHooks(value: unknown): Partial<Record<HookEvent, string>> {
  const hooks: Partial<Record<HookEvent, string>> = {}
  for (const entry of asRecords(value)) {
    for (const [event, fn] of Object.entries(entry)) {
      if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
        throw invalid(`${event} is not a lifecycle event hook of an ECS deployment.`)
      }
      hooks[event as HookEvent] = asString(fn)
    }
  }
  return hooks
}

/** The AppSpec of a revision the stand-in seeds (a deployment before the scenario). */
export function seededRevision(
  taskDefinition: string,
  containerName: string,
  containerPort: number,
  hooks: Partial<Record<HookEvent, string>>
): Revision {
  const content = JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: taskDefinition,
            LoadBalancerInfo: { ContainerName: containerName, ContainerPort: containerPort }
          }
        }
      }
    ],
    Hooks: Object.entries(hooks).map(([event, fn]) => ({ [event]: fn }))
  })
  return { content, sha256: createHash('sha256').update(content).digest('hex') }
}
