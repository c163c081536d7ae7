import type { Context } from '../deps.js'
import { endIfDryRun } from '../phases/dry-run/dry-run.js'
import { explainFailurePhase } from '../phases/explain/explain.js'
import { checkHealthPhase } from '../phases/health-check/check-health.js'
import { findInFlight, rollBackOngoing } from '../phases/ongoing/ongoing.js'
import { planStart } from '../phases/plan/plan.js'
import { readService } from '../phases/read-service/read-service.js'
import type { Report } from '../phases/report/report.js'
import { afterFailedRollback } from '../phases/roll-back/after-failure.js'
import { chooseRollbackTarget } from '../phases/roll-back/rollback-to.js'
import { findScheduledTasks } from '../phases/scheduled-tasks/find.js'
import { moveScheduledTasks, putBackScheduledTasks } from '../phases/scheduled-tasks/move.js'
import { startRollout } from '../phases/start/start.js'
import { settleVerdict } from '../phases/watch/settle.js'
import { watchRollout } from '../phases/watch/watch.js'
import { runMode } from './run.js'

/**
 * Rollback mode: a deployment still under way is rolled back by its controller; otherwise an
 * earlier revision (rollback-to) is rolled out and watched like a deploy. No render, no register.
 */
export function rollback(x: Context): Promise<Report> {
  return runMode(x, [
    readService,
    findScheduledTasks,
    findInFlight,
    rollBackOngoing,
    chooseRollbackTarget,
    planStart,
    endIfDryRun,
    startRollout,
    watchRollout,
    checkHealthPhase,
    moveScheduledTasks,
    settleVerdict,
    explainFailurePhase,
    afterFailedRollback,
    putBackScheduledTasks
  ])
}
