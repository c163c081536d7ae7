import type { AwsConnection } from '../../aws/connection.js'
import { describeError } from '../../aws/errors.js'
import { STATE } from '../../engine/post-state.js'
import type { Log } from '../../shared/log.js'

/*
 * rollback-on-cancel: when the job was cancelled mid-rollout, the post step puts back the revision
 * that ran before, through the kind of deployment the main step saved by name (kinds/index.ts):
 * on a rolling update with UpdateService; on a deployment ECS runs itself (blue/green, linear,
 * canary, Express) with StopServiceDeployment ROLLBACK, never a second UpdateService; on a
 * CodeDeploy deployment with StopDeployment, autoRollbackEnabled. The rollback is started, not
 * watched: the job is gone. The kinds are loaded only then.
 */
export async function putBackOnCancel(
  aws: Pick<AwsConnection, 'ecs' | 'client'>,
  get: (name: string) => string,
  log: Pick<Log, 'warning'>,
  summary: (markdown: string) => Promise<void>
): Promise<void> {
  const to = get(STATE.putBackTo)
  if (to === '') return
  const service = get(STATE.service)
  try {
    const how = await putBackBy(aws, get, to)
    const message = `rollback-on-cancel: ${service} is being put back to ${to} (${how}). ECS carries it out without this job.`
    log.warning(message, 'Rolled back after the cancel')
    await summary(`### ↩️ ${service} put back after the cancel\n\n${message}\n`)
  } catch (error) {
    log.warning(
      `rollback-on-cancel: ${service} could not be put back to ${to}: ${describeError(error)}. Roll it back by hand (mode: rollback).`,
      'Rollback after the cancel failed'
    )
  }
}

/** The kind saved by name puts the deployment back its way; says how. */
async function putBackBy(
  aws: Pick<AwsConnection, 'ecs' | 'client'>,
  get: (name: string) => string,
  to: string
): Promise<string> {
  const { kindNamed } = await import('../../engine/kinds/index.js')
  const name = get(STATE.putBackKind)
  const putBack = kindNamed(name)?.putBackOnCancel
  if (putBack === undefined) throw new Error(`no kind of deployment named "${name}" puts it back`)
  return putBack(aws, {
    cluster: get(STATE.cluster),
    service: get(STATE.service),
    deploymentId: get(STATE.deploymentId),
    taskDefinitionArn: to
  })
}
