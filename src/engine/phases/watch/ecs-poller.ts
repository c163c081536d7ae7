import type { Service, ServiceDeploymentBrief } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../../../aws/ecs/ecs.js'
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
  const poller = new ServicePoller(ecs, o, log)
  return ids => poller.poll(ids)
}

class ServicePoller {
  private arn: string | undefined
  /** The deployment whose service deployment `arn` is: ours, or the twin followed since. */
  private followed: string | undefined
  private useServiceDeployments = true
  private countTasks: boolean
  private readonly taskDefinitionOf = new Map<string, string | undefined>()

  constructor(
    private readonly ecs: EcsApi,
    private readonly o: PollerOptions,
    private readonly log: Pick<Log, 'info' | 'warning'>
  ) {
    this.arn = o.serviceDeploymentArn
    this.countTasks = o.countStoppedTasks
  }

  async poll(ids: readonly string[]): Promise<RolloutSnapshot> {
    const { o } = this
    const described = await this.ecs.describeService(o.cluster, o.service)
    const stoppedTasks = await this.countStopped(ids, described.clusterArn ?? o.cluster)
    const snapshot: RolloutSnapshot = {
      service: described,
      ...(stoppedTasks !== undefined ? { stoppedTasks } : {})
    }
    const arn = await this.ourServiceDeployment(ids, described)
    if (arn === undefined) return snapshot
    try {
      return { ...snapshot, serviceDeployment: await this.ecs.describeServiceDeployment(arn) }
    } catch (error) {
      this.giveUpServiceDeployments(error, 'ecs:DescribeServiceDeployments', arn)
      return snapshot
    }
  }

  /**
   * Our service deployment's ARN, once a list shows it; undefined until then, or without the API.
   * When the watch follows a twin, the twin's own service deployment is looked for anew: the first
   * one's record may read STOPPED while our revision runs on.
   */
  private async ourServiceDeployment(
    ids: readonly string[],
    described: Service
  ): Promise<string | undefined> {
    if (!this.useServiceDeployments) return undefined
    const last = ids[ids.length - 1]
    if (this.followed !== undefined && last !== this.followed) this.arn = undefined
    this.followed = last
    if (this.arn !== undefined) return this.arn
    const seen = described.deployments?.find(d => d.id === last)?.createdAt
    const createdAt = ids.length > 1 ? seen : (this.o.createdAt ?? seen)
    if (createdAt === undefined) return undefined
    const serviceArn = described.serviceArn ?? `${this.o.cluster}/${this.o.service}`
    this.arn = await this.findOurs(createdAt, serviceArn)
    if (this.arn !== undefined) this.log.info(`Watching service deployment ${this.arn}.`)
    return this.arn
  }

  private async findOurs(createdAt: Date, serviceArn: string): Promise<string | undefined> {
    const since = createdAt.getTime() - CREATED_WITH_MS
    let briefs: ServiceDeploymentBrief[]
    try {
      briefs = await this.ecs.listServiceDeployments(this.o.cluster, this.o.service, {
        createdAfter: new Date(since)
      })
    } catch (error) {
      this.giveUpServiceDeployments(error, 'ecs:ListServiceDeployments', serviceArn)
      return undefined
    }
    const candidates = briefs
      .filter(b => b.createdAt !== undefined && b.serviceDeploymentArn !== undefined)
      .filter(b => b.createdAt!.getTime() >= since)
      .sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime())
    for (const brief of candidates) {
      const taskDefinition = await this.revisionTaskDefinition(brief.targetServiceRevisionArn)
      if (taskDefinition === null) return undefined
      if (taskDefinition === this.o.taskDefinitionArn) return brief.serviceDeploymentArn
    }
    return undefined
  }

  /** The task definition a service revision runs; null when revisions cannot be read. */
  private async revisionTaskDefinition(revision: string | undefined) {
    if (revision === undefined) return undefined
    if (!this.taskDefinitionOf.has(revision)) {
      try {
        const described = await this.ecs.describeServiceRevision(revision)
        this.taskDefinitionOf.set(revision, described?.taskDefinition)
      } catch (error) {
        this.giveUpServiceDeployments(error, 'ecs:DescribeServiceRevisions', revision)
        return null
      }
    }
    return this.taskDefinitionOf.get(revision)
  }

  private giveUpServiceDeployments(error: unknown, action: string, resource: string): void {
    if (isRetryableAwsError(error)) throw error
    this.useServiceDeployments = false
    const without =
      "The watch goes on with DescribeServices alone, which sees ECS's own rollbacks less exactly."
    if (!warnIfDenied(this.log, error, action, resource, without)) {
      this.log.info(
        `${action.replace('ecs:', '')} is not available here (${describeError(error)}); watching with DescribeServices.`
      )
    }
  }

  private async countStopped(ids: readonly string[], clusterArn: string) {
    if (!this.countTasks) return undefined
    try {
      let n = 0
      for (const id of ids) n += (await this.ecs.listStoppedTasks(this.o.cluster, id)).length
      return n
    } catch (error) {
      if (isRetryableAwsError(error)) throw error
      this.countTasks = false
      const without =
        "Failed tasks are then counted from the deployment's failedTasks, which ECS resets once a task runs."
      if (!warnIfDenied(this.log, error, 'ecs:ListTasks', clusterArn, without)) {
        this.log.warning(`ListTasks failed (${describeError(error)}). ${without}`)
      }
      return undefined
    }
  }
}
