import { randomUUID } from 'node:crypto'
import { seededRevision } from './appspec.js'
import type {
  AutoRollback,
  CodeDeployState,
  DeploymentGroupSeed,
  DeploymentRecord,
  GroupRecord,
  HookEvent
} from './records.js'
import { primaryTaskSet, targetGroupName } from './task-sets.js'
import { ecsConfigName } from './traffic.js'
import type { ServiceRecord } from '../ecs/records.js'
import { lookupService } from '../ecs/state.js'
import { groupInfo } from './views.js'
import { ACCOUNT, AwsError, REGION, asString, asStrings, hex } from '../wire.js'

/*
 * CodeDeploy applications and deployment groups for ECS services: seeding, ListApplications,
 * ListDeploymentGroups, GetDeploymentGroup, BatchGetDeploymentGroups. In the API Reference's words:
 * - ecsServices: "A target Amazon ECS service is specified as an Amazon ECS cluster and service
 *   name pair" (DeploymentGroupInfo); the service's "deployment controller must be set to
 *   CodeDeploy" (User Guide, Deployments on an Amazon ECS Compute Platform).
 * - loadBalancerInfo.targetGroupPairInfoList: "One pair of target groups. One is associated with
 *   the original task set. The second is associated with the task set that serves traffic after
 *   the deployment is complete."; prodTrafficRoute, and testTrafficRoute "An optional path used by
 *   a load balancer to route test traffic after an Amazon ECS deployment." (TargetGroupPairInfo)
 * - Errors: ApplicationNameRequiredException "The minimum number of required application names was
 *   not specified.", ApplicationDoesNotExistException "The application does not exist with the user
 *   or Amazon Web Services account.", DeploymentGroupNameRequiredException "The deployment group
 *   name was not specified.", DeploymentGroupDoesNotExistException "The named deployment group with
 *   the user or Amazon Web Services account does not exist.", BatchLimitExceededException "The
 *   maximum number of names or IDs allowed for this request (100) was exceeded."
 * BatchGetDeploymentGroups names the groups it did not find in errorMessage ("Information about
 * errors that might have occurred during the API call."), in the stand-in's words.
 */

/** Seeds an application and a deployment group, and the deployment that brought the service here. */
export function seedGroup(ctx: CodeDeployState, seed: DeploymentGroupSeed): GroupRecord {
  const service = lookupService(ctx.ecs, seed.cluster, seed.service)
  const primary = primaryTaskSet(ctx.ecs, service)
  const lb = service.loadBalancers[0]
  if (service.controller !== 'CODE_DEPLOY' || primary === undefined || lb === undefined) {
    throw new Error(
      `seed ${seed.service} with deploymentController CODE_DEPLOY and loadBalancers first`
    )
  }
  const serviceGroup = targetGroupName(asString(lb.targetGroupArn))
  const targetGroups = seed.targetGroups ?? [serviceGroup, `${serviceGroup}-2`]
  if (!targetGroups.includes(serviceGroup)) {
    throw new Error(`the service's target group ${serviceGroup} is not one of ${targetGroups}`)
  }
  const app = ctx.applications.get(seed.application) ?? {
    name: seed.application,
    createdAt: Date.now() - 86_400_000 * 30,
    groups: new Map()
  }
  ctx.applications.set(app.name, app)
  const group = groupRecord(seed, service, targetGroups)
  app.groups.set(group.name, group)
  const past = pastDeployment(ctx, group, primary.taskDefinition, lb, seed.hooks ?? {})
  primary.externalId = past.id
  return group
}

function groupRecord(
  seed: DeploymentGroupSeed,
  service: ServiceRecord,
  targetGroups: readonly [string, string]
): GroupRecord {
  const lbArn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/${seed.service}/${hex(8)}`
  return {
    application: seed.application,
    name: seed.deploymentGroup,
    id: randomUUID(),
    service,
    configName: ecsConfigName(seed.deploymentConfigName ?? '') ?? 'CodeDeployDefault.ECSAllAtOnce',
    targetGroups,
    listeners: seed.listeners ?? { prod: `${lbArn}/${hex(8)}`, test: `${lbArn}/${hex(8)}` },
    autoRollback: autoRollbackOf(seed.autoRollback ?? true),
    ready: {
      action: seed.deploymentReady?.action ?? 'CONTINUE_DEPLOYMENT',
      waitTimeInMinutes: seed.deploymentReady?.waitTimeInMinutes ?? 60
    },
    termination: {
      action: seed.termination?.action ?? 'TERMINATE',
      waitTimeInMinutes: seed.termination?.waitTimeInMinutes ?? 0
    },
    serviceRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsCodeDeployRole`,
    scenarios: [...(seed.scenarios ?? [])],
    deployments: []
  }
}

