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
  summary: (markdown: string) => Promise<void>,
  afterSuccess = false
): Promise<boolean> {
  const to = get(STATE.putBackTo)
  if (to === '') return false
  const service = get(STATE.service)
  try {
    const how = await putBackBy(aws, get, to, afterSuccess)
    if (how === undefined) {
      log.warning(
        `rollback-on-cancel: ${service} succeeded through a deployment that cannot be undone from here (${get(STATE.putBackKind)}); put it back to ${to} by hand (mode: rollback).`,
        'Rollback after the cancel failed'
      )
      return false
    }
    const message = `rollback-on-cancel: ${service} is being put back to ${to} (${how}). ECS carries it out without this job.`
    log.warning(message, 'Rolled back after the cancel')
    await summary(`### ↩️ ${service} put back after the cancel\n\n${message}\n`)
    return true
  } catch (error) {
    log.warning(
      `rollback-on-cancel: ${service} could not be put back to ${to}: ${describeError(error)}. Roll it back by hand (mode: rollback).`,
      'Rollback after the cancel failed'
    )
    return false
  }
}

/**
 * The kind saved by name puts the deployment back its way (a rollout in progress), or the
 * revision before back (a release's service that had succeeded); says how, undefined when the
 * kind cannot after a success.
 */
async function putBackBy(
  aws: Pick<AwsConnection, 'ecs' | 'client'>,
  get: (name: string) => string,
  to: string,
  afterSuccess: boolean
): Promise<string | undefined> {
  const { kindNamed } = await import('../../engine/kinds/index.js')
  const name = get(STATE.putBackKind)
  const kind = kindNamed(name)
  if (kind === undefined) throw new Error(`no kind of deployment named "${name}" puts it back`)
  const putBack = afterSuccess ? kind.putBackAfterSuccess : kind.putBackOnCancel
  if (putBack === undefined) {
    if (afterSuccess) return undefined
    throw new Error(`the ${name} deployment cannot be put back from the post step`)
  }
  return putBack(aws, {
    cluster: get(STATE.cluster),
    service: get(STATE.service),
    deploymentId: get(STATE.deploymentId),
    taskDefinitionArn: to
  })
}
