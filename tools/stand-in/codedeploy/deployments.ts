import { finish, startRollback } from './create.js'
import { ACTIVE_STATUSES, type CodeDeployState, type DeploymentRecord } from './records.js'
import { continueFromReady, endTerminationWait, tickGroup } from './timeline.js'
import { deploymentInfo, ecsTarget, targetIdOf } from './views.js'
import { AwsError, asRecord, asString, asStrings } from '../wire.js'

/*
 * Following and steering a deployment: GetDeployment, GetDeploymentTarget, ListDeploymentTargets,
 * StopDeployment, ContinueDeployment. Each read is a look that lets time pass for the deployment
 * group (codedeploy/timeline.ts); the answers are drawn in codedeploy/views.ts. In the API
 * Reference's words:
 * - Errors: DeploymentIdRequiredException "At least one deployment ID must be specified.",
 *   InvalidDeploymentIdException "At least one of the deployment IDs was specified in an invalid
 *   format.", DeploymentDoesNotExistException "The deployment with the user or Amazon Web Services
 *   account does not exist.", DeploymentNotStartedException "The specified deployment has not
 *   started.", DeploymentTargetIdRequiredException "A deployment target ID was not provided.",
 *   DeploymentTargetDoesNotExistException "The provided target ID does not belong to the attempted
 *   deployment.", DeploymentAlreadyCompletedException "The deployment is already complete.",
 *   DeploymentIsNotInReadyStateException "The deployment does not have a status of Ready and can't
 *   continue yet.", InvalidDeploymentWaitTypeException "The wait type is invalid.",
 *   InvalidDeploymentStatusException "The specified deployment status doesn't exist or cannot be
 *   determined." (ContinueDeployment TERMINATION_WAIT outside the termination wait).
 * - StopDeployment "Attempts to stop an ongoing deployment." autoRollbackEnabled "Indicates, when
 *   a deployment is stopped, whether instances that have been updated should be rolled back to the
 *   previous version of the application revision."; unset, the deployment's own configuration
 *   decides (event DEPLOYMENT_STOP_ON_REQUEST). The answer is the AWS CLI example's: "status":
 *   "Succeeded", "statusMessage": "No more commands will be scheduled for execution in the
 *   deployment instances"; errorInformation code MANUAL_STOP, in the stand-in's words.
 * - ContinueDeployment: "For a blue/green deployment, starts the process of rerouting traffic
 *   [...] without waiting for a specified wait time to elapse."; deploymentWaitType "READY_WAIT
 *   indicates that the deployment is ready to start shifting traffic. TERMINATION_WAIT indicates
 *   that the traffic is shifted, but the original target is not terminated."
 */

const DONE = (d: DeploymentRecord) => !ACTIVE_STATUSES.has(d.status)

export function lookupDeployment(ctx: CodeDeployState, value: unknown): DeploymentRecord {
  const id = asString(value)
  if (id === '') {
    throw new AwsError(
      'DeploymentIdRequiredException',
      'At least one deployment ID must be specified.'
    )
  }
  if (!/^d-[A-Z0-9]{9}$/.test(id)) {
    throw new AwsError(
      'InvalidDeploymentIdException',
      `At least one of the deployment IDs was specified in an invalid format: ${id}`
    )
  }
  const d = ctx.deployments.get(id)
  if (d === undefined) {
    throw new AwsError(
      'DeploymentDoesNotExistException',
      `The deployment with the user or Amazon Web Services account does not exist: ${id}`
    )
  }
  return d
}

/** A read of a deployment: time passes for its group first. */
function look(ctx: CodeDeployState, value: unknown): DeploymentRecord {
  const d = lookupDeployment(ctx, value)
  tickGroup(ctx, d.group)
  return d
}

function notStarted(d: DeploymentRecord): void {
  if (d.status === 'Created' || d.status === 'Queued') {
    throw new AwsError(
      'DeploymentNotStartedException',
      `The specified deployment has not started: ${d.id}`
    )
  }
}

export function GetDeployment(ctx: CodeDeployState, input: Record<string, unknown>) {
  return { deploymentInfo: deploymentInfo(look(ctx, input.deploymentId)) }
}

export function GetDeploymentTarget(ctx: CodeDeployState, input: Record<string, unknown>) {
  const d = look(ctx, input.deploymentId)
  const targetId = asString(input.targetId)
  if (targetId === '') {
    throw new AwsError(
      'DeploymentTargetIdRequiredException',
      'A deployment target ID was not provided.'
    )
  }
  notStarted(d)
  if (targetId !== targetIdOf(d)) {
    throw new AwsError(
      'DeploymentTargetDoesNotExistException',
      `The provided target ID does not belong to the attempted deployment: ${targetId}`
    )
  }
  return { deploymentTarget: { deploymentTargetType: 'ECSTarget', ecsTarget: ecsTarget(ctx, d) } }
}

/**
 * targetFilters: "TargetStatus - A TargetStatus filter string can be Failed, InProgress, Pending,
 * Ready, Skipped, Succeeded, or Unknown." (ListDeploymentTargets)
 */
export function ListDeploymentTargets(ctx: CodeDeployState, input: Record<string, unknown>) {
  const d = look(ctx, input.deploymentId)
  notStarted(d)
  const wanted = asStrings(asRecord(input.targetFilters).TargetStatus)
  const keep = wanted.length === 0 || wanted.includes(d.targetStatus)
  return { targetIds: keep ? [targetIdOf(d)] : [] }
}

export function StopDeployment(ctx: CodeDeployState, input: Record<string, unknown>) {
  const d = lookupDeployment(ctx, input.deploymentId)
  if (DONE(d)) {
    throw new AwsError(
      'DeploymentAlreadyCompletedException',
      `The deployment is already complete: ${d.id} is ${d.status}.`
    )
  }
  const rollback =
    typeof input.autoRollbackEnabled === 'boolean'
      ? input.autoRollbackEnabled
      : d.autoRollback.enabled && d.autoRollback.events.includes('DEPLOYMENT_STOP_ON_REQUEST')
  finish(d, 'Stopped', {
    code: 'MANUAL_STOP',
    message: `Deployment ${d.id} was stopped by StopDeployment${rollback ? ', with a rollback' : ''}.`
  })
  if (rollback) startRollback(ctx, d)
  return {
    status: 'Succeeded',
    statusMessage: 'No more commands will be scheduled for execution in the deployment instances'
  }
}

export function ContinueDeployment(ctx: CodeDeployState, input: Record<string, unknown>) {
  const d = lookupDeployment(ctx, input.deploymentId)
  const wait = asString(input.deploymentWaitType) || 'READY_WAIT'
  if (wait !== 'READY_WAIT' && wait !== 'TERMINATION_WAIT') {
    throw new AwsError('InvalidDeploymentWaitTypeException', `The wait type is invalid: ${wait}`)
  }
  if (DONE(d)) {
    throw new AwsError(
      'DeploymentAlreadyCompletedException',
      `The deployment is already complete: ${d.id} is ${d.status}.`
    )
  }
  if (wait === 'READY_WAIT') {
    if (d.status !== 'Ready') {
      throw new AwsError(
        'DeploymentIsNotInReadyStateException',
        `The deployment does not have a status of Ready and can't continue yet: ${d.id} is ${d.status}.`
      )
    }
    continueFromReady(ctx, d)
  } else {
    if (d.phase !== 'terminationWait') {
      throw new AwsError(
        'InvalidDeploymentStatusException',
        `The specified deployment status doesn't exist or cannot be determined: ${d.id} is not waiting to terminate its original task set.`
      )
    }
    endTerminationWait(d)
  }
  return {}
}
