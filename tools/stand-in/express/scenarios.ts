import {
  type RolloutScript,
  type StoppedTaskSpec,
  rollouts
} from '../ecs/rollouts/rollout-scripts.js'
import type { NativeScenario } from '../ecs/rollouts/strategies-timeline.js'

/*
 * What an Express service's deployments do, as a test scripts them (ExpressModel.queue). An
 * update runs as the canary deployment Express Mode sets up ("Updates are deployed using canary
 * deployments with alarm based rollback alarms to maintain availability."; "5% of traffic is
 * shifted to the new environment"; "Alarm Based Rollbacks will trigger if sum of 4xx and 5xx
 * errors percentage is > 1 for 2 datapoints within 3 minutes"; "After 3 minutes bake time, 100% of
 * traffic is shifted to new environment"; "After 3 minutes bake time for monitoring, old tasks
 * are gradually stopped and replaced", Developer Guide, Updating an Amazon ECS Express Mode
 * service), played by ecs/rollouts/strategies.ts; the first deployment (CreateExpressGatewayService) has
 * no traffic to shift and runs as a rolling one (ecs/rollouts/rollout.ts).
 *
 * Time: each look at the service (DescribeServices, DescribeExpressGatewayService,
 * ListServiceDeployments, DescribeServiceDeployments, StopServiceDeployment) moves it one step on
 * (stepsPerLook), or, with stepMs, it moves one step each stepMs of wall time whoever looks; the
 * canary's and the bake's 3 minutes hold for 3 × minuteMs.
 */

export interface ExpressTiming {
  /** How long the stand-in plays one minute of the canary's and the bake's waits (ms). */
  readonly minuteMs?: number
  /** Steps one look moves the deployment on (default 1). */
  readonly stepsPerLook?: number
  /** Instead: one step each stepMs of wall time, whoever looks and how often. */
  readonly stepMs?: number
}

export interface ExpressScenario extends ExpressTiming {
  /** The new revision's tasks stop (exit codes, awslogs lines); none becomes healthy. */
  readonly tasksStop?: readonly StoppedTaskSpec[]
  /** The service's metric alarm goes into ALARM this many minutes into the 5% canary. */
  readonly alarmAfterMinutes?: number
  /** ECS never moves past SCALE_UP (its tasks never become healthy, no alarm fires). */
  readonly stuck?: boolean
  /** ECS's rollback fails with this reason (ROLLBACK_FAILED). */
  readonly rollbackFails?: string
}

/** A task that crashes as an app missing its configuration does. */
export const crashedTask = (line = 'RuntimeError: DATABASE_URL not set'): StoppedTaskSpec => ({
  stoppedReason: 'Essential container in task exited',
  stopCode: 'EssentialContainerExited',
  exitCode: 1,
  logLines: ['Starting server...', line]
})

/**
 * Ready-made scenarios. An alarm fires 2 minutes into the 3-minute canary: "2 datapoints within 3
 * minutes" (Updating an Amazon ECS Express Mode service).
 */
export const expressDeployments = {
  /** SUCCESSFUL: canary, bake, clean-up. */
  succeeds: (timing: ExpressTiming = {}): ExpressScenario => ({ ...timing }),
  /** The new tasks crash; the alarm fires during the canary; ECS rolls back (ROLLBACK_SUCCESSFUL). */
  crashes: (task = crashedTask(), timing: ExpressTiming = {}): ExpressScenario => ({
    ...timing,
    tasksStop: [task],
    alarmAfterMinutes: 2
  }),
  /** The tasks run but answer errors: the alarm fires during the canary; ECS rolls back. */
  alarmFires: (timing: ExpressTiming = {}): ExpressScenario => ({
    ...timing,
    alarmAfterMinutes: 2
  }),
  /** IN_PROGRESS for ever, until StopServiceDeployment (ROLLBACK) or another update. */
  stuck: (timing: ExpressTiming = {}): ExpressScenario => ({ ...timing, stuck: true }),
  /** The new tasks crash, ECS rolls back, and the rollback fails (ROLLBACK_FAILED). */
  rollbackFails: (
    reason = 'The rollback could not restore the source service revision: its tasks failed to start.',
    task = crashedTask(),
    timing: ExpressTiming = {}
  ): ExpressScenario => ({
    ...timing,
    tasksStop: [task],
    alarmAfterMinutes: 2,
    rollbackFails: reason
  })
}

/** An update's canary deployment, as ecs/rollouts/strategies.ts plays it. */
export function canaryScenario(s: ExpressScenario, alarmName: string): NativeScenario {
  const minute = s.minuteMs ?? 60_000
  return {
    minuteMs: minute,
    ...(s.stepsPerLook !== undefined ? { stepsPerLook: s.stepsPerLook } : {}),
    ...(s.stepMs !== undefined ? { stepMs: s.stepMs } : {}),
    ...(s.tasksStop ? { greenTasksStop: s.tasksStop } : {}),
    ...(s.stuck ? { holdAt: 'SCALE_UP' } : {}),
    ...(s.rollbackFails !== undefined ? { rollbackFails: s.rollbackFails } : {}),
    ...(s.alarmAfterMinutes !== undefined
      ? {
          alarm: {
            name: alarmName,
            stage: 'PRODUCTION_TRAFFIC_SHIFT',
            afterMs: s.alarmAfterMinutes * minute
          }
        }
      : {})
  }
}

/** The first deployment's rolling script: tasks start and it completes, or it never does. */
export function firstDeployment(s: ExpressScenario, desired: number): RolloutScript {
  const script = s.stuck
    ? rollouts.stuck()
    : s.tasksStop
      ? rollouts.failsTasks(s.tasksStop)
      : rollouts.succeeds(desired, 3)
  const every = s.stepMs
  if (every === undefined) return script
  return script.map((step, i) => ({ ...step, notBeforeMs: (i + 1) * every }))
}
