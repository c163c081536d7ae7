import type { Deployment, ServiceDeployment } from '@aws-sdk/client-ecs'
import { shortArn } from '../../common/task-definition-arn.js'
import type { Followed, Judgement, RolloutSnapshot } from '../../phases/watch/verdict.js'

/*
 * The verdict on a rolling update (ECS deployment controller, ROLLING strategy), pure: each
 * judge reads one snapshot and says pending, stale, follow another deployment, or the verdict.
 */

const ECS_ROLLBACK_STATES = new Set([
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED'
])
const ROLLBACK_ONGOING = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'])
const STOPPED_STATES = new Set(['STOPPED', 'STOP_REQUESTED'])

const verdict = (v: Extract<Judgement, { kind: 'verdict' }>['verdict']): Judgement => ({
  kind: 'verdict',
  verdict: v
})

/** Our rolling deployment: succeeded, failed, superseded, followed into ECS's twin, or pending. */
export function judgeRolling(snapshot: RolloutSnapshot, followed: Followed): Judgement {
  const { service, serviceDeployment: sd } = snapshot
  const { target } = followed
  const id = followed.ids[followed.ids.length - 1] as string
  const deployments = service.deployments ?? []
  const ours = deployments.find(d => d.id === id)
  const primary = deployments.find(d => d.status === 'PRIMARY')
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker
  const breakerRollsBack = breaker?.enable === true && breaker.rollback === true

  if (sd?.status !== undefined && ECS_ROLLBACK_STATES.has(sd.status)) {
    return verdict({
      status: 'failed',
      kind: 'circuit-breaker',
      reason: `ECS stopped the deployment and rolls back (${sd.status}): ${sd.rollback?.reason ?? sd.statusReason ?? ours?.rolloutStateReason ?? 'no reason given'}`,
      ecsRollingBack: true
    })
  }
  if (ours?.rolloutState === 'FAILED') {
    return verdict({
      status: 'failed',
      kind: 'circuit-breaker',
      reason: `The ECS deployment circuit breaker failed the deployment: ${ours.rolloutStateReason ?? 'no reason given'}`,
      ecsRollingBack: breakerRollsBack
    })
  }
  if (ours === undefined || (primary !== undefined && primary.id !== ours.id)) {
    if (primary === undefined || !isNewer(primary, followed)) {
      if (ours === undefined) {
        return {
          kind: 'stale',
          why:
            primary === undefined
              ? 'no PRIMARY deployment'
              : `PRIMARY is ${primary.id} on ${shortArn(primary.taskDefinition)}, created before ours`
        }
      }
      return { kind: 'pending' }
    }
    if (
      primary.taskDefinition === target.taskDefinitionArn &&
      !(sd?.status !== undefined && STOPPED_STATES.has(sd.status))
    ) {
      return {
        kind: 'follow',
        deploymentId: primary.id as string,
        why: `ECS replaced deployment ${id} with ${primary.id} of the same task definition (${shortArn(primary.taskDefinition)}); following ${primary.id}.`
      }
    }
    if (
      breakerRollsBack &&
      target.previousTaskDefinitionArn !== undefined &&
      primary.taskDefinition === target.previousTaskDefinitionArn &&
      primary.taskDefinition !== target.taskDefinitionArn
    ) {
      // Between two polls ECS may have failed our deployment and already made its rollback PRIMARY.
      return verdict({
        status: 'failed',
        kind: 'circuit-breaker',
        reason: `ECS rolled the service back to ${shortArn(primary.taskDefinition)} (deployment ${primary.id}); the circuit breaker failed ${id}.`,
        ecsRollingBack: true
      })
    }
    return verdict({
      status: 'failed',
      kind: 'superseded',
      reason: `Deployment ${id} was replaced by deployment ${primary.id} (${shortArn(primary.taskDefinition)}) before it finished.`,
      ecsRollingBack: false,
      supersededBy: primary.id
    })
  }
  if (sd?.status !== undefined && STOPPED_STATES.has(sd.status)) {
    return verdict({
      status: 'failed',
      kind: 'stopped',
      reason: `ECS stopped the deployment: ${sd.statusReason ?? sd.status}`,
      ecsRollingBack: false
    })
  }
  if (
    sd?.status === 'SUCCESSFUL' &&
    service.deploymentConfiguration?.earlySuccessCriteria?.enable
  ) {
    // "After this percentage of tasks is healthy and the bake time elapses, Amazon ECS completes
    // the deployment. Amazon ECS continues to scale the target service revision to 100 percent
    // in the background." (DeploymentEarlySuccessCriteria.healthyPercent)
    return verdict({
      status: 'succeeded',
      reason: `ECS's service deployment is SUCCESSFUL by the service's early success criteria (${service.deploymentConfiguration.earlySuccessCriteria.healthyPercent ?? '?'}% healthy): ${ours.runningCount ?? 0} of ${ours.desiredCount ?? 0} tasks running ${shortArn(ours.taskDefinition)}; ECS scales the rest in the background.`
    })
  }
  if (isComplete(ours, deployments, sd)) {
    return verdict({
      status: 'succeeded',
      reason: `${ours.runningCount ?? 0} of ${ours.desiredCount ?? 0} tasks running ${shortArn(ours.taskDefinition)}; rollout COMPLETED.`
    })
  }
  const failed = snapshot.stoppedTasks ?? ours.failedTasks ?? 0
  if (breaker?.enable !== true && target.maxFailedTasks > 0 && failed >= target.maxFailedTasks) {
    return verdict({
      status: 'failed',
      kind: 'failed-tasks',
      reason: `${failed} tasks of deployment ${ours.id} failed to start or stay healthy (max-failed-tasks is ${target.maxFailedTasks}); the service has no circuit breaker to stop it.`,
      ecsRollingBack: false
    })
  }
  return { kind: 'pending' }
}

