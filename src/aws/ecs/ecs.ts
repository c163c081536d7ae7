import {
  ContinueServiceDeploymentCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  RunTaskCommand,
  StopTaskCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type DeploymentLifecycleHookAction,
  type RegisterTaskDefinitionCommandInput,
  type RunTaskCommandInput,
  type Failure,
  type Service,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
  type ServiceDeploymentStatus,
  type ServiceRevision,
  type Tag,
  type Task,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { EcsClustersApi } from './clusters.js'
import { EcsExpressApi } from './express.js'

/** A task definition together with its tags, as DescribeTaskDefinition returns them. */
export interface TaskDefinitionWithTags {
  readonly taskDefinition: TaskDefinition
  readonly tags: Tag[]
}

export interface UpdateServiceRequest {
  readonly cluster: string
  readonly service: string
  readonly taskDefinition: string
  readonly desiredCount?: number | undefined
  readonly forceNewDeployment: boolean
}

/**
 * Thin, typed wrapper on the ECS client: one method per call the suite makes, each returning
 * the part of the answer we use. No logic beyond unwrapping.
 */
export class EcsApi {
  private expressApi: EcsExpressApi | undefined
  private clustersApi: EcsClustersApi | undefined

  constructor(protected readonly client: Pick<ECSClient, 'send'>) {}

  /** The Express Mode calls (ecs-express.ts), on the same client. */
  get express(): EcsExpressApi {
    this.expressApi ??= new EcsExpressApi(this.client)
    return this.expressApi
  }

  /** The calls across the account's clusters (clusters.ts), on the same client. */
  get clusters(): EcsClustersApi {
    this.clustersApi ??= new EcsClustersApi(this.client)
    return this.clustersApi
  }

  async describeService(cluster: string, service: string): Promise<Service> {
    const { found, reason } = await this.lookUpService(cluster, service)
    if (found === undefined) throw serviceNotFound(cluster, service, reason)
    return found
  }

  /** The service, or undefined when DescribeServices reports it missing (a failure, not an error). */
  async findService(cluster: string, service: string): Promise<Service | undefined> {
    return (await this.lookUpService(cluster, service)).found
  }

  private async lookUpService(cluster: string, service: string) {
    const out = await this.client.send(
      new DescribeServicesCommand({ cluster, services: [service] })
    )
    return { found: out.services?.[0], reason: out.failures?.[0]?.reason ?? 'MISSING' }
  }

  async describeTaskDefinition(taskDefinition: string): Promise<TaskDefinitionWithTags> {
    const out = await this.client.send(
      new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] })
    )
    if (out.taskDefinition === undefined)
      throw new Error(`Task definition ${taskDefinition} not found.`)
    return { taskDefinition: out.taskDefinition, tags: out.tags ?? [] }
  }

  async registerTaskDefinition(input: RegisterTaskDefinitionCommandInput): Promise<TaskDefinition> {
    const out = await this.client.send(new RegisterTaskDefinitionCommand(input))
    if (out.taskDefinition?.taskDefinitionArn === undefined) {
      throw new Error('RegisterTaskDefinition returned no task definition ARN.')
    }
    return out.taskDefinition
  }

  async updateService(request: UpdateServiceRequest): Promise<Service> {
    const out = await this.client.send(
      new UpdateServiceCommand({
        cluster: request.cluster,
        service: request.service,
        taskDefinition: request.taskDefinition,
        forceNewDeployment: request.forceNewDeployment,
        ...(request.desiredCount !== undefined ? { desiredCount: request.desiredCount } : {})
      })
    )
    if (out.service === undefined) throw new Error('UpdateService returned no service.')
    return out.service
  }

  /** Tasks a deployment started that have stopped (ECS sets startedBy to the deployment id). */
  async listStoppedTasks(cluster: string, startedBy: string): Promise<string[]> {
    const out = await this.client.send(
      new ListTasksCommand({ cluster, startedBy, desiredStatus: 'STOPPED', maxResults: 100 })
    )
    return out.taskArns ?? []
  }

  async describeTasks(cluster: string, tasks: string[]): Promise<Task[]> {
    if (tasks.length === 0) return []
    const out = await this.client.send(
      new DescribeTasksCommand({ cluster, tasks: tasks.slice(0, 100) })
    )
    return out.tasks ?? []
  }

  async tagResource(resourceArn: string, tags: Tag[]): Promise<void> {
    await this.client.send(new TagResourceCommand({ resourceArn, tags }))
  }

  async listTags(resourceArn: string): Promise<Tag[]> {
    const out = await this.client.send(new ListTagsForResourceCommand({ resourceArn }))
    return out.tags ?? []
  }

  /** ACTIVE revisions of a family, newest first (one page of up to 100). */
  async listTaskDefinitions(family: string): Promise<string[]> {
    const out = await this.client.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: family,
        status: 'ACTIVE',
        sort: 'DESC',
        maxResults: 100
      })
    )
    return out.taskDefinitionArns ?? []
  }

  /** Every ACTIVE revision of a family, newest first (every page). */
  async listActiveRevisions(family: string): Promise<string[]> {
    const arns: string[] = []
    let nextToken: string | undefined
    do {
      const out = await this.client.send(
        new ListTaskDefinitionsCommand({
          familyPrefix: family,
          status: 'ACTIVE',
          sort: 'DESC',
          maxResults: 100,
          ...(nextToken ? { nextToken } : {})
        })
      )
      arns.push(...(out.taskDefinitionArns ?? []))
      nextToken = out.nextToken
    } while (nextToken)
    return arns
  }

  /** Marks a revision INACTIVE; returns it as ECS answered. */
  async deregisterTaskDefinition(taskDefinition: string): Promise<TaskDefinition | undefined> {
    const out = await this.client.send(new DeregisterTaskDefinitionCommand({ taskDefinition }))
    return out.taskDefinition
  }

  /** The tasks of a family on a cluster whose desired status is RUNNING (pending or running). */
  async listRunningTasks(cluster: string, family: string): Promise<string[]> {
    const arns: string[] = []
    let nextToken: string | undefined
    do {
      const out = await this.client.send(
        new ListTasksCommand({
          cluster,
          family,
          desiredStatus: 'RUNNING',
          maxResults: 100,
          ...(nextToken ? { nextToken } : {})
        })
      )
      arns.push(...(out.taskArns ?? []))
      nextToken = out.nextToken
    } while (nextToken)
    return arns
  }

  /** One page of the service's deployments, filtered by creation time and status. */
  async listServiceDeployments(
    cluster: string,
    service: string,
    filter: { createdAfter?: Date; status?: ServiceDeploymentStatus[] } = {}
  ): Promise<ServiceDeploymentBrief[]> {
    const out = await this.client.send(
      new ListServiceDeploymentsCommand({
        cluster,
        service,
        ...(filter.createdAfter ? { createdAt: { after: filter.createdAfter } } : {}),
        ...(filter.status ? { status: filter.status } : {})
      })
    )
    return out.serviceDeployments ?? []
  }

  async describeServiceDeployment(arn: string): Promise<ServiceDeployment | undefined> {
    const out = await this.client.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
    )
    return out.serviceDeployments?.[0]
  }

  /** A service revision: the task definition (and more) a service deployment rolls out. */
  async describeServiceRevision(arn: string): Promise<ServiceRevision | undefined> {
    const out = await this.client.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [arn] })
    )
    return out.serviceRevisions?.[0]
  }

  /** Asks ECS to stop a service deployment and roll it back to the revision that ran before. */
  async rollBackServiceDeployment(serviceDeploymentArn: string): Promise<void> {
    await this.client.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' })
    )
  }

  /** Answers a PAUSE hook of a service deployment: go on (CONTINUE) or roll back (ROLLBACK). */
  async continueServiceDeployment(
    serviceDeploymentArn: string,
    hookId: string,
    action: DeploymentLifecycleHookAction
  ): Promise<void> {
    await this.client.send(
      new ContinueServiceDeploymentCommand({ serviceDeploymentArn, hookId, action })
    )
  }

  /** Starts a standalone task: the task ECS placed, or the failures that kept it from placing one. */
  async runTask(
    input: RunTaskCommandInput
  ): Promise<{ task: Task | undefined; failures: Failure[] }> {
    const out = await this.client.send(new RunTaskCommand(input))
    return { task: out.tasks?.[0], failures: out.failures ?? [] }
  }

  async stopTask(cluster: string, task: string, reason: string): Promise<Task | undefined> {
    const out = await this.client.send(new StopTaskCommand({ cluster, task, reason }))
    return out.task
  }
}

/** The error of a service DescribeServices does not know. */
export function serviceNotFound(cluster: string, service: string, reason = 'MISSING'): Error {
  return new Error(
    `Service "${service}" was not found in cluster "${cluster}" (${reason}). Check the service and cluster inputs and the region.`
  )
}
