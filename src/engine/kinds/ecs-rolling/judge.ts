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

/** What one snapshot shows of our deployment, for the checks below. */
interface Seen {
  readonly snapshot: RolloutSnapshot
  readonly followed: Followed
  /** The deployment followed (ours, or the twin ECS replaced it with). */
  readonly id: string
  readonly ours: Deployment | undefined
  readonly primary: Deployment | undefined
  readonly sd: ServiceDeployment | undefined
  /** The circuit breaker is on and rolls back by itself. */
  readonly breakerRollsBack: boolean
}

/** Our rolling deployment: succeeded, failed, superseded, followed into ECS's twin, or pending. */
export function judgeRolling(snapshot: RolloutSnapshot, followed: Followed): Judgement {
  const id = followed.ids[followed.ids.length - 1] as string
  const deployments = snapshot.service?.deployments ?? []
  const breaker = snapshot.service?.deploymentConfiguration?.deploymentCircuitBreaker
  const seen: Seen = {
    snapshot,
    followed,
    id,
    ours: deployments.find(d => d.id === id),
    primary: deployments.find(d => d.status === 'PRIMARY'),
    sd: snapshot.serviceDeployment,
    breakerRollsBack: breaker?.enable === true && breaker.rollback === true
  }
  return (
    ecsRollingBack(seen) ??
    breakerFailed(seen) ??
    notPrimary(seen) ??
    stopped(seen) ??
    succeeded(seen) ??
    tooManyFailedTasks(seen) ?? { kind: 'pending' }
  )
}

/** ECS's service deployment says it rolls back. */
function ecsRollingBack({ sd, ours }: Seen): Judgement | undefined {
  if (sd?.status === undefined || !ECS_ROLLBACK_STATES.has(sd.status)) return undefined
  return verdict({
    status: 'failed',
    kind: 'circuit-breaker',
    reason: `ECS stopped the deployment and rolls back (${sd.status}): ${sd.rollback?.reason ?? sd.statusReason ?? ours?.rolloutStateReason ?? 'no reason given'}`,
    ecsRollingBack: true
  })
}

/** The circuit breaker failed our deployment. */
function breakerFailed({ ours, breakerRollsBack }: Seen): Judgement | undefined {
  if (ours?.rolloutState !== 'FAILED') return undefined
  return verdict({
    status: 'failed',
    kind: 'circuit-breaker',
    reason: `The ECS deployment circuit breaker failed the deployment: ${ours.rolloutStateReason ?? 'no reason given'}`,
    ecsRollingBack: breakerRollsBack
  })
}

/**
 * Our deployment is not (or not yet) PRIMARY: a stale read, a twin of the same task definition
 * to follow, ECS's rollback already PRIMARY, or another deployment that superseded ours.
 */
function notPrimary(seen: Seen): Judgement | undefined {
  const { ours, primary, followed, id } = seen
  if (ours !== undefined && (primary === undefined || primary.id === ours.id)) return undefined
  if (primary === undefined || !isNewer(primary, followed)) {
    if (ours !== undefined) return { kind: 'pending' }
    const why =
      primary === undefined
        ? 'no PRIMARY deployment'
        : `PRIMARY is ${primary.id} on ${shortArn(primary.taskDefinition)}, created before ours`
    return { kind: 'stale', why }
  }
  return twin(seen, primary) ?? rolledBackMeanwhile(seen, primary) ?? superseded(id, primary)
}

/**
 * A newer deployment of the same task definition replaced ours (ECS's twin, or the same revision
 * started again): follow it, whatever became of the first one's service deployment. The promise
 * is about what runs, and that is our revision.
 */
function twin({ followed, id }: Seen, primary: Deployment): Judgement | undefined {
  if (primary.taskDefinition !== followed.target.taskDefinitionArn) return undefined
  return {
    kind: 'follow',
    deploymentId: primary.id as string,
    why: `ECS replaced deployment ${id} with ${primary.id} of the same task definition (${shortArn(primary.taskDefinition)}); following ${primary.id}.`
  }
}

