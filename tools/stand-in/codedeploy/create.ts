import { readRevision } from './appspec.js'
import { deploymentId, lookupGroup } from './groups.js'
import {
  ACTIVE_STATUSES,
  type AppSpec,
  type AutoRollback,
  type AutoRollbackEvent,
  type CodeDeployScenario,
  type CodeDeployState,
  type DeploymentRecord,
  type DeploymentStatus,
  type GroupRecord,
  type LifecycleEventName,
  type Revision
} from './records.js'
import { ecsConfigName } from './traffic.js'
import { AwsError, asRecord, asString, asStrings } from '../wire.js'

/*
 * A CodeDeploy deployment's beginning and end: CreateDeployment, the rollback deployment
 * CodeDeploy starts itself, and the end of a deployment.
 * - CreateDeployment "Deploys an application revision through the specified deployment group."
 *   deploymentConfigName: "If not specified, the value configured in the deployment group is used
 *   as the default." autoRollbackConfiguration: "Configuration information for an automatic
 *   rollback that is added when a deployment is created." Errors: RevisionRequiredException "The
 *   revision ID was not specified.", DeploymentConfigDoesNotExistException "The deployment
 *   configuration does not exist with the user or Amazon Web Services account.",
 *   InvalidAutoRollbackConfigException "automatic rollback is enabled, but an invalid triggering
 *   event type or no event types were listed.", DeploymentLimitExceededException "The number of
 *   allowed deployments was exceeded." (API Reference): the stand-in answers it while another
 *   deployment of the group is under way (DeploymentAlreadyStartedException, "A deployment to a
 *   target was attempted while another deployment was in progress.", is listed by no operation).
 * - Rollbacks: "CodeDeploy rolls back deployments by redeploying a previously deployed revision of
 *   an application as a new deployment. These rolled-back deployments are technically new
 *   deployments, with new deployment IDs" (User Guide, Redeploy and roll back a deployment);
 *   "the last known good version of an application revision is deployed"; "CodeDeploy implements
 *   rollbacks by rerouting traffic from the replacement task set to the original task set." (User
 *   Guide, Deployments on an Amazon ECS Compute Platform). creator "codeDeployRollback: A rollback
 *   process created the deployment."; rollbackInfo.rollbackDeploymentId "The ID of the deployment
 *   rollback.", rollbackTriggeringDeploymentId "The deployment ID of the deployment that was
 *   underway and triggered a rollback deployment because it failed or was stopped." BeforeInstall:
 *   "A rollback is not possible at this point." (AppSpec 'hooks' section): a deployment that ends
 *   before its replacement task set exists is not rolled back. The stand-in never rolls back a
 *   rollback deployment.
 */

export function CreateDeployment(ctx: CodeDeployState, input: Record<string, unknown>) {
  const group = lookupGroup(ctx, input.applicationName, input.deploymentGroupName)
  if (input.revision === undefined) {
    throw new AwsError('RevisionRequiredException', 'The revision ID was not specified.')
  }
  const asked = asString(input.deploymentConfigName)
  const configName = asked === '' ? group.configName : ecsConfigName(asked)
  if (configName === undefined) {
    throw new AwsError(
      'DeploymentConfigDoesNotExistException',
      `The deployment configuration does not exist with the user or Amazon Web Services account: ${asked}`
    )
  }
  const autoRollback =
    input.autoRollbackConfiguration === undefined
      ? group.autoRollback
      : readAutoRollback(asRecord(input.autoRollbackConfiguration))
  const { appSpec, revision } = readRevision(ctx.ecs, asRecord(input.revision))
  const active = group.deployments.find(d => ACTIVE_STATUSES.has(d.status))
  if (active !== undefined) {
    throw new AwsError(
      'DeploymentLimitExceededException',
      `The Deployment Group '${group.name}' already has an active Deployment '${active.id}'`
    )
  }
  const d = newDeployment(ctx, group, {
    creator: 'user',
    revision,
    appSpec,
    configName,
    autoRollback,
    description: asString(input.description),
    scenario: group.scenarios.shift() ?? {}
  })
  return { deploymentId: d.id }
}

