import { type App, seedMegilance } from '../megilance.js'
import { OUTCOME_TAG } from '../../../src/engine/common/tags.js'
import { type StandIn, type StoppedTaskSpec, rollouts } from '../../stand-in/index.js'

/*
 * What AWS does in `npm run demo`, scripted in the stand-in before the first act: each UpdateService
 * of the backend (a rolling update) completes; the frontend is on ECS's CANARY strategy with a
 * 5xx alarm that rolls it back, and its second deployment's tasks crash (a Next.js server missing
 * an environment variable). The migrations' log lines are queued per act (`migration`).
 */

/** The frontend's 5xx alarm: ECS rolls the canary back when it goes into ALARM. */
export const FRONTEND_ALARM = 'megilance-frontend-5xx'

/** The canary: 10 % of production traffic for a minute, then 100 %, then a one-minute bake. */
const CANARY = {
  strategy: 'CANARY',
  bakeTimeInMinutes: 1,
  canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 },
  alarms: { alarmNames: [FRONTEND_ALARM], enable: true, rollback: true }
}

/** The stand-in plays a minute as 6 s, and ECS moves on up to 4 steps between two of the step's polls. */
export const CANARY_TIMELINE = { minuteMs: 6000, stepsPerLook: 4 }

/** The variable the next frontend reads when its server starts, which its task definition lacks. */
export const MISSING_VARIABLE = 'BACKEND_INTERNAL_URL'

/**
 * What ECS knows of the crash: the essential container exited 1. What the server printed before
 * it died is only in its log stream; the step reads its last lines.
 */
const frontendCrash: StoppedTaskSpec = {
  stoppedReason: 'Essential container in task exited',
  stopCode: 'EssentialContainerExited',
  exitCode: 1,
  logLines: [
    '> megilance-frontend@0.4.0 start',
    '> node scripts/check-env.mjs && node server.js',
    `Error: ${MISSING_VARIABLE} is not set`
  ]
}

/**
 * Both services as MegiLance runs them, each on revision 1, deployed with this suite before (its
 * outcome tag says it succeeded), and what their deployments do: the backend's four
 * (act 1, act 3, act 3's put-back, act 4's rollback) complete; the frontend's first canary
 * succeeds after the bake, its second one's tasks crash at scale-up, the alarm goes into ALARM
 * half a minute into the 10 % step, and ECS rolls the frontend back itself.
 */
export function seedDemo(standIn: StandIn): Record<App, string> {
  const completes = rollouts.succeeds(2, 1)
  const succeeded = [{ key: OUTCOME_TAG, value: 'succeeded' }]
  return seedMegilance(standIn, {
    runningTags: { backend: succeeded, frontend: succeeded },
    rollouts: { backend: [completes, completes, completes, completes] },
    strategies: {
      frontend: {
        deploymentConfiguration: CANARY,
        native: [
          CANARY_TIMELINE,
          {
            ...CANARY_TIMELINE,
            greenTasksStop: [frontendCrash, frontendCrash],
            alarm: {
              name: FRONTEND_ALARM,
              stage: 'PRODUCTION_TRAFFIC_SHIFT',
              afterMs: CANARY_TIMELINE.minuteMs / 2
            }
          }
        ]
      }
    }
  })
}

/** The log lines of `alembic upgrade head` running one migration; it exits 0. */
export function migration(from: string, to: string, what: string) {
  return {
    exitCode: 0,
    lines: [
      'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.',
      'INFO  [alembic.runtime.migration] Will assume transactional DDL.',
      `INFO  [alembic.runtime.migration] Running upgrade ${from} -> ${to}, ${what}`
    ]
  }
}
