import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs'

/** What one poll sees: the service (DescribeServices) and, where ECS answers, its service deployment. */
export interface RolloutSnapshot {
  readonly service: Service
  readonly serviceDeployment?: ServiceDeployment | undefined
}

/** The deployment being watched, by the id UpdateService returned. */
export interface RolloutTarget {
  readonly deploymentId: string
  readonly taskDefinitionArn: string
  /** What ran before; seeing it PRIMARY again after a failure means ECS rolled back. */
  readonly previousTaskDefinitionArn: string | undefined
  /** Failed tasks that end a rollout when the service has no circuit breaker; 0 = no limit. */
  readonly maxFailedTasks: number
}

export type FailureKind =
  | 'circuit-breaker'
  | 'failed-tasks'
  | 'superseded'
  | 'stopped'
  | 'timeout'
  | 'health-check'
  | 'run-task'

export type Verdict =
  | { readonly status: 'succeeded'; readonly reason: string }
  | {
      readonly status: 'failed'
      readonly kind: FailureKind
      readonly reason: string
      /** ECS itself is putting (or has put) the previous revision back: do not roll back again. */
      readonly ecsRollingBack: boolean
      readonly supersededBy?: string | undefined
    }

const ECS_ROLLBACK_STATES = new Set([
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED'
])

/**
 * The verdict on one snapshot, or undefined while the rollout is still going. Pure: the
 * polling loop and the tests feed it snapshots.
 */
