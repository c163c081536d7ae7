import { CodeDeployApi } from '../../aws/codedeploy.js'
import type { AwsConnection } from '../../aws/connection.js'
import type { EcsApi } from '../../aws/ecs/ecs.js'
import { describeError } from '../../aws/errors.js'
import { STATE } from '../../engine/post-state.js'
import type { Log } from '../../shared/log.js'

/*
 * rollback-on-cancel: when the job was cancelled mid-rollout, the post step puts back the revision
 * that ran before: on a rolling update with UpdateService; on a deployment ECS runs itself
 * (blue/green, linear, canary) with StopServiceDeployment ROLLBACK, which "rolls back the service
 * deployment to the previous service revision" (ECS API Reference, StopServiceDeployment), never
 * a second UpdateService; on a CodeDeploy deployment with StopDeployment, autoRollbackEnabled
 * ("whether instances that have been updated should be rolled back to the previous version",
 * CodeDeploy API Reference). The rollback is started, not watched: the job is gone.
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

function putBackBy(
  aws: Pick<AwsConnection, 'ecs' | 'client'>,
  get: (name: string) => string,
  to: string
): Promise<string> {
  const [cluster, service] = [get(STATE.cluster), get(STATE.service)]
  switch (get(STATE.putBackThrough)) {
    case 'ecs':
      return stopThroughEcs(aws.ecs, cluster, service)
    case 'codedeploy':
      return stopThroughCodeDeploy(aws.client(CodeDeployApi), get(STATE.deploymentId))
    default:
      return updateBack(aws.ecs, cluster, service, to)
  }
}

async function stopThroughCodeDeploy(codedeploy: CodeDeployApi, deploymentId: string) {
  await codedeploy.stopDeployment(deploymentId, true)
  return `StopDeployment of ${deploymentId} with autoRollbackEnabled`
}

async function updateBack(ecs: EcsApi, cluster: string, service: string, to: string) {
  const answered = await ecs.updateService({
    cluster,
    service,
    taskDefinition: to,
    forceNewDeployment: false
  })
  const id = answered.deployments?.find(d => d.status === 'PRIMARY')?.id ?? 'unknown'
  return `UpdateService, deployment ${id}`
}

async function stopThroughEcs(ecs: EcsApi, cluster: string, service: string) {
  const ongoing = await ecs.listServiceDeployments(cluster, service, {
    status: ['PENDING', 'IN_PROGRESS']
  })
  const newest = ongoing
    .filter(b => b.serviceDeploymentArn !== undefined)
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0]
  if (newest?.serviceDeploymentArn === undefined)
    throw new Error('no service deployment is under way')
  await ecs.rollBackServiceDeployment(newest.serviceDeploymentArn)
  return `StopServiceDeployment ROLLBACK of ${newest.serviceDeploymentArn}`
}
