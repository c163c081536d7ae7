import { byDeadline, isDeadlineReached } from '../../../aws/call-deadline.js'
import type { Log } from '../../../shared/log.js'
import { add, currentOf, type Phase } from '../../record.js'
import { explainFailure } from './diagnose.js'

/*
 * Why a rollout failed, down to the log line: the stopped tasks of our deployment with their
 * exit codes, the containers' last log lines, and the service events since the deploy began.
 * Best effort: a read that fails is a warning, and the whole takes at most EXPLAIN_WITHIN_MS, so
 * that a service that does not answer never holds the rollback back.
 */

/** The longest the explanation may take. */
export const EXPLAIN_WITHIN_MS = 30_000

export const explainFailurePhase: Phase = async (r, { s, io }) => {
  if (r.verdict?.status !== 'failed' || r.watched === undefined) return r
  const watched = r.watched
  const definition = r.prepared?.definition ?? currentOf(r).taskDefinition ?? {}
  const explained = await io.log.group('Why the deployment failed', async () => {
    // What the work abandoned at the deadline says later is not shown.
    let open = true
    const log = whileOpen(io.log, () => open)
    try {
      return await byDeadline(EXPLAIN_WITHIN_MS, () =>
        explainFailure(io.ecs, log, {
          cluster: s.cluster,
          service: s.service,
          deploymentId: watched.deploymentId,
          seen: watched.snapshot?.service,
          since: new Date(r.startedAt),
          logTails: { logs: io.logs, definition, count: s.logLines, region: io.region }
        })
      )
    } catch (error) {
      if (!isDeadlineReached(error)) throw error
      open = false
      io.log.warning(
        `Could not read why the deployment failed: AWS had not answered after ${EXPLAIN_WITHIN_MS / 1000} s.`
      )
      return undefined
    }
  })
  return add(r, { diagnosis: explained, logTails: explained?.logTails })
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