export function judgeRollout(
  snapshot: RolloutSnapshot,
  target: RolloutTarget
): Verdict | undefined {
  const { service, serviceDeployment: sd } = snapshot
  const deployments = service.deployments ?? []
  const ours = deployments.find(d => d.id === target.deploymentId)
  const primary = deployments.find(d => d.status === 'PRIMARY')
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker
  const breakerRollsBack = breaker?.enable === true && breaker.rollback === true

  if (sd?.status !== undefined && ECS_ROLLBACK_STATES.has(sd.status)) {
    return {
      status: 'failed',
      kind: 'circuit-breaker',
      reason: `ECS stopped the deployment and rolls back (${sd.status}): ${sd.rollback?.reason ?? sd.statusReason ?? ours?.rolloutStateReason ?? 'no reason given'}`,
      ecsRollingBack: true
    }
  }
  if (ours?.rolloutState === 'FAILED') {
    return {
      status: 'failed',
      kind: 'circuit-breaker',
      reason: `The ECS deployment circuit breaker failed the deployment: ${ours.rolloutStateReason ?? 'no reason given'}`,
      ecsRollingBack: breakerRollsBack
    }
  }
  if (ours === undefined || (primary !== undefined && primary.id !== ours.id)) {
    // Between two polls ECS may have failed our deployment and already made its rollback PRIMARY.
    if (
      breakerRollsBack &&
      primary !== undefined &&
      target.previousTaskDefinitionArn !== undefined &&
      primary.taskDefinition === target.previousTaskDefinitionArn &&
      primary.taskDefinition !== target.taskDefinitionArn
    ) {
      return {
        status: 'failed',
        kind: 'circuit-breaker',
        reason: `ECS rolled the service back to ${shortArn(primary.taskDefinition)} (deployment ${primary.id}); the circuit breaker failed ${target.deploymentId}.`,
        ecsRollingBack: true
      }
    }
    const by = primary?.id
    return {
      status: 'failed',
      kind: 'superseded',
      reason: by
        ? `Deployment ${target.deploymentId} was replaced by deployment ${by} (${shortArn(primary?.taskDefinition)}) before it finished.`
        : `Deployment ${target.deploymentId} is no longer in the service.`,
      ecsRollingBack: false,
      supersededBy: by
    }
  }
  if (sd?.status === 'STOPPED' || sd?.status === 'STOP_REQUESTED') {
    return {
      status: 'failed',
      kind: 'stopped',
      reason: `ECS stopped the deployment: ${sd.statusReason ?? sd.status}`,
      ecsRollingBack: false
    }
  }
  if (isComplete(ours, deployments, sd)) {
    return {
      status: 'succeeded',
      reason: `${ours.runningCount ?? 0} of ${ours.desiredCount ?? 0} tasks running ${shortArn(ours.taskDefinition)}; rollout COMPLETED.`
    }
  }
  const failed = ours.failedTasks ?? 0
  if (breaker?.enable !== true && target.maxFailedTasks > 0 && failed >= target.maxFailedTasks) {
    return {
      status: 'failed',
      kind: 'failed-tasks',
      reason: `${failed} tasks of deployment ${ours.id} failed to start or stay healthy (max-failed-tasks is ${target.maxFailedTasks}); the service has no circuit breaker to stop it.`,
      ecsRollingBack: false
    }
  }
  return undefined
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

/** One line on where the rollout stands, for the log; stable so repeats can be skipped. */
export function describeProgress(snapshot: RolloutSnapshot, deploymentId: string): string {
  const ours = snapshot.service.deployments?.find(d => d.id === deploymentId)
  if (ours === undefined) return `deployment ${deploymentId} not in the service`
  const others = (snapshot.service.deployments ?? []).filter(d => d.id !== deploymentId)
  const old = others.reduce((sum, d) => sum + (d.runningCount ?? 0), 0)
  const status = snapshot.serviceDeployment?.status
  const sd = status && status !== ours.rolloutState ? `, ${status}` : ''
  return (
    `${ours.rolloutState ?? ours.status ?? 'UNKNOWN'}${sd}: ${ours.runningCount ?? 0}/${ours.desiredCount ?? 0} running, ` +
    `${ours.pendingCount ?? 0} pending, ${ours.failedTasks ?? 0} failed` +
    (others.length > 0 ? `; ${old} old tasks running` : '')
  )
}

export function shortArn(arn: string | undefined): string {
  if (arn === undefined) return 'unknown'
  const slash = arn.lastIndexOf('/')
  return slash >= 0 ? arn.slice(slash + 1) : arn
}

export interface WatchOptions {
  readonly timeoutMs: number
  readonly intervalMs: number
}

export interface WatchDeps {
  /** One snapshot of the service (and its service deployment where available). */
  readonly poll: () => Promise<RolloutSnapshot>
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (message: string) => void
  readonly warn: (message: string) => void
}

export interface WatchResult {
  readonly verdict: Verdict
  readonly snapshot: RolloutSnapshot | undefined
  readonly polls: number
}

/** Names of errors that a later poll may not meet again; the watch goes on through them. */
const TRANSIENT =
  /Throttl|TooManyRequests|RequestLimitExceeded|ServiceUnavailable|ServerException|InternalFailure|TimeoutError|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up/i

/**
 * Polls every interval until the rollout of `target` ends or the time is up. A change of state
 * in ECS is seen within one interval. Transient errors (after the SDK's own retries) are logged
 * and the watch goes on; other errors end it.
 */
export async function watchRollout(
  target: RolloutTarget,
  options: WatchOptions,
  deps: WatchDeps
): Promise<WatchResult> {
  const deadline = deps.now() + options.timeoutMs
  let polls = 0
  let last: RolloutSnapshot | undefined
  let lastLine = ''
  for (;;) {
    polls++
    try {
      last = await deps.poll()
      const verdict = judgeRollout(last, target)
      if (verdict !== undefined) return { verdict, snapshot: last, polls }
      const line = describeProgress(last, target.deploymentId)
      if (line !== lastLine) deps.log(line)
      lastLine = line
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      if (!TRANSIENT.test(text)) throw error
      deps.warn(`Polling the service failed (${text}); trying again at the next poll.`)
    }
    const left = deadline - deps.now()
    if (left <= 0) {
      return {
        verdict: {
          status: 'failed',
          kind: 'timeout',
          reason: `The rollout of ${target.deploymentId} did not finish within ${Math.round(options.timeoutMs / 60000)} minutes (wait-for-minutes). Last state: ${last ? describeProgress(last, target.deploymentId) : 'never described'}.`,
          ecsRollingBack: false
        },
        snapshot: last,
        polls
      }
    }
    await deps.sleep(Math.min(options.intervalMs, left))
  }
}