/** Between two polls ECS may have failed our deployment and already made its rollback PRIMARY. */
function rolledBackMeanwhile(
  { breakerRollsBack, followed, id }: Seen,
  primary: Deployment
): Judgement | undefined {
  const { target } = followed
  if (
    !breakerRollsBack ||
    target.previousTaskDefinitionArn === undefined ||
    primary.taskDefinition !== target.previousTaskDefinitionArn ||
    primary.taskDefinition === target.taskDefinitionArn
  )
    return undefined
  return verdict({
    status: 'failed',
    kind: 'circuit-breaker',
    reason: `ECS rolled the service back to ${shortArn(primary.taskDefinition)} (deployment ${primary.id}); the circuit breaker failed ${id}.`,
    ecsRollingBack: true
  })
}

function superseded(id: string, primary: Deployment): Judgement {
  return verdict({
    status: 'failed',
    kind: 'superseded',
    reason: `Deployment ${id} was replaced by deployment ${primary.id} (${shortArn(primary.taskDefinition)}) before it finished.`,
    ecsRollingBack: false,
    supersededBy: primary.id
  })
}

/** ECS stopped our service deployment. */
function stopped({ sd }: Seen): Judgement | undefined {
  if (sd?.status === undefined || !STOPPED_STATES.has(sd.status)) return undefined
  return verdict({
    status: 'failed',
    kind: 'stopped',
    reason: `ECS stopped the deployment: ${sd.statusReason ?? sd.status}`,
    ecsRollingBack: false
  })
}

/** COMPLETED with every task running, or SUCCESSFUL by the service's early success criteria. */
function succeeded({ snapshot, ours, sd }: Seen): Judgement | undefined {
  if (ours === undefined) return undefined
  const early = snapshot.service?.deploymentConfiguration?.earlySuccessCriteria
  if (sd?.status === 'SUCCESSFUL' && early?.enable) {
    // "After this percentage of tasks is healthy and the bake time elapses, Amazon ECS completes
    // the deployment. Amazon ECS continues to scale the target service revision to 100 percent
    // in the background." (DeploymentEarlySuccessCriteria.healthyPercent)
    return verdict({
      status: 'succeeded',
      reason: `ECS's service deployment is SUCCESSFUL by the service's early success criteria (${early.healthyPercent ?? '?'}% healthy): ${ours.runningCount ?? 0} of ${ours.desiredCount ?? 0} tasks running ${shortArn(ours.taskDefinition)}; ECS scales the rest in the background.`
    })
  }
  if (!isComplete(ours, snapshot.service?.deployments ?? [], sd)) return undefined
  return verdict({
    status: 'succeeded',
    reason: `${ours.runningCount ?? 0} of ${ours.desiredCount ?? 0} tasks running ${shortArn(ours.taskDefinition)}; rollout COMPLETED.`
  })
}

/** Without a circuit breaker, max-failed-tasks of our tasks failed. */
function tooManyFailedTasks({ snapshot, ours, followed }: Seen): Judgement | undefined {
  const { maxFailedTasks } = followed.target
  if (ours === undefined || maxFailedTasks === 0) return undefined
  if (snapshot.service?.deploymentConfiguration?.deploymentCircuitBreaker?.enable === true)
    return undefined
  const failed = snapshot.stoppedTasks ?? ours.failedTasks ?? 0
  if (failed < maxFailedTasks) return undefined
  return verdict({
    status: 'failed',
    kind: 'failed-tasks',
    reason: `${failed} tasks of deployment ${ours.id} failed to start or stay healthy (max-failed-tasks is ${maxFailedTasks}); the service has no circuit breaker to stop it.`,
    ecsRollingBack: false
  })
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
  const deployments = snapshot.service?.deployments ?? []
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
