import type { ServiceDeploymentBrief } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../../../aws/ecs.js'
import { describeError, isRetryableAwsError } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import { warnIfDenied } from '../../common/permissions.js'
import type { RolloutSnapshot } from './verdict.js'

export interface PollerOptions {
  readonly cluster: string
  readonly service: string
  /** The task definition our deployment runs: our service deployment targets it. */
  readonly taskDefinitionArn: string
  /** When ECS created our deployment; our service deployment is not older. */
  readonly createdAt: Date | undefined
  /** Count our stopped tasks with ListTasks (the limit max-failed-tasks applies). */
  readonly countStoppedTasks: boolean
  /** Our service deployment, when already known (no need to find it in the list). */
  readonly serviceDeploymentArn?: string | undefined
}

/** Service deployments created this long before our deployment still count as created with it. */
const CREATED_WITH_MS = 1_000

/**
 * Makes the poll function of a watch. Each poll calls DescribeServices. Where ECS answers the
 * service-deployment API, it also reads our service deployment, which tells of ECS's own
 * rollbacks exactly: the one that targets our revision and was created no earlier than our
 * deployment (never "the nearest"); until a list shows it, none is used. Where the limit on
 * failed tasks applies, it counts our stopped tasks (ListTasks). A refused call is announced
 * (the missing permission and the resource) and the watch goes on without it.
 */
export function createRolloutPoller(
  ecs: EcsApi,
  o: PollerOptions,
  log: Pick<Log, 'info' | 'warning'>
): (deploymentIds: readonly string[]) => Promise<RolloutSnapshot> {
  let arn: string | undefined = o.serviceDeploymentArn
  let useServiceDeployments = true
  let countTasks = o.countStoppedTasks
  const taskDefinitionOf = new Map<string, string | undefined>()

  const giveUpServiceDeployments = (error: unknown, action: string, resource: string) => {
    if (isRetryableAwsError(error)) throw error
    useServiceDeployments = false
    const without =
      "The watch goes on with DescribeServices alone, which sees ECS's own rollbacks less exactly."
    if (!warnIfDenied(log, error, action, resource, without)) {
      log.info(
        `${action.replace('ecs:', '')} is not available here (${describeError(error)}); watching with DescribeServices.`
      )
    }
  }

  async function findOurs(createdAt: Date, serviceArn: string): Promise<string | undefined> {
    let briefs: ServiceDeploymentBrief[]
    try {
      briefs = await ecs.listServiceDeployments(o.cluster, o.service, {
        createdAfter: new Date(createdAt.getTime() - CREATED_WITH_MS)
      })
    } catch (error) {
      giveUpServiceDeployments(error, 'ecs:ListServiceDeployments', serviceArn)
      return undefined
    }
    const candidates = briefs
      .filter(b => b.createdAt !== undefined && b.serviceDeploymentArn !== undefined)
      .filter(b => b.createdAt!.getTime() >= createdAt.getTime() - CREATED_WITH_MS)
      .sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime())
    for (const brief of candidates) {
      const revision = brief.targetServiceRevisionArn
      if (revision === undefined) continue
      if (!taskDefinitionOf.has(revision)) {
        try {
          taskDefinitionOf.set(
            revision,
            (await ecs.describeServiceRevision(revision))?.taskDefinition
          )
        } catch (error) {
          giveUpServiceDeployments(error, 'ecs:DescribeServiceRevisions', revision)
          return undefined
        }
      }
      if (taskDefinitionOf.get(revision) === o.taskDefinitionArn) return brief.serviceDeploymentArn
    }
    return undefined
  }

  async function countStopped(
    ids: readonly string[],
    clusterArn: string
  ): Promise<number | undefined> {
    if (!countTasks) return undefined
    try {
      let n = 0
      for (const id of ids) n += (await ecs.listStoppedTasks(o.cluster, id)).length
      return n
    } catch (error) {
      if (isRetryableAwsError(error)) throw error
      countTasks = false
      const without =
        "Failed tasks are then counted from the deployment's failedTasks, which ECS resets once a task runs."
      if (!warnIfDenied(log, error, 'ecs:ListTasks', clusterArn, without)) {
        log.warning(`ListTasks failed (${describeError(error)}). ${without}`)
      }
      return undefined
    }
  }

  return async ids => {
    const described = await ecs.describeService(o.cluster, o.service)
    const serviceArn = described.serviceArn ?? `${o.cluster}/${o.service}`
    const ours = described.deployments?.find(d => d.id !== undefined && ids.includes(d.id))
    const stoppedTasks = await countStopped(ids, described.clusterArn ?? o.cluster)
    const snapshot = (extra: Partial<RolloutSnapshot> = {}): RolloutSnapshot => ({
      service: described,
      ...(stoppedTasks !== undefined ? { stoppedTasks } : {}),
      ...extra
    })
    if (!useServiceDeployments) return snapshot()
    if (arn === undefined) {
      const createdAt = o.createdAt ?? ours?.createdAt
      if (createdAt === undefined) return snapshot()
      arn = await findOurs(createdAt, serviceArn)
      if (arn === undefined) return snapshot()
      log.info(`Watching service deployment ${arn}.`)
    }
    try {
      return snapshot({ serviceDeployment: await ecs.describeServiceDeployment(arn) })
    } catch (error) {
      giveUpServiceDeployments(error, 'ecs:DescribeServiceDeployments', arn)
      return snapshot()
    }
  }
}