/**
 * ECS's own rollback of our failed deployment, to its end: the service deployment's
 * ROLLBACK_SUCCESSFUL / ROLLBACK_FAILED where ECS answers it, else the deployment ECS started
 * (PRIMARY, newer than ours) reaching COMPLETED or FAILED.
 */
export function judgeEcsRollback(snapshot: RolloutSnapshot, followed: Followed): Judgement {
  const sd = snapshot.serviceDeployment
  if (sd?.status === 'ROLLBACK_SUCCESSFUL') {
    return verdict({
      status: 'succeeded',
      reason: `ECS rolled the service back (ROLLBACK_SUCCESSFUL): ${sd.rollback?.reason ?? sd.statusReason ?? 'no reason given'}`
    })
  }
  if (sd?.status === 'ROLLBACK_FAILED') {
    return verdict({
      status: 'failed',
      kind: 'rollback-failed',
      reason: `ECS's rollback failed (ROLLBACK_FAILED): ${sd.statusReason ?? sd.rollback?.reason ?? 'no reason given'}`,
      ecsRollingBack: false
    })
  }
  if (sd?.status !== undefined && ROLLBACK_ONGOING.has(sd.status)) return { kind: 'pending' }

  const id = followed.ids[followed.ids.length - 1] as string
  const deployments = snapshot.service.deployments ?? []
  const primary = deployments.find(d => d.status === 'PRIMARY')
  if (primary === undefined || primary.id === id || !isNewer(primary, followed)) {
    return { kind: 'pending' }
  }
  if (primary.rolloutState === 'FAILED') {
    return verdict({
      status: 'failed',
      kind: 'rollback-failed',
      reason: `ECS's rollback deployment ${primary.id} failed: ${primary.rolloutStateReason ?? 'no reason given'}`,
      ecsRollingBack: false
    })
  }
  if (
    primary.rolloutState === 'COMPLETED' &&
    (primary.runningCount ?? 0) === (primary.desiredCount ?? 0)
  ) {
    return verdict({
      status: 'succeeded',
      reason: `ECS rolled the service back to ${shortArn(primary.taskDefinition)}: ${primary.runningCount ?? 0} of ${primary.desiredCount ?? 0} tasks running (deployment ${primary.id} COMPLETED).`
    })
  }
  return { kind: 'pending' }
}

/** A deployment created after ours (so not an older state a stale read shows). */
function isNewer(d: Deployment, followed: Followed): boolean {
  const since = followed.target.createdAt
  if (since === undefined || d.createdAt === undefined) return followed.seen
  return d.createdAt.getTime() >= since.getTime()
}

function isComplete(
  ours: Deployment,
  all: Deployment[],
  sd: ServiceDeployment | undefined
): boolean {
  if ((ours.runningCount ?? 0) !== (ours.desiredCount ?? 0)) return false
  if (ours.rolloutState === 'COMPLETED') return true
  if (sd?.status === 'SUCCESSFUL') return true
  // Without rolloutState (other controllers, old API answers): the only deployment left, at count.
  return ours.rolloutState === undefined && ours.status === 'PRIMARY' && all.length === 1
}
