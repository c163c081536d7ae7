import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { describeError, isRetryableAwsError } from '../common/aws-errors.js'
import {
  NATIVE_STRATEGIES,
  judgeNative,
  judgeNativeRollback,
  nativeProgress,
  type NativeOptions
} from './native-verdict.js'
import { judgeEcsRollback, judgeRolling } from './rolling-verdict.js'

/*
 * The watch: a polling loop that feeds snapshots of the service to a pure judge and stops at its
 * verdict. The judge depends on the service's deployment strategy (verdictsFor, the one place
 * that dispatches on it); the loop does not. A little over 250 lines: the types every judge
 * shares (snapshot, verdict, judgement) live beside the one loop that uses them.
 */

/** What one poll sees. */
export interface RolloutSnapshot {
  /** DescribeServices. */
  readonly service: Service
  /** Our service deployment (DescribeServiceDeployments), where ECS answers and it is known. */
  readonly serviceDeployment?: ServiceDeployment | undefined
  /**
   * Our deployment's stopped tasks, counted from the tasks themselves (ListTasks, startedBy =
   * deployment id, desiredStatus STOPPED); undefined when not counted. `failedTasks` is no count
   * to rely on: it resets once a task runs.
   */
  readonly stoppedTasks?: number | undefined
}

/** The deployment being watched, by the id UpdateService returned. */
export interface RolloutTarget {
  readonly deploymentId: string
  readonly taskDefinitionArn: string
  /** What ran before; seeing it PRIMARY again after a failure means ECS rolled back. */
  readonly previousTaskDefinitionArn: string | undefined
  /** Failed tasks that end a rollout when the service has no circuit breaker; 0 = no limit. */
  readonly maxFailedTasks: number
  /** When ECS created our deployment (UpdateService's answer): older reads are stale. */
  readonly createdAt: Date | undefined
}

export type FailureKind =
  | 'circuit-breaker'
  | 'failed-tasks'
  | 'superseded'
  | 'stopped'
  | 'timeout'
  | 'health-check'
  | 'rollback-failed'
  /** A CloudWatch alarm of the deployment went into ALARM (blue/green, linear, canary). */
  | 'alarm'
  /** A lifecycle hook failed or timed out. */
  | 'hook'
  /** ECS rolls back for a reason it does not name otherwise. */
  | 'ecs-rollback'
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
  /** The state could not be known: no rollback on a guess. */
  | { readonly status: 'unknown'; readonly reason: string }
  /** ECS waits at a PAUSE hook for someone to continue or roll back (ContinueServiceDeployment). */
  | {
      readonly status: 'paused'
      readonly reason: string
      readonly stage: string
      readonly hookId: string
    }

/** The deployment a watch follows: ours, then any twin ECS replaced it with (newest last). */
export interface Followed {
  readonly target: RolloutTarget
  readonly ids: readonly string[]
  /** A read has shown one of `ids`. */
  readonly seen: boolean
}

/** What a judge says of one snapshot. */
export type Judgement =
  | { readonly kind: 'pending' }
  /** The read does not show our deployment yet: read again, draw nothing from it. */
  | { readonly kind: 'stale'; readonly why: string }
  /** ECS replaced our deployment with one of the same task definition: follow that one. */
  | { readonly kind: 'follow'; readonly deploymentId: string; readonly why: string }
  | { readonly kind: 'verdict'; readonly verdict: Verdict }

export type Judge = (snapshot: RolloutSnapshot, followed: Followed) => Judgement

/** A strategy's judges. */
export interface RolloutVerdicts {
  readonly strategy: string
  /** Our rollout. */
  readonly rollout: Judge
  /** ECS's own rollback of our failed deployment, to its end. */
  readonly ecsRollback: Judge
  /** ECS runs the deployment itself (blue/green, linear, canary): it is stopped through ECS. */
  readonly native: boolean
  /** A progress describer for one watch (it may keep what it saw, such as when a bake began). */
  readonly progress: () => Describe
}

/** One line on where the rollout stands, for the log; stable so repeats can be skipped. */
export type Describe = (snapshot: RolloutSnapshot, deploymentId: string) => string

const ROLLING: RolloutVerdicts = {
  strategy: 'ROLLING',
  rollout: judgeRolling,
  ecsRollback: judgeEcsRollback,
  native: false,
  progress: () => describeProgress
}

/**
 * The judges for a service's deployment strategy: the one place that dispatches on it. Rolling
 * updates are judged by rolling-verdict.ts; blue/green, linear and canary by native-verdict.ts.
 */
export function verdictsFor(
  service: Service,
  options: NativeOptions = { waitUntil: 'completed' },
  now: () => number = Date.now
): RolloutVerdicts {
  const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING'
  if (!NATIVE_STRATEGIES.has(strategy)) return ROLLING
  return {
    strategy,
    rollout: judgeNative(options),
    ecsRollback: judgeNativeRollback,
    native: true,
    progress: () => nativeProgress(strategy, now)
  }
}

