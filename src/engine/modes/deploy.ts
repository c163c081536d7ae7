import type { Context } from '../deps.js'
import type { Phase } from '../record.js'
import { guardCommitOrder } from '../phases/commit-order/commit-order.js'
import { endIfDryRun } from '../phases/dry-run/dry-run.js'
import { explainFailurePhase } from '../phases/explain/explain.js'
import { checkHealthPhase } from '../phases/health-check/check-health.js'
import { runOneOffTaskPhase } from '../phases/one-off-task/one-off-task.js'
import { planStart } from '../phases/plan/plan.js'
import { readService } from '../phases/read-service/read-service.js'
import { registerRevision } from '../phases/register/register.js'
import { prepareDeploy } from '../phases/render/prepare.js'
import type { Report } from '../phases/report/report.js'
import { tagOutcomePhase } from '../phases/report/tag-outcome.js'
import { rollBackAfterFailure } from '../phases/roll-back/after-failure.js'
import { keepRevisionsPhase } from '../phases/keep-revisions/keep-revisions.js'
import { findScheduledTasks } from '../phases/scheduled-tasks/find.js'
import { moveScheduledTasks, putBackScheduledTasks } from '../phases/scheduled-tasks/move.js'
import { startRollout } from '../phases/start/start.js'
import { settleVerdict } from '../phases/watch/settle.js'
import { watchRollout } from '../phases/watch/watch.js'
import { checkKind } from './check-kind.js'
import { runMode } from './run.js'

/** Deploy mode, before its first write: every check a deploy makes. */
export const PREPARE_DEPLOY: readonly Phase[] = [
  readService,
  checkKind,
  prepareDeploy,
  planStart,
  findScheduledTasks,
  endIfDryRun,
  guardCommitOrder
]

/** Deploy mode, from its first write to the verdict on what runs, and what follows a failure. */
export const ROLL_OUT: readonly Phase[] = [
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
]

/**
 * Deploy mode: a new revision, from the rendered task definition to the verdict on what runs,
 * and the rollback when it fails; once it has succeeded, the old revisions beyond keep-revisions.
 */
export function deploy(x: Context): Promise<Report> {
  return runMode(x, [...PREPARE_DEPLOY, ...ROLL_OUT, keepRevisionsPhase])
}
