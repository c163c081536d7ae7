import type { ECSTarget } from '@aws-sdk/client-codedeploy'
import type { CodeDeployApi } from '../../../aws/codedeploy.js'
import { errorName, isAccessDenied } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import { warnIfDenied } from '../../common/permissions.js'
import type { CodeDeployPoll, CodeDeployRead } from './snapshot.js'

/*
 * One poll of a CodeDeploy deployment: GetDeployment, then GetDeploymentTarget of the service
 * (target id "<clustername>:<servicename>", as the ECS Developer Guide's tutorial calls
 * get-deployment-target) once the deployment has started: "DeploymentNotStartedException: The
 * specified deployment has not started." (GetDeploymentTarget) while it is Created or Queued. A
 * rollback watch reads the deployment until it names its rollback deployment
 * (rollbackInfo.rollbackDeploymentId), then reads that one, in the same poll.
 */

export interface PollerOptions {
  /** ECSTarget.targetId of the service. */
  readonly targetId: string
  /** Follow the rollback deployment CodeDeploy starts for ours. */
  readonly rollback: boolean
}

type Poll = (deploymentIds: readonly string[]) => Promise<CodeDeployPoll>

export function createCodeDeployPoller(
  api: CodeDeployApi,
  o: PollerOptions,
  log: Pick<Log, 'warning'>
): Poll {
  let targets = true
  let ours: CodeDeployRead | undefined

  const target = async (id: string): Promise<ECSTarget | undefined> => {
    if (!targets) return undefined
    try {
      return await api.getEcsTarget(id, o.targetId)
    } catch (error) {
      if (errorName(error) === 'DeploymentNotStartedException') return undefined
      if (!isAccessDenied(error)) throw error
      targets = false
      const without =
        'The watch goes on with GetDeployment alone: no lifecycle events, traffic or hook diagnostics.'
      warnIfDenied(log, error, 'codedeploy:GetDeploymentTarget', '*', without)
      return undefined
    }
  }
  const read = async (id: string): Promise<CodeDeployRead> => {
    const deployment = await api.getDeployment(id)
    const started = deployment.status !== 'Created' && deployment.status !== 'Queued'
    return { deployment, target: started ? await target(id) : undefined }
  }

  return async ids => {
    const id = ids[0] as string
    if (!o.rollback) return { codeDeploy: await read(id) }
    const known = ids[1] ?? ours?.deployment.rollbackInfo?.rollbackDeploymentId
    if (known === undefined || ours === undefined) ours = await read(id)
    const rollbackId = known ?? ours.deployment.rollbackInfo?.rollbackDeploymentId
    const rollback = rollbackId === undefined ? undefined : await read(rollbackId)
    return { codeDeploy: { ...ours, rollback } }
  }
}
