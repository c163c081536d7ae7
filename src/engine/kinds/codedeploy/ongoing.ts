import type { Service } from '@aws-sdk/client-ecs'
import type { Context } from '../../deps.js'
import type { CurrentService } from '../../phases/read-service/current-service.js'
import type { Ongoing, OngoingDeployments, RolledBack } from '../kind.js'
import { codeDeployApi, ecsServiceOf, findDeploymentGroup } from './group.js'
import { isActive } from './judge.js'
import { stopWithRollback } from './roll-back.js'
import { codeDeployOf, type CodeDeploySnapshot } from './snapshot.js'

/*
 * A CodeDeploy deployment already under way (rollback and continue modes), found read-only: the
 * deployment group's lastAttemptedDeployment, "Information about the most recent attempted
 * deployment to the deployment group." (DeploymentGroupInfo), while it is active. Its revisions
 * are read from the service's task sets: "If an CodeDeploy deployment created a task set, the
 * externalId parameter contains the CodeDeploy deployment ID." (ECS API Reference, TaskSet)
 * - mode continue: ContinueDeployment READY_WAIT on a deployment waiting at Ready ("For a
 *   blue/green deployment, starts the process of rerouting traffic [...] without waiting for a
 *   specified wait time to elapse.").
 * - mode rollback: StopDeployment with autoRollbackEnabled, its rollback watched to its end.
 */

export function codeDeployOngoing(service: Service): OngoingDeployments {
  return {
    find: findCodeDeploy,
    continue: continueAtReady,
    rollBack: (x, ongoing, deadline) => rollBackOngoing(x, ongoing, deadline, service)
  }
}

async function findCodeDeploy(x: Context, current: CurrentService): Promise<Ongoing | undefined> {
  const where = ecsServiceOf(current.service, { cluster: x.s.cluster, service: x.s.service })
  const group = await findDeploymentGroup(x, where)
  const id = group.info.lastAttemptedDeployment?.deploymentId
  if (id === undefined) return undefined
  const deployment = await codeDeployApi(x.io).getDeployment(id)
  if (!isActive(deployment)) return undefined
  const sets = current.service.taskSets ?? []
  const replacement = sets.find(t => t.externalId === id)
  const original =
    sets.find(t => t !== replacement && t.status === 'PRIMARY') ?? sets.find(t => t !== replacement)
  return {
    id,
    state: `CodeDeploy deployment ${id} is ${deployment.status ?? '?'} in ${group.application}/${group.name}.`,
    kindView: { deployment } satisfies CodeDeploySnapshot,
    target: {
      deploymentId: id,
      taskDefinitionArn: replacement?.taskDefinition ?? 'unknown',
      previousTaskDefinitionArn: original?.taskDefinition,
      maxFailedTasks: 0,
      createdAt: deployment.createTime
    }
  }
}

async function continueAtReady(
  { s, io }: Context,
  ongoing: Ongoing | undefined
): Promise<{ readonly hookId: string } | 'dry-run'> {
  const d = codeDeployOf(ongoing?.kindView)?.deployment
  if (ongoing === undefined || d?.status !== 'Ready') {
    throw new Error(
      `No CodeDeploy deployment of service ${s.service} waits at Ready: nothing to continue.${d ? ` Deployment ${ongoing?.id} is ${d.status}.` : ''} Nothing was changed.`
    )
  }
  const id = ongoing.id
  if (s.dryRun) {
    io.log.info(`dry-run: deployment ${id}, waiting at Ready, is not continued.`)
    return 'dry-run'
  }
  await io.log.group('Continue the deployment waiting at Ready', async () => {
    await codeDeployApi(io).continueDeployment(id)
    io.log.info(
      `Asked CodeDeploy to continue deployment ${id} (ContinueDeployment, READY_WAIT): production traffic moves to the replacement task set.`
    )
  })
  return { hookId: id }
}

function rollBackOngoing(
  x: Context,
  ongoing: Ongoing,
  deadline: number,
  service: Service
): Promise<RolledBack | undefined> {
  const started = { target: ongoing.target, service }
  return stopWithRollback(x, started, ongoing.target.previousTaskDefinitionArn, deadline)
}
