import { byDeadline, isDeadlineReached } from '../../../aws/call-deadline.js'
import type { Log } from '../../../shared/log.js'
import type { Context } from '../../deps.js'
import { add, currentOf, kindOf, type Phase, type RunRecord } from '../../record.js'
import type { WatchResult } from '../watch/loop.js'
import { explainFailure } from './diagnose.js'

/*
 * Why a rollout failed, down to the log line: what only the kind can tell (CodeDeploy: the failed
 * lifecycle event and its hook's diagnostics), the stopped tasks of our deployment with their
 * exit codes, the containers' last log lines, and the service events since the deploy began.
 * Best effort: a read that fails is a warning, and the whole takes at most EXPLAIN_WITHIN_MS, so
 * that a service that does not answer never holds the rollback back.
 */

/** The longest the explanation may take. */
export const EXPLAIN_WITHIN_MS = 30_000

export const explainFailurePhase: Phase = async (r, x) => {
  if (r.verdict?.status !== 'failed' || r.watched === undefined) return r
  const watched = r.watched
  const explained = await x.io.log.group('Why the deployment failed', () =>
    explainWithin(r, watched, x)
  )
  return add(r, { diagnosis: explained, logTails: explained?.logTails })
}

/** The explanation, given up (with a warning) when AWS has not answered within EXPLAIN_WITHIN_MS. */
async function explainWithin(r: RunRecord, watched: WatchResult, x: Context) {
  // What the work abandoned at the deadline says later is not shown.
  let open = true
  const log = whileOpen(x.io.log, () => open)
  try {
    return await byDeadline(EXPLAIN_WITHIN_MS, () =>
      explain(r, watched, { ...x, io: { ...x.io, log } })
    )
  } catch (error) {
    if (!isDeadlineReached(error)) throw error
    open = false
    x.io.log.warning(
      `Could not read why the deployment failed: AWS had not answered after ${EXPLAIN_WITHIN_MS / 1000} s.`
    )
    return undefined
  }
}

/** What the kind tells, then the stopped tasks, their log lines and the service events. */
async function explain(r: RunRecord, watched: WatchResult, x: Context) {
  const { s, io } = x
  const kindExplains = kindOf(r).explain
  const definition =
    r.started?.definition ?? r.prepared?.definition ?? currentOf(r).taskDefinition ?? {}
  return explainFailure(io.ecs, io.log, {
    cluster: s.cluster,
    service: s.service,
    startedBy: kindExplains ? await kindExplains(x, watched) : [watched.deploymentId],
    seen: watched.snapshot?.service,
    since: new Date(r.startedAt),
    logTails: { logs: io.logs, definition, count: s.logLines, region: io.region }
  })
}

/** The log, for as long as `open()` says. */
function whileOpen(log: Log, open: () => boolean): Log {
  return {
    info: m => (open() ? log.info(m) : undefined),
    notice: (m, t) => (open() ? log.notice(m, t) : undefined),
    warning: (m, t) => (open() ? log.warning(m, t) : undefined),
    error: (m, t) => (open() ? log.error(m, t) : undefined),
    group: (name, fn) => (open() ? log.group(name, fn) : fn())
  }
}