function readAutoRollback(c: Record<string, unknown>): AutoRollback {
  const events = asStrings(c.events) as AutoRollbackEvent[]
  const known = ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST']
  if (c.enabled === true && (events.length === 0 || events.some(e => !known.includes(e)))) {
    throw new AwsError(
      'InvalidAutoRollbackConfigException',
      'The automatic rollback configuration was specified in an invalid format: automatic rollback is enabled, but an invalid triggering event type or no event types were listed.'
    )
  }
  return { enabled: c.enabled === true, events }
}

interface NewDeployment {
  readonly creator: DeploymentRecord['creator']
  readonly revision: Revision
  readonly appSpec: AppSpec
  readonly configName: string
  readonly autoRollback: AutoRollback
  readonly description: string
  readonly scenario: CodeDeployScenario
  readonly rollbackOf?: DeploymentRecord
}

function newDeployment(
  ctx: CodeDeployState,
  group: GroupRecord,
  spec: NewDeployment
): DeploymentRecord {
  const now = Date.now()
  const names: LifecycleEventName[] = [
    'BeforeInstall',
    'Install',
    'AfterInstall',
    ...(group.listeners.test ? (['AllowTestTraffic', 'AfterAllowTestTraffic'] as const) : []),
    'BeforeAllowTraffic',
    'AllowTraffic',
    'AfterAllowTraffic'
  ]
  const d: DeploymentRecord = {
    id: deploymentId(),
    group,
    ...spec,
    previousRevision: group.lastSuccessful?.revision,
    createdAt: now,
    events: names.map(name => ({ name, status: 'Pending' })),
    status: 'Created',
    targetStatus: 'Pending',
    phase: 'queue',
    at: 0,
    enteredAt: now,
    updatedAt: now,
    crashes: 0,
    shifts: 0,
    continued: false,
    terminationWaitStarted: false
  }
  group.deployments.push(d)
  group.lastAttempted = d
  ctx.deployments.set(d.id, d)
  return d
}

/** CodeDeploy's rollback of a failed or stopped deployment, where one is possible. */
export function startRollback(ctx: CodeDeployState, d: DeploymentRecord): void {
  const last = d.group.lastSuccessful
  if (d.rollbackOf !== undefined || d.green === undefined || last === undefined) return
  const r = newDeployment(ctx, d.group, {
    creator: 'codeDeployRollback',
    revision: last.revision,
    appSpec: last.appSpec,
    configName: d.configName,
    autoRollback: d.autoRollback,
    description: '',
    scenario: d.scenario.rollback ?? {
      ...(d.scenario.minuteMs !== undefined ? { minuteMs: d.scenario.minuteMs } : {})
    },
    rollbackOf: d
  })
  // Rolling back reroutes traffic to the original task set: for the rollback, the failed
  // deployment's replacement is the original (Blue), its original the replacement (Green).
  r.blue = d.green
  if (d.blue !== undefined) r.green = d.blue
  r.rollbackInfo = { rollbackTriggeringDeploymentId: d.id }
  d.rollbackInfo = { rollbackDeploymentId: r.id }
  d.rolledBackBy = r
}

/** A deployment ends: events not finished are Skipped, the one under way takes `eventStatus`. */
export function finish(
  d: DeploymentRecord,
  status: Extract<DeploymentStatus, 'Succeeded' | 'Failed' | 'Stopped'>,
  error?: { code: string; message: string },
  eventStatus: 'Failed' | 'Skipped' = 'Skipped'
): void {
  const now = Date.now()
  for (const e of d.events) {
    if (e.status === 'InProgress') Object.assign(e, { status: eventStatus, endTime: now })
    else if (e.status === 'Pending') e.status = 'Skipped'
  }
  d.status = status
  d.targetStatus = status === 'Succeeded' ? 'Succeeded' : status === 'Failed' ? 'Failed' : 'Skipped'
  d.phase = 'done'
  d.completedAt = now
  d.updatedAt = now
  if (error !== undefined) d.error = error
  if (status === 'Succeeded') d.group.lastSuccessful = d
}
