import type { Context } from '../deps.js'
import { explainFailurePhase } from '../phases/explain/explain.js'
import { checkHealthPhase } from '../phases/health-check/check-health.js'
import { continuePaused, findOngoing } from '../phases/ongoing/ongoing.js'
import { readService } from '../phases/read-service/read-service.js'
import type { Report } from '../phases/report/report.js'
import { tagOutcomePhase } from '../phases/report/tag-outcome.js'
import { findScheduledTasks } from '../phases/scheduled-tasks/find.js'
import { moveScheduledTasks, putBackScheduledTasks } from '../phases/scheduled-tasks/move.js'
import { rollBackAfterFailure } from '../phases/roll-back/after-failure.js'
import { settleVerdict } from '../phases/watch/settle.js'
import { watchRollout } from '../phases/watch/watch.js'
import { checkKind } from './check-kind.js'
import { runMode } from './run.js'

/** Continue mode: a deployment paused at a PAUSE hook goes on, and is watched to its end. */
export function continueMode(x: Context): Promise<Report> {
  return runMode(x, [
    readService,
    checkKind,
    findScheduledTasks,
    findOngoing,
    continuePaused,
    watchRollout,
    checkHealthPhase,
    moveScheduledTasks,
    tagOutcomePhase,
    settleVerdict,
    explainFailurePhase,
    rollBackAfterFailure,
    putBackScheduledTasks
  ])
}
