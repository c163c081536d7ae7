import type { Context } from '../deps.js'
import { endIfDryRun } from '../phases/dry-run/dry-run.js'
import { explainFailurePhase } from '../phases/explain/explain.js'
import { checkHealthPhase } from '../phases/health-check/check-health.js'
import { runOneOffTaskPhase } from '../phases/one-off-task/one-off-task.js'
import { readService } from '../phases/read-service/read-service.js'
import { registerRevision } from '../phases/register/register.js'
import { prepareDeploy } from '../phases/render/prepare.js'
import type { Report } from '../phases/report/report.js'
import { tagOutcomePhase } from '../phases/report/tag-outcome.js'
import { rollBackAfterFailure } from '../phases/roll-back/after-failure.js'
import { findScheduledTasks } from '../phases/scheduled-tasks/find.js'
import { moveScheduledTasks, putBackScheduledTasks } from '../phases/scheduled-tasks/move.js'
import { startRollout } from '../phases/start/start.js'
import { settleVerdict } from '../phases/watch/settle.js'
import { watchRollout } from '../phases/watch/watch.js'
import { checkKind } from './check-kind.js'
import { runPhases } from './run.js'

/**
 * Deploy mode: a new revision, from the rendered task definition to the verdict on what runs,
 * and the rollback when it fails.
 */
export function deploy(x: Context): Promise<Report> {
  return runPhases(x, [
    readService,
    checkKind,
    prepareDeploy,
    findScheduledTasks,
    endIfDryRun,
    registerRevision,
    runOneOffTaskPhase,
    startRollout,
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
