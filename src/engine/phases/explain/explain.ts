import { add, currentOf, kindOf, type Phase } from '../../record.js'
import { explainFailure } from './diagnose.js'

/*
 * Why a rollout failed, down to the log line: what only the kind can tell (CodeDeploy: the failed
 * lifecycle event and its hook's diagnostics), the stopped tasks of our deployment with their
 * exit codes, the containers' last log lines, and the service events since the deploy began.
 * Best effort: a read that fails is a warning.
 */
export const explainFailurePhase: Phase = async (r, x) => {
  const { s, io } = x
  if (r.verdict?.status !== 'failed' || r.watched === undefined) return r
  const watched = r.watched
  const explain = kindOf(r).explain
  const definition =
    r.started?.definition ?? r.prepared?.definition ?? currentOf(r).taskDefinition ?? {}
  const explained = await io.log.group('Why the deployment failed', async () =>
    explainFailure(io.ecs, io.log, {
      cluster: s.cluster,
      service: s.service,
      startedBy: explain ? await explain(x, watched) : [watched.deploymentId],
      seen: watched.snapshot?.service,
      since: new Date(r.startedAt),
      logTails: { logs: io.logs, definition, count: s.logLines, region: io.region }
    })
  )
  return add(r, { diagnosis: explained, logTails: explained?.logTails })
}
