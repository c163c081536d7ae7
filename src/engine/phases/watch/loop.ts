import { byDeadline, isDeadlineReached } from '../../../aws/call-deadline.js'
import { describeError, isRetryableAwsError } from '../../../aws/errors.js'
import { describeProgress } from './progress.js'
import type { Describe, Judge, RolloutSnapshot, RolloutTarget, Verdict } from './verdict.js'

/*
 * The watch: a polling loop that feeds snapshots to a pure judge and stops at its verdict. The
 * judge is the kind's (kinds/); the loop does not know which. The types every judge shares are
 * in verdict.ts.
 */

export interface WatchOptions<S extends RolloutSnapshot = RolloutSnapshot> {
  readonly timeoutMs: number
  readonly intervalMs: number
  /** What is watched, for messages ("The rollout of ecs-svc/…"). */
  readonly what?: string
  /** How long reads may go on not showing our deployment before its state counts as unknown. */
  readonly staleGraceMs?: number
  /** The progress line (default: describeProgress, the rolling update's). */
  readonly describe?: Describe<S>
  /** Whose reads these are, for messages (default ECS). */
  readonly source?: string
  /** How long a poll begun at the deadline may take (default LAST_POLL_MS). */
  readonly lastPollMs?: number
}

export interface WatchDeps<S extends RolloutSnapshot = RolloutSnapshot> {
  /** One snapshot of the service, for the deployments followed (newest last). */
  readonly poll: (deploymentIds: readonly string[]) => Promise<S>
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (message: string) => void
  readonly warn: (message: string) => void
}

export interface WatchResult<S extends RolloutSnapshot = RolloutSnapshot> {
  readonly verdict: Verdict
  readonly snapshot: S | undefined
  readonly polls: number
  /** The deployment followed at the end (ours, or the twin ECS replaced it with). */
  readonly deploymentId: string
  /**
   * What the kind keeps of the deployment it watched, beyond ECS's service deployment (CodeDeploy:
   * its deployment and rollback as last read): the run's record carries it, only the kind reads it.
   */
  readonly kindView?: unknown
}

/** ECS reads are eventually consistent: a write shows within seconds, so a minute is ample. */
export const STALE_GRACE_MS = 60_000
/** A stale read is read again sooner than the poll interval. */
const STALE_RETRY_MS = 2_000

/**
 * A poll that begins at the deadline (the last look, after a sleep that ends there) still gets
 * this long to answer; every other poll ends by the deadline.
 */
export const LAST_POLL_MS = 10_000

/**
 * Polls every interval until the judge gives a verdict or the time is up. A change of state in
 * ECS is seen within one interval. Errors worth another try (throttling, 5xx, network, after the
 * SDK's own retries) are logged and the watch goes on; other errors end it (thrown). A poll that
 * has not answered by the deadline is abandoned (pollWithin): the time is up whatever AWS does.
 */
export async function watchRollout<S extends RolloutSnapshot>(
  target: RolloutTarget,
  judge: Judge<S>,
  options: WatchOptions<S>,
  deps: WatchDeps<S>
): Promise<WatchResult<S>> {
  const deadline = deps.now() + options.timeoutMs
  const grace = options.staleGraceMs ?? STALE_GRACE_MS
  const what = options.what ?? `The rollout of ${target.deploymentId}`
  const describe: Describe<S> = options.describe ?? describeProgress
  const ids = [target.deploymentId]
  let seen = false
  let staleSince: number | undefined
  let polls = 0
  let last: S | undefined
  let lastLine = ''
  const current = () => ids[ids.length - 1] as string
  const result = (verdict: Verdict): WatchResult<S> => ({
    verdict,
    snapshot: last,
    polls,
    deploymentId: current()
  })
  for (;;) {
    polls++
    let wait = options.intervalMs
    let snapshot = await pollWithin(deps, ids, deadline, options.lastPollMs ?? LAST_POLL_MS)
    if (snapshot !== undefined) {
      last = snapshot
      let judged = judge(snapshot, { target, ids, seen })
      while (judged.kind === 'follow') {
        deps.log(judged.why)
        ids.push(judged.deploymentId)
        // The service deployment read was the one followed until now; the next poll reads the twin's.
        snapshot = withoutServiceDeployment(snapshot)
        judged = judge(snapshot, { target, ids, seen })
      }
      if (snapshot.service?.deployments?.some(d => d.id !== undefined && ids.includes(d.id))) {
        seen = true
      }
      if (judged.kind === 'verdict') return result(judged.verdict)
      if (judged.kind === 'stale') {
        staleSince ??= deps.now()
        if (deps.now() - staleSince >= grace) {
          return result({
            status: 'unknown',
            reason: `${options.source ?? 'ECS'} did not show deployment ${current()} for ${Math.round(grace / 1000)} s (${judged.why}); its state cannot be known.`
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

/**
 * One poll, ended by the deadline (at least lastPollMs from now); undefined when it failed in a
 * way worth another poll, or did not answer in time.
 */
async function pollWithin<S extends RolloutSnapshot>(
  deps: WatchDeps<S>,
  ids: readonly string[],
  deadline: number,
  lastPollMs: number
): Promise<S | undefined> {
  const budget = Math.max(deadline - deps.now(), lastPollMs)
  try {
    return await byDeadline(budget, () => deps.poll(ids))
  } catch (error) {
    if (isDeadlineReached(error)) {
      // Another watch's deadline can end a read shared with it (a release's batched reads).
      deps.warn(
        deps.now() >= deadline
          ? `Reading the service had not answered after ${Math.round(budget / 1000)} s; the watch's time is up.`
          : `Reading the service was abandoned (${describeError(error)}); trying again at the next poll.`
      )
      return undefined
    }
    if (!isRetryableAwsError(error)) throw error
    deps.warn(
      `Polling the service failed (${describeError(error)}); trying again at the next poll.`
    )
    return undefined
  }
}

/**
 * A snapshot without the service deployment it read (nor what a kind's poll read beyond the
 * service): the next poll reads the deployment followed now.
 */
function withoutServiceDeployment<S extends RolloutSnapshot>(snapshot: S): S {
  const rest: RolloutSnapshot = { service: snapshot.service }
  return (
    snapshot.stoppedTasks === undefined ? rest : { ...rest, stoppedTasks: snapshot.stoppedTasks }
  ) as S
}
