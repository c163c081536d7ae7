import type { Context } from '../deps.js'
import { endIfDryRun } from '../phases/dry-run/dry-run.js'
import { registerRevision } from '../phases/register/register.js'
import { prepareDeploy } from '../phases/render/prepare.js'
import type { Report } from '../phases/report/report.js'
import { tagOutcomePhase } from '../phases/report/tag-outcome.js'
import { findScheduledTasks } from '../phases/scheduled-tasks/find.js'
import { moveScheduledTasks, putBackScheduledTasks } from '../phases/scheduled-tasks/move.js'
import { registeredIsReleased } from '../phases/scheduled-tasks/registered.js'
import { settleVerdict } from '../phases/watch/settle.js'
import { runMode } from './run.js'

/**
 * A family without a service (deploy mode, `service` empty, `scheduled-tasks` given): render and
 * validate, find the scheduled tasks, register, and move them to the new revision; one that
 * cannot be moved fails the run, and those moved are put back. No service is read or updated.
 */
export function deployFamily(x: Context): Promise<Report> {
  return runMode(x, [
    prepareDeploy,
    findScheduledTasks,
    endIfDryRun,
    registerRevision,
    registeredIsReleased,
    moveScheduledTasks,
    tagOutcomePhase,
    settleVerdict,
    putBackScheduledTasks
  ])
}