function autoRollbackOf(value: boolean | readonly string[]): AutoRollback {
  if (value === false) return { enabled: false, events: [] }
  if (value === true) return { enabled: true, events: ['DEPLOYMENT_FAILURE'] }
  return { enabled: true, events: value as AutoRollback['events'] }
}

/** The deployment that brought the service to the revision it runs: Succeeded a day ago. */
function pastDeployment(
  ctx: CodeDeployState,
  group: GroupRecord,
  taskDefinition: string,
  lb: Record<string, unknown>,
  hooks: Partial<Record<HookEvent, string>>
): DeploymentRecord {
  const at = Date.now() - 86_400_000
  const containerName = asString(lb.containerName)
  const containerPort = typeof lb.containerPort === 'number' ? lb.containerPort : 80
  const past: DeploymentRecord = {
    id: deploymentId(),
    group,
    creator: 'user',
    revision: seededRevision(taskDefinition, containerName, containerPort, hooks),
    previousRevision: undefined,
    appSpec: { taskDefinition, containerName, containerPort, platformVersion: 'LATEST', hooks },
    configName: group.configName,
    autoRollback: group.autoRollback,
    description: '',
    scenario: {},
    createdAt: at,
    events: [],
    status: 'Succeeded',
    targetStatus: 'Succeeded',
    phase: 'done',
    at: 0,
    enteredAt: at,
    updatedAt: at + 300_000,
    startedAt: at,
    completedAt: at + 300_000,
    crashes: 0,
    shifts: 0,
    continued: false,
    terminationWaitStarted: group.termination.action === 'TERMINATE'
  }
  group.deployments.push(past)
  group.lastSuccessful = past
  group.lastAttempted = past
  ctx.deployments.set(past.id, past)
  return past
}

/** Deployment ids look like d-RPCR1U3TW (User Guide examples): "d-" and nine letters or digits. */
export function deploymentId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  let id = 'd-'
  for (let i = 0; i < 9; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)]
  return id
}

export function lookupApplication(ctx: CodeDeployState, value: unknown) {
  const name = asString(value)
  if (name === '') {
    throw new AwsError(
      'ApplicationNameRequiredException',
      'The minimum number of required application names was not specified.'
    )
  }
  const app = ctx.applications.get(name)
  if (app === undefined) {
    throw new AwsError(
      'ApplicationDoesNotExistException',
      `The application does not exist with the user or Amazon Web Services account: ${name}`
    )
  }
  return app
}

export function lookupGroup(ctx: CodeDeployState, application: unknown, value: unknown) {
  const app = lookupApplication(ctx, application)
  const name = asString(value)
  if (name === '') {
    throw new AwsError(
      'DeploymentGroupNameRequiredException',
      'The deployment group name was not specified.'
    )
  }
  const group = app.groups.get(name)
  if (group === undefined) throw groupMissing(name)
  return group
}

const groupMissing = (name: string) =>
  new AwsError(
    'DeploymentGroupDoesNotExistException',
    `The named deployment group with the user or Amazon Web Services account does not exist: ${name}`
  )

export function ListApplications(ctx: CodeDeployState) {
  return { applications: [...ctx.applications.keys()].sort() }
}

export function ListDeploymentGroups(ctx: CodeDeployState, input: Record<string, unknown>) {
  const app = lookupApplication(ctx, input.applicationName)
  return { applicationName: app.name, deploymentGroups: [...app.groups.keys()].sort() }
}

export function GetDeploymentGroup(ctx: CodeDeployState, input: Record<string, unknown>) {
  return {
    deploymentGroupInfo: groupInfo(
      lookupGroup(ctx, input.applicationName, input.deploymentGroupName)
    )
  }
}

export function BatchGetDeploymentGroups(ctx: CodeDeployState, input: Record<string, unknown>) {
  const app = lookupApplication(ctx, input.applicationName)
  const names = asStrings(input.deploymentGroupNames)
  if (names.length === 0) {
    throw new AwsError(
      'DeploymentGroupNameRequiredException',
      'The deployment group name was not specified.'
    )
  }
  if (names.length > 100) {
    throw new AwsError(
      'BatchLimitExceededException',
      'The maximum number of names or IDs allowed for this request (100) was exceeded.'
    )
  }
  const missing = names.filter(n => !app.groups.has(n))
  return {
    deploymentGroupsInfo: names.flatMap(n => {
      const group = app.groups.get(n)
      return group ? [groupInfo(group)] : []
    }),
    ...(missing.length
      ? { errorMessage: `Deployment groups not found: ${missing.join(', ')}` }
      : {})
  }
}