/** One line on where the rollout stands, for the log; stable so repeats can be skipped. */
export function describeProgress(snapshot: RolloutSnapshot, deploymentId: string): string {
  const ours = snapshot.service.deployments?.find(d => d.id === deploymentId)
  if (ours === undefined) return `deployment ${deploymentId} not in the service`
  const others = (snapshot.service.deployments ?? []).filter(d => d.id !== deploymentId)
  const old = others.reduce((sum, d) => sum + (d.runningCount ?? 0), 0)
  const status = snapshot.serviceDeployment?.status
  const sd = status && status !== ours.rolloutState ? `, ${status}` : ''
  const failed = snapshot.stoppedTasks ?? ours.failedTasks ?? 0
  return (
    `${ours.rolloutState ?? ours.status ?? 'UNKNOWN'}${sd}: ${ours.runningCount ?? 0}/${ours.desiredCount ?? 0} running, ` +
    `${ours.pendingCount ?? 0} pending, ${failed} failed` +
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
  /** What is watched, for messages ("The rollout of ecs-svc/…"). */
  readonly what?: string
  /** How long reads may go on not showing our deployment before its state counts as unknown. */
  readonly staleGraceMs?: number
  /** The progress line (default: describeProgress, the rolling update's). */
  readonly describe?: Describe
}

export interface WatchDeps {
  /** One snapshot of the service, for the deployments followed (newest last). */
  readonly poll: (deploymentIds: readonly string[]) => Promise<RolloutSnapshot>
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (message: string) => void
  readonly warn: (message: string) => void
}

export interface WatchResult {
  readonly verdict: Verdict
  readonly snapshot: RolloutSnapshot | undefined
  readonly polls: number
  /** The deployment followed at the end (ours, or the twin ECS replaced it with). */
  readonly deploymentId: string
}

/** ECS reads are eventually consistent: a write shows within seconds, so a minute is ample. */
export const STALE_GRACE_MS = 60_000
/** A stale read is read again sooner than the poll interval. */
const STALE_RETRY_MS = 2_000

/**
 * Polls every interval until the judge gives a verdict or the time is up. A change of state in
 * ECS is seen within one interval. Errors worth another try (throttling, 5xx, network, after the
 * SDK's own retries) are logged and the watch goes on; other errors end it (thrown).
 */
export async function watchRollout(
  target: RolloutTarget,
  judge: Judge,
  options: WatchOptions,
  deps: WatchDeps
): Promise<WatchResult> {
  const deadline = deps.now() + options.timeoutMs
  const grace = options.staleGraceMs ?? STALE_GRACE_MS
  const what = options.what ?? `The rollout of ${target.deploymentId}`
  const describe = options.describe ?? describeProgress
  const ids = [target.deploymentId]
  let seen = false
  let staleSince: number | undefined
  let polls = 0
  let last: RolloutSnapshot | undefined
  let lastLine = ''
  const current = () => ids[ids.length - 1] as string
  const result = (verdict: Verdict): WatchResult => ({
    verdict,
    snapshot: last,
    polls,
    deploymentId: current()
  })
  for (;;) {
    polls++
    let wait = options.intervalMs
    try {
      const snapshot = await deps.poll(ids)
      last = snapshot
      let judged = judge(snapshot, { target, ids, seen })
      while (judged.kind === 'follow') {
        deps.log(judged.why)
        ids.push(judged.deploymentId)
        judged = judge(snapshot, { target, ids, seen })
      }
      if (snapshot.service.deployments?.some(d => d.id !== undefined && ids.includes(d.id))) {
        seen = true
      }
      if (judged.kind === 'verdict') return result(judged.verdict)
      if (judged.kind === 'stale') {
        staleSince ??= deps.now()
        if (deps.now() - staleSince >= grace) {
          return result({
            status: 'unknown',
            reason: `ECS did not show deployment ${current()} for ${Math.round(grace / 1000)} s (${judged.why}); its state cannot be known.`
          })
        }
        const line = `A read does not show deployment ${current()} yet (${judged.why}); reading again.`
        if (line !== lastLine) deps.log(line)
        lastLine = line
        wait = Math.min(wait, STALE_RETRY_MS)
      } else {
        staleSince = undefined
        const line = describe(snapshot, current())
        if (line !== lastLine) deps.log(line)
        lastLine = line
      }
    } catch (error) {
      if (!isRetryableAwsError(error)) throw error
      deps.warn(
        `Polling the service failed (${describeError(error)}); trying again at the next poll.`
      )
    }
    const left = deadline - deps.now()
    if (left <= 0) {
      return result({
        status: 'failed',
        kind: 'timeout',
        reason: `${what} did not finish within ${Math.round(options.timeoutMs / 60000)} minutes (wait-for-minutes). Last state: ${last ? describe(last, current()) : 'never described'}.`,
        ecsRollingBack: false
      })
    }
    await deps.sleep(Math.min(wait, left))
  }
}
