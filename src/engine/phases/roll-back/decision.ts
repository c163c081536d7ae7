import type { FailureKind } from '../watch/verdict.js'

/*
 * What to do once a rollout has not succeeded: a pure decision over what failed × who is rolling
 * back × rollback-on-failure (and whether the rollout was itself a rollback). It rolls back only
 * a deployment it saw fail, never over someone else's deployment, never on a guess, and never
 * after a rollback.
 */

export interface FailureFacts {
  /** The rollout was itself a rollback (rollback mode's): it is never rolled back in turn. */
  readonly itselfARollback: boolean
  /** What failed; `unknown` when the state could not be known. */
  readonly failure: FailureKind | 'unknown'
  /** ECS itself is rolling the service back (circuit breaker with rollback, alarms). */
  readonly ecsRollingBack: boolean
  readonly rollbackOnFailure: boolean
  /**
   * ECS runs the deployment itself (blue/green, linear, canary): a rollback goes through ECS
   * (StopServiceDeployment / ContinueServiceDeployment ROLLBACK), never a second UpdateService.
   */
  readonly native?: boolean
}

export type FailureAction =
  /** Watch ECS's rollback to its end and report it. */
  | { readonly action: 'watch-ecs-rollback' }
  /** UpdateService back to the last revision that succeeded, and watch that. */
  | { readonly action: 'roll-back' }
  /** Ask ECS to roll our service deployment back, and watch that. */
  | { readonly action: 'roll-back-through-ecs' }
  /** Leave the service as it is; `reason` says why. */
  | { readonly action: 'leave'; readonly reason: string }

export function decideAfterFailure(f: FailureFacts): FailureAction {
  if (f.failure === 'unknown') {
    return {
      action: 'leave',
      reason: 'The state of the rollout is unknown: not rolling back on a guess.'
    }
  }
  if (f.ecsRollingBack) return { action: 'watch-ecs-rollback' }
  if (f.failure === 'superseded') {
    return {
      action: 'leave',
      reason: 'Another deployment replaced this one: not rolling back over it.'
    }
  }
  if (f.failure === 'stopped') {
    return {
      action: 'leave',
      reason: 'The service deployment was stopped from outside this step: not rolling back over it.'
    }
  }
  if (f.failure === 'rollback-failed') {
    return { action: 'leave', reason: 'The rollback itself failed: no further rollback.' }
  }
  if (f.itselfARollback) {
    return {
      action: 'leave',
      reason:
        'This step was itself a rollback: rolling it back would put back the revision it replaced.'
    }
  }
  if (!f.rollbackOnFailure) {
    return {
      action: 'leave',
      reason: 'rollback-on-failure is false: the service is left as it is.'
    }
  }
  return { action: f.native === true ? 'roll-back-through-ecs' : 'roll-back' }
}
