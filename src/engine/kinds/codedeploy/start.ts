import type { Service } from '@aws-sdk/client-ecs'
import { shortArn } from '../../common/task-definition-arn.js'
import type { Context } from '../../deps.js'
import type { Started, StartRequest } from '../kind.js'
import { type AppSpec, appSpecContent, withTaskDefinition } from './appspec.js'
import { codeDeployApi, type DeploymentGroup } from './group.js'

/*
 * How a deployment starts on a service of the CODE_DEPLOY controller: CreateDeployment with the
 * AppSpec as an AppSpecContent revision ({content, sha256}), never UpdateService with a task
 * definition ("If the network configuration, platform version, task definition, or load balancer
 * need to be updated, create a new CodeDeploy deployment.", ECS API Reference, UpdateService).
 * deploymentConfigName: "If not specified, the value configured in the deployment group is used
 * as the default." (CreateDeployment)
 */

export interface CodeDeployStart {
  readonly group: Pick<DeploymentGroup, 'application' | 'name'>
  readonly appSpec: AppSpec
  /** The service as read; a CodeDeploy deployment changes nothing of it at once. */
  readonly service: Service
}

export async function createDeployment(
  { s, io }: Context,
  start: CodeDeployStart,
  req: StartRequest
): Promise<Started> {
  const { application, name } = start.group
  const revision = appSpecContent(withTaskDefinition(start.appSpec, req.taskDefinitionArn))
  const at = io.now()
  const deploymentId = await io.log.group(
    `Create a CodeDeploy deployment in ${application}/${name}`,
    async () => {
      const id = await codeDeployApi(io).createDeployment({
        application,
        deploymentGroup: name,
        ...revision,
        deploymentConfig: s.codeDeploy.deploymentConfig,
        description: s.codeDeploy.description
      })
      io.log.info(
        `CodeDeploy ${req.label} ${id} of ${shortArn(req.taskDefinitionArn)} started (AppSpec sha256 ${revision.sha256}): https://${io.region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${id}?region=${io.region}`
      )
      return id
    }
  )
  return {
    service: start.service,
    target: {
      deploymentId,
      taskDefinitionArn: req.taskDefinitionArn,
      previousTaskDefinitionArn: req.previousTaskDefinitionArn,
      maxFailedTasks: 0,
      createdAt: new Date(at)
    }
  }
}
