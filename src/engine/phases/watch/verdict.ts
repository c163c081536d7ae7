import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'

/*
 * What every judge shares, apart from the loop that feeds it (loop.ts) and the judges themselves
 * (the kinds', and native-judge.ts for the deployments ECS runs itself): a snapshot of one poll,
 * the deployment followed, the verdict and a judgement.
 */

/**
 * What one poll of an ECS service sees. A kind whose poll reads more (CodeDeploy: its
 * deployment) extends it with a snapshot type of its own, which its judge reads.
 */
export interface RolloutSnapshot {
  /** DescribeServices (services on the ECS controller). */
  readonly service?: Service | undefined
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
  /** An AWS call failed before the rollout started (a release's service; nothing changed in it). */
  | 'error'
  /** A scheduled task of the family could not be moved to the new revision (scheduled-tasks). */
  | 'scheduled-tasks'
  /**
   * A reason only the kind can name, in the kind's own word (CodeDeploy: `codedeploy`, a reason
   * its errorInformation names); decided on as any failure of the rollout.
   */
  | (string & Record<never, never>)

export type Verdict =
  | { readonly status: 'succeeded'; readonly reason: string }
  | {
      readonly status: 'failed'
      readonly kind: FailureKind
      readonly reason: string
      /**
       * The deployment's controller (ECS, CodeDeploy) is putting (or has put) the previous
       * revision back: do not roll back again.
       */
      readonly ecsRollingBack: boolean
      readonly supersededBy?: string | undefined
    }
  /** The state could not be known: no rollback on a guess. */
  | { readonly status: 'unknown'; readonly reason: string }
  /**
   * ECS waits at a PAUSE hook (ContinueServiceDeployment), or CodeDeploy at Ready
   * (ContinueDeployment), for someone to continue or roll back.
   */
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

export type Judge<S extends RolloutSnapshot = RolloutSnapshot> = (
  snapshot: S,
  followed: Followed
) => Judgement

/** One line on where the rollout stands, for the log; stable so repeats can be skipped. */
export type Describe<S extends RolloutSnapshot = RolloutSnapshot> = (
  snapshot: S,
  deploymentId: string
) => string
