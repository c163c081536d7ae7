import type { Deployment } from '@aws-sdk/client-ecs'
import type { Context } from '../../deps.js'
import type { StartRequest, Started } from '../../kinds/kind.js'
import { shortArn } from '../../common/task-definition-arn.js'

/*
 * How a deployment starts on a service of the ECS deployment controller: UpdateService with the
 * revision. The answer names our deployment (PRIMARY, by id); from here on a rollout exists,
 * whatever follows.
 */

export async function updateService(x: Context, req: StartRequest): Promise<Started> {
  const { s, io } = x
  const service = await io.log.group(`Update service ${s.service}`, () =>
    io.ecs.updateService({
      cluster: s.cluster,
      service: s.service,
      taskDefinition: req.taskDefinitionArn,
      desiredCount: req.desiredCount,
      forceNewDeployment: req.forceNewDeployment
    })
  )
  const primary = service.deployments?.find(d => d.status === 'PRIMARY')
  const problem = problemOf(primary, req.taskDefinitionArn)
  if (problem === undefined) {
    io.log.info(
      `Service updated to ${shortArn(req.taskDefinitionArn)}: ${req.label} ${primary?.id}.`
    )
  }
  return {
    service,
    problem,
    target: {
      deploymentId: primary?.id ?? '',
      taskDefinitionArn: req.taskDefinitionArn,
      previousTaskDefinitionArn: req.previousTaskDefinitionArn,
      maxFailedTasks: s.maxFailedTasks,
      createdAt: primary?.createdAt
    }
  }
}

/** What makes UpdateService's answer unusable for the watch. */
function problemOf(primary: Deployment | undefined, arn: string): string | undefined {
  if (primary?.id === undefined) return 'UpdateService answered without a PRIMARY deployment.'
  if (primary.taskDefinition !== undefined && primary.taskDefinition !== arn) {
    return `UpdateService answered with PRIMARY deployment ${primary.id} on ${primary.taskDefinition}, not ${arn}.`
  }
  return undefined
}
