import type { Context } from '../../deps.js'
import { quoteLine } from '../../phases/explain/log-tail.js'
import type { WatchResult } from '../../phases/watch/loop.js'
import { diagnosticsOf, failedEvent } from './describe.js'
import { codeDeployOf } from './snapshot.js'

/*
 * What only CodeDeploy can tell of a failure: the failed lifecycle event with its hook's
 * diagnostics (errorCode, scriptName, message, and logTail: "The last portion of the diagnostic
 * log. If available, CodeDeploy returns up to the last 4 KB of the diagnostic log.", API
 * Reference, Diagnostics). The stopped tasks are then read as on the ECS path, by the
 * replacement task set: its tasks carry its id in startedBy, and "If an CodeDeploy deployment
 * created a task set, the externalId parameter contains the CodeDeploy deployment ID." (ECS API
 * Reference, TaskSet)
 */
export async function explainCodeDeploy(x: Context, result: WatchResult): Promise<string[]> {
  const { io } = x
  const cd = codeDeployOf(result.kindView)
  const e = failedEvent(cd?.target)
  const diagnostics = e?.diagnostics
  if (e !== undefined && diagnostics !== undefined) {
    io.log.error(
      `Lifecycle event ${e.lifecycleEventName ?? '?'} ${e.status ?? '?'}${diagnosticsOf(e)}`,
      'Lifecycle hook failed'
    )
    const script = diagnostics.scriptName ?? 'hook'
    const tail = (diagnostics.logTail ?? '').split(/\r?\n/).filter(line => line !== '')
    if (tail.length > 0) io.log.info(`Log tail of ${script} (CodeDeploy's diagnostics):`)
    for (const line of tail) io.log.info(quoteLine(script, line))
  }
  const green = (cd?.target?.taskSetsInfo ?? [])
    .filter(t => t.taskSetLabel === 'Green' && t.identifer !== undefined)
    .map(t => t.identifer as string)
  if (green.length > 0) return green
  return replacementTaskSets(x, cd?.deployment.deploymentId ?? result.deploymentId)
}

/** The task sets CodeDeploy created for the deployment, from DescribeServices (best effort). */
async function replacementTaskSets({ s, io }: Context, deploymentId: string): Promise<string[]> {
  try {
    const service = await io.ecs.describeService(s.cluster, s.service)
    return (service.taskSets ?? [])
      .filter(t => t.externalId === deploymentId && t.id !== undefined)
      .map(t => t.id as string)
  } catch {
    return []
  }
}
