import { shortArn } from '../../common/task-definition-arn.js'
import type { Context } from '../../deps.js'
import type { Report, RollbackReport } from '../../phases/report/report.js'
import { rollbackWords } from '../../phases/report/summary.js'
import { deployRollbackTarget } from '../../phases/roll-back/last-good.js'
import { updateService } from '../../phases/start/update-service.js'
import { unknownRollback, type FailedRollout, type RolledBack, type WatchRequest } from '../kind.js'
import type { WatchResult } from '../../phases/watch/loop.js'

type Watch = (x: Context, w: WatchRequest) => Promise<WatchResult>

/**
 * A failed rolling update, put back with UpdateService to the last revision that succeeded, and
 * watched as a rollout of its own. Undefined (said in the log) when no revision is known good.
 */
export async function rollBackRolling(
  x: Context,
  failed: FailedRollout,
  watch: Watch
): Promise<RolledBack | undefined> {
  const { s, io } = x
  const where = { cluster: s.cluster, service: s.service }
  const ours = failed.started.target.taskDefinitionArn
  const previous = await deployRollbackTarget(io.ecs, io.log, where, failed.current, ours)
  if (previous === undefined) return undefined
  io.log.info(`Rolling back to ${shortArn(previous)}.`)
  let report: RollbackReport = { by: 'action', taskDefinitionArn: previous }
  try {
    const started = await updateService(x, {
      taskDefinitionArn: previous,
      previousTaskDefinitionArn: undefined,
      desiredCount: undefined,
      forceNewDeployment: false,
      label: 'rollback deployment'
    })
    const id = started.target.deploymentId
    report = { ...report, deploymentId: id }
    if (started.problem !== undefined) throw new Error(started.problem)
    io.post.watching({ ...where, region: io.region, deploymentId: id, taskDefinitionArn: previous })
    const back = await io.log.group(`Watch rollback deployment ${id}`, () =>
      watch(x, {
        started,
        watching: 'rollout',
        deadline: failed.deadline,
        what: `The rollout of ${id}`,
        answeredHooks: []
      })
    )
    io.log.info(`Rollback ${back.verdict.status}: ${back.verdict.reason}`)
    return { report: { ...report, deploymentId: back.deploymentId, verdict: back.verdict } }
  } catch (error) {
    return unknownRollback(io.log, report, error)
  }
}

/** ECS's circuit breaker rolled the service back by itself: said in the summary as such. */
export function circuitBreakerLine(r: Report): string | undefined {
  const back = r.rollback
  if (back === undefined || back.by === 'action') return undefined
  const { to, end } = rollbackWords(r, back)
  return `ECS's circuit breaker rolls the service back to ${to} itself; no second rollback was made. ECS's rollback: ${end}`
}
