/*
 * The scripts a rolling deployment of the ECS stand-in follows (ecs/rollouts/rollout.ts plays them): what
 * happens at each DescribeServices poll of the service, and ready-made scripts for the cases the
 * suites use. A tool of the project (tests, demo, bench), never bundled.
 */

/** A task of the rollout that stopped, as DescribeTasks will tell it. */
export interface StoppedTaskSpec {
  readonly stoppedReason: string
  readonly stopCode?: string
  readonly exitCode?: number
  readonly containerReason?: string
  readonly healthStatus?: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN'
  /** What its containers printed (to their awslogs streams, via EcsOptions.onTaskStopped). */
  readonly logLines?: readonly string[]
}

/** What happens at one poll of a rollout. */
export interface RolloutStep {
  /** Tasks of the new deployment running / pending after this step. */
  readonly running?: number
  readonly pending?: number
  /** Tasks of the new deployment that stopped at this step (failedTasks counts them). */
  readonly failTasks?: readonly StoppedTaskSpec[]
  /** Service events to add, without the "(service NAME) " prefix ECS puts in front. */
  readonly events?: readonly string[]
  /** The rollout reaches its steady state: COMPLETED, the old deployments drained. */
  readonly complete?: boolean
  /** The circuit breaker fails the deployment with this reason; ECS rolls back if set to. */
  readonly circuitBreaker?: string
  /** Someone else's UpdateService (a copy of this revision, registered anew) replaces it. */
  readonly supersede?: boolean
  /** Wall time (ms since the deployment began) before this step may apply. */
  readonly notBeforeMs?: number
  /**
   * ECS starts a second deployment of the same task definition (a new id) and drops this one;
   * the twin carries on with the rest of the script: in the same service deployment (true), or
   * in a service deployment of its own, the first one's then reading STOPPED ('own-record').
   */
  readonly duplicate?: boolean | 'own-record'
  /** With circuitBreaker, the script ECS's own rollback deployment follows (default: succeeds). */
  readonly ecsRollback?: RolloutScript
  /** Early success criteria met: the service deployment SUCCESSFUL, more tasks still starting. */
  readonly earlySuccess?: boolean
}

export type RolloutScript = readonly RolloutStep[]

/** Ready-made scripts. Each entry of a script is one DescribeServices poll. */
export const rollouts = {
  /** Starts tasks, then completes at the given poll. */
  succeeds(desired: number, polls = 2): RolloutScript {
    const steps: RolloutStep[] = []
    for (let i = 1; i < polls; i++) {
      const running = Math.min(desired - 1, i)
      steps.push({ running, pending: desired - running })
    }
    return [...steps, { complete: true }]
  },
  /** Tasks that stop one per poll, while the rollout stays IN_PROGRESS (no circuit breaker). */
  failsTasks(tasks: readonly StoppedTaskSpec[]): RolloutScript {
    return [{ running: 0, pending: 1 }, ...tasks.map(task => ({ pending: 1, failTasks: [task] }))]
  },
  /** Tasks that stop, then the circuit breaker fails the deployment (ECS's rollback: `back`). */
  circuitBreaker(
    tasks: readonly StoppedTaskSpec[],
    reason = 'tasks failed to start',
    back?: RolloutScript
  ): RolloutScript {
    return [
      { running: 0, pending: 1 },
      { pending: 1, failTasks: tasks },
      { running: 0, pending: 0, circuitBreaker: reason, ...(back ? { ecsRollback: back } : {}) }
    ]
  },
  /** One task runs (failedTasks resets and stops counting), the others keep crashing. */
  oneRunsOthersCrash(task: StoppedTaskSpec, crashes: number): RolloutScript {
    return [
      { running: 1, pending: 1 },
      ...Array.from({ length: crashes }, () => ({ pending: 1, failTasks: [task] }))
    ]
  },
  /** ECS duplicates the deployment after one step; the twin then completes. */
  duplicated(): RolloutScript {
    return [
      { running: 1, pending: 1 },
      { duplicate: true },
      { running: 1, pending: 1 },
      { complete: true }
    ]
  },
  /**
   * As duplicated(), but the twin gets a service deployment of its own and the first one's record
   * reads STOPPED.
   */
  duplicatedWithOwnRecord(): RolloutScript {
    return [
      { running: 1, pending: 1 },
      { duplicate: 'own-record' },
      { running: 1, pending: 1 },
      { complete: true }
    ]
  },
  /** Some progress, then another deployment takes over. */
  superseded(): RolloutScript {
    return [{ running: 1, pending: 1 }, { supersede: true }]
  },
  /** Never ends: one task running, one pending, for ever. */
  stuck(): RolloutScript {
    return [
      { running: 0, pending: 2 },
      { running: 1, pending: 1 }
    ]
  }
}
