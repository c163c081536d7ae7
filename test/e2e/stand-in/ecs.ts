import {
  ACCOUNT,
  AwsError,
  REGION,
  asRecord,
  asRecords,
  asString,
  asStrings,
  digits,
  epoch,
  fromEpoch,
  hex,
  upperAlnum
} from './wire.js'
import { type NativeScenario, StrategyModel } from './ecs-strategies.js'

/*
 * Amazon ECS as the stand-in plays it: task definitions (families, revisions, tags), services
 * with deployments, service events, stopped tasks and, where a scenario allows it, service
 * deployments and service revisions. Rollouts follow a script: each DescribeServices answer for a
 * service moves the rollout of its PRIMARY deployment one step on (optionally not before some
 * wall time). Each behaviour below quotes the AWS documentation it models; it is a model of ECS,
 * not of the code under test:
 *
 * - Reads lag writes (readLagMs). "The Amazon ECS API follows an eventual consistency model.
 *   This is because of the distributed nature of the system supporting the API. This means that
 *   the result of an API command you run that affects your Amazon ECS resources might not be
 *   immediately visible to all subsequent commands you run." (ECS API Reference, RunTask)
 * - failedTasks resets. Deployment.failedTasks: "The number of consecutively failed tasks in the
 *   deployment. [...] Once a service deployment has one or more successfully running tasks, the
 *   failed task count resets to zero and stops being evaluated." (ECS API Reference, Deployment)
 * - ECS duplicates a deployment (RolloutStep.duplicate): a new deployment id of the same task
 *   definition replaces ours. Deployment.status: "PRIMARY - The most recent deployment of a
 *   service." (ECS API Reference, Deployment). Stopped tasks keep "the deployment ID of the
 *   service that starts it" in startedBy (ECS API Reference, Task).
 * - ECS's rollbacks succeed or fail. "If rollback is on, when a service deployment fails, the
 *   service is rolled back to the last deployment that completed successfully."
 *   (DeploymentCircuitBreaker); service deployment states "Ongoing: IN_PROGRESS, STOP_REQUESTED,
 *   ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS; Completed: SUCCESSFUL, STOPPED,
 *   ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED" (Developer Guide, "View service history using Amazon
 *   ECS service deployments").
 * - Deployment controllers. "For services using the blue/green (CODE_DEPLOY) deployment
 *   controller, only the desired count, deployment configuration, [...] can be updated using this
 *   API. If the network configuration, platform version, task definition, or load balancer need
 *   to be updated, create a new CodeDeploy deployment." and "For services using an external
 *   deployment controller, [...] If the launch type, load balancer, network configuration,
 *   platform version, or task definition need to be updated, create a new task set."
 *   (ECS API Reference, UpdateService)
 * - ListServiceDeployments "returns the values that you use for the request parameters in
 *   DescribeServiceRevisions"; a service revision names its taskDefinition (ServiceRevision).
 * - Early success (rolling): "After this percentage of tasks is healthy and the bake time
 *   elapses, Amazon ECS completes the deployment. Amazon ECS continues to scale the target
 *   service revision to 100 percent in the background." (DeploymentEarlySuccessCriteria)
 * - Blue/green, linear and canary deployments: ecs-strategies.ts.
 */

/** A task of the rollout that stopped, as DescribeTasks will tell it. */
export interface StoppedTaskSpec {
  readonly stoppedReason: string
  readonly stopCode?: string
  readonly exitCode?: number
  readonly containerReason?: string
  readonly healthStatus?: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN'
  /** What its containers printed (to their awslogs streams, via EcsOptions.onTaskStopped). */
  readonly logLines?: readonly string[]
}

/** What happens at one poll of a rollout. */
export interface RolloutStep {
  /** Tasks of the new deployment running / pending after this step. */
  readonly running?: number
  readonly pending?: number
  /** Tasks of the new deployment that stopped at this step (failedTasks counts them). */
  readonly failTasks?: readonly StoppedTaskSpec[]
  /** Service events to add, without the "(service NAME) " prefix ECS puts in front. */
  readonly events?: readonly string[]
  /** The rollout reaches its steady state: COMPLETED, the old deployments drained. */
  readonly complete?: boolean
  /** The circuit breaker fails the deployment with this reason; ECS rolls back if set to. */
  readonly circuitBreaker?: string
  /** Someone else's UpdateService (a copy of this revision, registered anew) replaces it. */
  readonly supersede?: boolean
  /** Wall time (ms since the deployment began) before this step may apply. */
  readonly notBeforeMs?: number
  /**
   * ECS starts a second deployment of the same task definition (a new id) and drops this one;
   * the twin carries on with the rest of the script, in the same service deployment.
   */
  readonly duplicate?: boolean
  /** With circuitBreaker, the script ECS's own rollback deployment follows (default: succeeds). */
  readonly ecsRollback?: RolloutScript
  /** Early success criteria met: the service deployment SUCCESSFUL, more tasks still starting. */
  readonly earlySuccess?: boolean
}

export type RolloutScript = readonly RolloutStep[]

/** Ready-made scripts. Each entry of a script is one DescribeServices poll. */
export const rollouts = {
  /** Starts tasks, then completes at the given poll. */
  succeeds(desired: number, polls = 2): RolloutScript {
    const steps: RolloutStep[] = []
    for (let i = 1; i < polls; i++) {
      const running = Math.min(desired - 1, i)
      steps.push({ running, pending: desired - running })
    }
    return [...steps, { complete: true }]
  },
  /** Tasks that stop one per poll, while the rollout stays IN_PROGRESS (no circuit breaker). */
  failsTasks(tasks: readonly StoppedTaskSpec[]): RolloutScript {
    return [{ running: 0, pending: 1 }, ...tasks.map(task => ({ pending: 1, failTasks: [task] }))]
  },
  /** Tasks that stop, then the circuit breaker fails the deployment (ECS's rollback: `back`). */
  circuitBreaker(
    tasks: readonly StoppedTaskSpec[],
    reason = 'tasks failed to start',
    back?: RolloutScript
  ): RolloutScript {
    return [
      { running: 0, pending: 1 },
      { pending: 1, failTasks: tasks },
      { running: 0, pending: 0, circuitBreaker: reason, ...(back ? { ecsRollback: back } : {}) }
    ]
  },
  /** One task runs (failedTasks resets and stops counting), the others keep crashing. */
  oneRunsOthersCrash(task: StoppedTaskSpec, crashes: number): RolloutScript {
    return [
      { running: 1, pending: 1 },
      ...Array.from({ length: crashes }, () => ({ pending: 1, failTasks: [task] }))
    ]
  },
  /** ECS duplicates the deployment after one step; the twin then completes. */
  duplicated(): RolloutScript {
    return [
      { running: 1, pending: 1 },
      { duplicate: true },
      { running: 1, pending: 1 },
      { complete: true }
    ]
  },
  /** Some progress, then another deployment takes over. */
  superseded(): RolloutScript {
    return [{ running: 1, pending: 1 }, { supersede: true }]
  },
  /** Never ends: one task running, one pending, for ever. */
  stuck(): RolloutScript {
    return [
      { running: 0, pending: 2 },
      { running: 1, pending: 1 }
    ]
  }
}

export interface ServiceSeed {
  readonly cluster: string
  readonly service: string
  /** ARN of a registered revision the service runs, fully rolled out. */
  readonly taskDefinition: string
  readonly desiredCount?: number
  readonly circuitBreaker?: { readonly enable: boolean; readonly rollback: boolean }
  /** One script per deployment UpdateService starts, in order; then rollouts.succeeds. */
  readonly rollouts?: readonly RolloutScript[]
  /** DeploymentController.type; ECS by default. */
  readonly deploymentController?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
  /** deploymentConfiguration fields beyond the rolling ones (strategy, bake, hooks, alarms...). */
  readonly deploymentConfiguration?: Record<string, unknown>
  /** Blue/green, linear, canary: what happens in each deployment UpdateService starts, in order. */
  readonly native?: readonly NativeScenario[]
}

export interface EcsOptions {
  /** Answer ListServiceDeployments / DescribeServiceDeployments, or UnknownOperationException. */
  readonly serviceDeployments: boolean
  /** Who registers revisions (registeredBy); the deploy role's session by default. */
  readonly principal?: string
  /** How long a write (UpdateService) stays invisible to DescribeServices / ListServiceDeployments. */
  readonly readLagMs?: number
  /** Called for each service task that stops (ecs-tasks.ts writes its log lines). */
  readonly onTaskStopped?: (
    task: Record<string, unknown>,
    taskDefinition: Record<string, unknown>,
    spec: StoppedTaskSpec
  ) => void
}

interface TaskDefinitionRecord {
  readonly arn: string
  readonly family: string
  readonly revision: number
  status: 'ACTIVE' | 'INACTIVE'
  readonly body: Record<string, unknown>
  readonly registeredAt: number
  readonly registeredBy: string
}

export interface ServiceDeploymentRecord {
  readonly arn: string
  readonly createdAt: number
  startedAt?: number
  finishedAt?: number
  stoppedAt?: number
  updatedAt: number
  status: string
  statusReason?: string
  readonly source: readonly DeploymentRecord[]
  target: DeploymentRecord
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string }
  breakerStatus: string
}

export interface DeploymentRecord {
  readonly id: string
  readonly revisionArn: string
  status: 'PRIMARY' | 'ACTIVE'
  readonly taskDefinition: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  failedTasks: number
  readonly createdAt: number
  updatedAt: number
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'
  rolloutStateReason: string
  readonly script: RolloutScript
  step: number
  /** The service deployment this deployment is the target of (ECS rollbacks share theirs). */
  serviceDeployment: ServiceDeploymentRecord | undefined
  /** Set on the deployment ECS starts to roll a failed one back. */
  readonly rollbackOf?: DeploymentRecord
  /** Failed tasks still count (false once a task of the deployment ran). */
  failuresCounted: boolean
}

export interface ServiceRecord {
  readonly name: string
  readonly cluster: string
  readonly arn: string
  readonly clusterArn: string
  desiredCount: number
  readonly circuitBreaker: { enable: boolean; rollback: boolean }
  deployments: DeploymentRecord[]
  readonly events: { id: string; createdAt: number; message: string }[]
  readonly createdAt: number
  readonly queue: RolloutScript[]
  readonly serviceDeployments: ServiceDeploymentRecord[]
  readonly controller: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
  /** Service revisions by ARN: the task definition each deployment rolls out. */
  readonly revisions: Map<string, { taskDefinition: string; createdAt: number }>
  /** While a write is not yet visible: what reads still show, and until when. */
  stale?: { until: number; view: Record<string, unknown>; serviceDeployments: number }
}

interface TaskRecord {
  readonly cluster: string
  readonly startedBy: string
  readonly body: Record<string, unknown>
}

const READ_ONLY = new Set([
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
])

const clusterArn = (cluster: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`

export class EcsModel {
  private readonly families = new Map<string, TaskDefinitionRecord[]>()
  private readonly tags = new Map<string, { key: string; value: string }[]>()
  private readonly services = new Map<string, ServiceRecord>()
  private readonly clusters = new Set<string>()
  private readonly tasks: TaskRecord[] = []
  private readonly strategies = new StrategyModel()

  constructor(private readonly options: EcsOptions) {}

  // ----- seeding (what already exists before the scenario's first step) -----

  /** Registers a revision as RegisterTaskDefinition does; returns its ARN. */
  seedTaskDefinition(
    body: Record<string, unknown>,
    tags: readonly { key: string; value: string }[] = []
  ): string {
    const out = this.RegisterTaskDefinition({ ...body, ...(tags.length ? { tags } : {}) })
    return asString(asRecord(out.taskDefinition).taskDefinitionArn)
  }

  seedService(seed: ServiceSeed): void {
    const record = this.taskDefinition(seed.taskDefinition)
    const name = seed.service
    this.clusters.add(seed.cluster)
    const created = Date.now() - 86_400_000
    const desired = seed.desiredCount ?? 2
    const steady: DeploymentRecord = {
      id: `ecs-svc/${digits(19)}`,
      revisionArn: this.revisionArn(seed.cluster, name),
      status: 'PRIMARY',
      taskDefinition: record.arn,
      desiredCount: desired,
      runningCount: desired,
      pendingCount: 0,
      failedTasks: 0,
      createdAt: created,
      updatedAt: created,
      rolloutState: 'COMPLETED',
      rolloutStateReason: 'ECS deployment completed.',
      script: [],
      step: 0,
      serviceDeployment: undefined,
      failuresCounted: false
    }
    // The deployment that brought the service here, SUCCESSFUL (service deployments are kept for
    // "the last 90 days history for deployments created on or after October 25, 2024").
    steady.serviceDeployment = {
      arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/${seed.cluster}/${name}/${upperAlnum(20)}`,
      createdAt: created,
      startedAt: created,
      finishedAt: created + 60_000,
      updatedAt: created + 60_000,
      status: 'SUCCESSFUL',
      source: [],
      target: steady,
      breakerStatus: seed.circuitBreaker?.enable ? 'MONITORING_COMPLETE' : 'DISABLED'
    }
    this.services.set(`${seed.cluster}/${name}`, {
      name,
      cluster: seed.cluster,
      arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${seed.cluster}/${name}`,
      clusterArn: clusterArn(seed.cluster),
      desiredCount: desired,
      circuitBreaker: {
        enable: seed.circuitBreaker?.enable ?? false,
        rollback: seed.circuitBreaker?.rollback ?? false
      },
      deployments: [steady],
      events: [
        {
          id: hex(16),
          createdAt: created + 60_000,
          message: `(service ${name}) has reached a steady state.`
        }
      ],
      createdAt: created - 86_400_000,
      queue: [...(seed.rollouts ?? [])],
      serviceDeployments: [steady.serviceDeployment],
      controller: seed.deploymentController ?? 'ECS',
      revisions: new Map([[steady.revisionArn, { taskDefinition: record.arn, createdAt: created }]])
    })
    this.strategies.seed(
      this.service(seed.cluster, name),
      seed.deploymentConfiguration,
      seed.native ?? []
    )
  }

  /** Queues the script for the next deployment UpdateService starts on a service. */
  queueRollout(cluster: string, service: string, script: RolloutScript): void {
    this.service(cluster, service).queue.push(script)
  }

  // ----- what the tests read back -----

  /** The task definition a service's PRIMARY deployment runs. */
  running(cluster: string, service: string): string | undefined {
    return this.service(cluster, service).deployments.find(d => d.status === 'PRIMARY')
      ?.taskDefinition
  }

  tagsOf(arn: string): Record<string, string> {
    return Object.fromEntries((this.tags.get(arn) ?? []).map(t => [t.key, t.value]))
  }

  revisions(family: string): { arn: string; revision: number; image: string }[] {
    return (this.families.get(family) ?? []).map(r => ({
      arn: r.arn,
      revision: r.revision,
      image: asString(asRecords(r.body.containerDefinitions)[0]?.image)
    }))
  }

  // ----- operations (X-Amz-Target AmazonEC2ContainerServiceV20141113.<name>) -----

  readonly operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> =
    {
      DescribeServices: input => this.DescribeServices(input),
      DescribeTaskDefinition: input => this.DescribeTaskDefinition(input),
      RegisterTaskDefinition: input => this.RegisterTaskDefinition(input),
      UpdateService: input => this.UpdateService(input),
      ListTasks: input => this.ListTasks(input),
      DescribeTasks: input => this.DescribeTasks(input),
      TagResource: input => this.TagResource(input),
      ListTagsForResource: input => this.ListTagsForResource(input),
      ListTaskDefinitions: input => this.ListTaskDefinitions(input),
      ListServiceDeployments: input => this.ListServiceDeployments(input),
      DescribeServiceDeployments: input => this.DescribeServiceDeployments(input),
      DescribeServiceRevisions: input => this.DescribeServiceRevisions(input),
      StopServiceDeployment: input => this.strategies.StopServiceDeployment(this.sd(input), input),
      ContinueServiceDeployment: input =>
        this.strategies.ContinueServiceDeployment(this.sd(input), input)
    }

  private sd(input: Record<string, unknown>): ServiceDeploymentRecord {
    this.serviceDeploymentsAvailable('StopServiceDeployment')
    const arn = asString(input.serviceDeploymentArn)
    const found = [...this.services.values()]
      .flatMap(s => s.serviceDeployments)
      .find(x => x.arn === arn)
    if (found === undefined)
      throw new AwsError('ServiceDeploymentNotFoundException', `${arn} does not exist.`)
    return found
  }

  private DescribeServices(input: Record<string, unknown>) {
    const cluster = this.clusterName(input.cluster)
    const services: Record<string, unknown>[] = []
    const failures: Record<string, unknown>[] = []
    for (const name of asStrings(input.services)) {
      const short = name.slice(name.lastIndexOf('/') + 1)
      const service = this.services.get(`${cluster}/${short}`)
      if (service === undefined) {
        failures.push({
          arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${short}`,
          reason: 'MISSING'
        })
        continue
      }
      if (service.stale !== undefined && Date.now() < service.stale.until) {
        // Eventual consistency: the write is not visible yet; the read shows the service before it.
        services.push(service.stale.view)
        continue
      }
      this.advance(service)
      services.push(this.describeService(service))
    }
    return { services, failures }
  }

  private DescribeTaskDefinition(input: Record<string, unknown>) {
    const record = this.taskDefinition(asString(input.taskDefinition))
    const include = asStrings(input.include)
    return {
      taskDefinition: this.describeTaskDefinition(record),
      ...(include.includes('TAGS') ? { tags: this.tags.get(record.arn) ?? [] } : {})
    }
  }

  private RegisterTaskDefinition(input: Record<string, unknown>) {
    const family = asString(input.family)
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
      throw new AwsError('ClientException', 'Family contains invalid characters or is missing.')
    }
    const containers = asRecords(input.containerDefinitions)
    if (containers.length === 0) {
      throw new AwsError('ClientException', 'Container list cannot be empty.')
    }
    for (const c of containers) {
      if (asString(c.name) === '' || asString(c.image) === '') {
        throw new AwsError(
          'ClientException',
          'Container.name and Container.image should not be null or empty.'
        )
      }
    }
    const fargate = asStrings(input.requiresCompatibilities).includes('FARGATE')
    if (fargate && (asString(input.cpu) === '' || asString(input.memory) === '')) {
      throw new AwsError(
        'ClientException',
        'Fargate requires task definition to have cpu and memory values.'
      )
    }
    if (fargate && asString(input.networkMode) !== 'awsvpc') {
      throw new AwsError('ClientException', 'Fargate only supports network mode ‘awsvpc’.')
    }
    for (const key of Object.keys(input)) {
      if (READ_ONLY.has(key)) {
        throw new AwsError(
          'SerializationException',
          `Unexpected field: ${key} is not a parameter of RegisterTaskDefinition.`
        )
      }
    }
    const list = this.families.get(family) ?? []
    const revision = list.length + 1
    const { tags, ...body } = input
    const record: TaskDefinitionRecord = {
      arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`,
      family,
      revision,
      status: 'ACTIVE',
      body,
      registeredAt: Date.now(),
      registeredBy:
        this.options.principal ??
        `arn:aws:sts::${ACCOUNT}:assumed-role/megilance-deploy/GitHubActions`
    }
    list.push(record)
    this.families.set(family, list)
    const tagList = asRecords(tags).map(t => ({ key: asString(t.key), value: asString(t.value) }))
    if (tagList.length > 0) this.tags.set(record.arn, tagList)
    return {
      taskDefinition: this.describeTaskDefinition(record),
      ...(tagList.length > 0 ? { tags: tagList } : {})
    }
  }

  private UpdateService(input: Record<string, unknown>) {
    const cluster = this.clusterName(input.cluster)
    const service = this.service(cluster, asString(input.service))
    if (typeof input.desiredCount === 'number') service.desiredCount = input.desiredCount
    const primary = service.deployments.find(d => d.status === 'PRIMARY')
    const requested = asString(input.taskDefinition)
    const target = requested === '' ? undefined : this.taskDefinition(requested)
    if (target !== undefined && target.status !== 'ACTIVE') {
      throw new AwsError(
        'ClientException',
        `TaskDefinition is inactive (${target.family}:${target.revision}).`
      )
    }
    if (target !== undefined && service.controller !== 'ECS') {
      throw new AwsError(
        'InvalidParameterException',
        `Unable to update task definition on services with a ${service.controller} deployment controller. ${service.controller === 'CODE_DEPLOY' ? 'Use AWS CodeDeploy to trigger a new deployment.' : 'Use CreateTaskSet to deploy a new task set.'}`
      )
    }
    const changes =
      input.forceNewDeployment === true ||
      (target !== undefined && target.arn !== primary?.taskDefinition)
    if (changes && this.options.readLagMs) {
      service.stale = {
        until: Date.now() + this.options.readLagMs,
        view: this.describeService(service),
        serviceDeployments: service.serviceDeployments.length
      }
    }
    if (changes) {
      const script = service.queue.shift() ?? rollouts.succeeds(service.desiredCount)
      this.startDeployment(service, target?.arn ?? primary?.taskDefinition ?? '', script)
    }
    return { service: this.describeService(service) }
  }

  private ListTasks(input: Record<string, unknown>) {
    const cluster = this.clusterName(input.cluster)
    // Only stopped tasks are kept: the running ones of a rollout are counts, not tasks.
    if ((asString(input.desiredStatus) || 'RUNNING') !== 'STOPPED') return { taskArns: [] }
    const startedBy = asString(input.startedBy)
    const arns = this.tasks
      .filter(t => t.cluster === cluster && (startedBy === '' || t.startedBy === startedBy))
      .map(t => asString(t.body.taskArn))
    const max = typeof input.maxResults === 'number' ? input.maxResults : 100
    return { taskArns: arns.slice(0, max) }
  }

  private DescribeTasks(input: Record<string, unknown>) {
    const cluster = this.clusterName(input.cluster)
    const wanted = asStrings(input.tasks)
    if (wanted.length > 100) {
      throw new AwsError('InvalidParameterException', 'Tasks cannot be longer than 100 items.')
    }
    const tasks: Record<string, unknown>[] = []
    const failures: Record<string, unknown>[] = []
    for (const arn of wanted) {
      const task = this.tasks.find(t => t.cluster === cluster && t.body.taskArn === arn)
      if (task) tasks.push(task.body)
      else failures.push({ arn, reason: 'MISSING' })
    }
    return { tasks, failures }
  }

  private TagResource(input: Record<string, unknown>) {
    const arn = asString(input.resourceArn)
    this.taskDefinition(arn)
    const tags = [...(this.tags.get(arn) ?? [])]
    for (const t of asRecords(input.tags)) {
      const key = asString(t.key)
      const value = asString(t.value)
      const i = tags.findIndex(x => x.key === key)
      if (i >= 0) tags[i] = { key, value }
      else tags.push({ key, value })
    }
    this.tags.set(arn, tags)
    return {}
  }

  private ListTagsForResource(input: Record<string, unknown>) {
    const arn = asString(input.resourceArn)
    this.taskDefinition(arn)
    return { tags: this.tags.get(arn) ?? [] }
  }

  private ListTaskDefinitions(input: Record<string, unknown>) {
    const prefix = asString(input.familyPrefix)
    const status = asString(input.status) || 'ACTIVE'
    const records = [...this.families.values()]
      .flat()
      .filter(r => (prefix === '' || r.family === prefix) && r.status === status)
      .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
    if (asString(input.sort) === 'DESC') records.reverse()
    const max = typeof input.maxResults === 'number' ? input.maxResults : 100
    return { taskDefinitionArns: records.slice(0, max).map(r => r.arn) }
  }

  private ListServiceDeployments(input: Record<string, unknown>) {
    this.serviceDeploymentsAvailable('ListServiceDeployments')
    const cluster = this.clusterName(input.cluster)
    const service = this.service(cluster, asString(input.service))
    const createdAt = asRecord(input.createdAt)
    const after = fromEpoch(createdAt.after)
    const before = fromEpoch(createdAt.before)
    const statuses = asStrings(input.status)
    const visible =
      service.stale !== undefined && Date.now() < service.stale.until
        ? service.serviceDeployments.slice(0, service.stale.serviceDeployments)
        : service.serviceDeployments
    const briefs = visible
      .filter(sd => after === undefined || sd.createdAt >= after)
      .filter(sd => before === undefined || sd.createdAt <= before)
      .filter(sd => statuses.length === 0 || statuses.includes(sd.status))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(sd => ({
        serviceDeploymentArn: sd.arn,
        serviceArn: service.arn,
        clusterArn: service.clusterArn,
        createdAt: epoch(sd.createdAt),
        ...(sd.startedAt !== undefined ? { startedAt: epoch(sd.startedAt) } : {}),
        ...(sd.finishedAt !== undefined ? { finishedAt: epoch(sd.finishedAt) } : {}),
        targetServiceRevisionArn: sd.target.revisionArn,
        status: sd.status,
        ...(sd.statusReason ? { statusReason: sd.statusReason } : {})
      }))
    return { serviceDeployments: briefs }
  }

  private DescribeServiceDeployments(input: Record<string, unknown>) {
    this.serviceDeploymentsAvailable('DescribeServiceDeployments')
    const serviceDeployments: Record<string, unknown>[] = []
    const failures: Record<string, unknown>[] = []
    for (const arn of asStrings(input.serviceDeploymentArns)) {
      const found = [...this.services.values()]
        .map(s => ({ s, sd: s.serviceDeployments.find(x => x.arn === arn) }))
        .find(x => x.sd !== undefined)
      if (found?.sd === undefined) {
        failures.push({ arn, reason: 'MISSING' })
        continue
      }
      const { s, sd } = found
      const revision = (d: DeploymentRecord) => ({
        arn: d.revisionArn,
        requestedTaskCount: d.desiredCount,
        runningTaskCount: d.runningCount,
        pendingTaskCount: d.pendingCount
      })
      serviceDeployments.push({
        serviceDeploymentArn: sd.arn,
        serviceArn: s.arn,
        clusterArn: s.clusterArn,
        createdAt: epoch(sd.createdAt),
        ...(sd.startedAt !== undefined ? { startedAt: epoch(sd.startedAt) } : {}),
        ...(sd.finishedAt !== undefined ? { finishedAt: epoch(sd.finishedAt) } : {}),
        ...(sd.stoppedAt !== undefined ? { stoppedAt: epoch(sd.stoppedAt) } : {}),
        updatedAt: epoch(sd.updatedAt),
        sourceServiceRevisions: sd.source.map(revision),
        targetServiceRevision: revision(sd.target),
        status: sd.status,
        ...(sd.statusReason ? { statusReason: sd.statusReason } : {}),
        deploymentConfiguration: {
          deploymentCircuitBreaker: s.circuitBreaker,
          maximumPercent: 200,
          minimumHealthyPercent: 100
        },
        ...(sd.rollback
          ? {
              rollback: {
                reason: sd.rollback.reason,
                startedAt: epoch(sd.rollback.startedAt),
                serviceRevisionArn: sd.rollback.serviceRevisionArn
              }
            }
          : {}),
        deploymentCircuitBreaker: {
          status: sd.breakerStatus,
          failureCount: sd.target.failedTasks,
          threshold: 10
        }
      })
      serviceDeployments.push(this.strategies.describe(sd, serviceDeployments.pop()!))
    }
    return { serviceDeployments, failures }
  }

  private DescribeServiceRevisions(input: Record<string, unknown>) {
    this.serviceDeploymentsAvailable('DescribeServiceRevisions')
    const serviceRevisions: Record<string, unknown>[] = []
    const failures: Record<string, unknown>[] = []
    for (const arn of asStrings(input.serviceRevisionArns)) {
      const found = [...this.services.values()]
        .map(s => ({ s, r: s.revisions.get(arn) }))
        .find(x => x.r !== undefined)
      if (found?.r === undefined) {
        failures.push({ arn, reason: 'MISSING' })
        continue
      }
      serviceRevisions.push({
        serviceRevisionArn: arn,
        serviceArn: found.s.arn,
        clusterArn: found.s.clusterArn,
        taskDefinition: found.r.taskDefinition,
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        createdAt: epoch(found.r.createdAt)
      })
    }
    return { serviceRevisions, failures }
  }

  // ----- the rollout engine -----

  private startDeployment(
    service: ServiceRecord,
    taskDefinition: string,
    script: RolloutScript,
    rollbackOf?: DeploymentRecord,
    twinOf?: DeploymentRecord
  ): DeploymentRecord {
    const now = Date.now()
    const previous = service.deployments.filter(d => d.status === 'PRIMARY')
    for (const d of service.deployments) d.status = 'ACTIVE'
    // A service deployment still going is stopped by the new one (ECS rollbacks share theirs).
    if (rollbackOf === undefined && twinOf === undefined) {
      for (const sd of service.serviceDeployments) {
        if (sd.status === 'PENDING' || sd.status === 'IN_PROGRESS') {
          sd.status = 'STOPPED'
          sd.statusReason = 'Service deployment stopped: a newer service deployment started.'
          sd.stoppedAt = now
          sd.updatedAt = now
        }
      }
    }
    const id = `ecs-svc/${digits(19)}`
    const deployment: DeploymentRecord = {
      id,
      revisionArn: twinOf?.revisionArn ?? this.revisionArn(service.cluster, service.name),
      status: 'PRIMARY',
      taskDefinition,
      desiredCount: service.desiredCount,
      runningCount: 0,
      pendingCount: 0,
      failedTasks: 0,
      createdAt: now,
      updatedAt: now,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment ${id} in progress.`,
      script,
      step: 0,
      serviceDeployment: rollbackOf?.serviceDeployment ?? twinOf?.serviceDeployment,
      ...(rollbackOf ? { rollbackOf } : {}),
      failuresCounted: true
    }
    service.revisions.set(deployment.revisionArn, { taskDefinition, createdAt: now })
    if (twinOf !== undefined && deployment.serviceDeployment !== undefined) {
      deployment.serviceDeployment.target = deployment
    } else if (rollbackOf === undefined) {
      deployment.serviceDeployment = {
        arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/${service.cluster}/${service.name}/${upperAlnum(20)}`,
        createdAt: now,
        updatedAt: now,
        status: 'PENDING',
        source: previous,
        target: deployment,
        breakerStatus: service.circuitBreaker.enable ? 'MONITORING' : 'DISABLED'
      }
      service.serviceDeployments.push(deployment.serviceDeployment)
    }
    service.deployments.unshift(deployment)
    return deployment
  }

  /** One poll: the PRIMARY deployment's rollout moves one step on. */
  private advance(service: ServiceRecord): void {
    const primary = service.deployments.find(d => d.status === 'PRIMARY')
    if (primary === undefined || primary.rolloutState !== 'IN_PROGRESS') return
    const sd = primary.serviceDeployment
    const now = Date.now()
    if (sd !== undefined && sd.status === 'PENDING') {
      sd.status = 'IN_PROGRESS'
      sd.startedAt = now
      sd.updatedAt = now
    }
    if (this.strategies.advance(service, primary)) return
    const step = primary.script[primary.step]
    if (step === undefined) return
    if (step.notBeforeMs !== undefined && now - primary.createdAt < step.notBeforeMs) return
    primary.step++
    primary.updatedAt = now
    const event = (message: string) =>
      service.events.unshift({
        id: hex(16),
        createdAt: Date.now(),
        message: `(service ${service.name}) ${message}`
      })

    if (step.running !== undefined) {
      primary.runningCount = step.running
      // "Once a service deployment has one or more successfully running tasks, the failed task
      // count resets to zero and stops being evaluated." (Deployment.failedTasks)
      if (step.running > 0) {
        primary.failedTasks = 0
        primary.failuresCounted = false
      }
      const old = service.deployments.find(d => d.status === 'ACTIVE')
      if (old !== undefined) old.runningCount = Math.max(0, service.desiredCount - step.running)
    }
    if (step.pending !== undefined) primary.pendingCount = step.pending
    for (const spec of step.failTasks ?? []) {
      const taskId = hex(16)
      const body = this.stoppedTask(service, primary, taskId, spec)
      this.tasks.push({ cluster: service.cluster, startedBy: primary.id, body })
      this.options.onTaskStopped?.(body, this.taskDefinition(primary.taskDefinition).body, spec)
      if (primary.failuresCounted) primary.failedTasks++
      event(`has started 1 tasks: (task ${taskId}).`)
      if (spec.healthStatus === 'UNHEALTHY')
        event(`(task ${taskId}) failed container health checks.`)
    }
    for (const message of step.events ?? []) event(message)
    if (step.earlySuccess && sd !== undefined) {
      Object.assign(sd, { status: 'SUCCESSFUL', finishedAt: now, updatedAt: now })
    }
    if (step.complete) {
      primary.runningCount = primary.desiredCount
      primary.pendingCount = 0
      primary.rolloutState = 'COMPLETED'
      primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`
      service.deployments = [primary]
      if (primary.rollbackOf !== undefined && sd !== undefined) {
        sd.status = 'ROLLBACK_SUCCESSFUL'
        sd.finishedAt = now
      } else if (sd !== undefined) {
        sd.status = 'SUCCESSFUL'
        sd.finishedAt = now
      }
      if (sd !== undefined) sd.updatedAt = now
      event(`(deployment ${primary.id}) deployment completed.`)
      event('has reached a steady state.')
    }
    if (step.circuitBreaker !== undefined && primary.rollbackOf !== undefined) {
      // ECS's own rollback failed: "ROLLBACK_FAILED" ends the service deployment; no further rollback.
      primary.rolloutState = 'FAILED'
      primary.rolloutStateReason = `ECS deployment circuit breaker: ${step.circuitBreaker}.`
      event(`(deployment ${primary.id}) deployment failed: ${step.circuitBreaker}.`)
      if (sd !== undefined) {
        sd.status = 'ROLLBACK_FAILED'
        sd.statusReason = `Service deployment rollback failed: ${step.circuitBreaker}.`
        sd.finishedAt = now
        sd.updatedAt = now
      }
    } else if (step.circuitBreaker !== undefined) {
      primary.rolloutState = 'FAILED'
      primary.rolloutStateReason = `ECS deployment circuit breaker: ${step.circuitBreaker}.`
      event(`(deployment ${primary.id}) deployment failed: ${step.circuitBreaker}.`)
      const back = service.deployments.find(d => d.status === 'ACTIVE')
      if (service.circuitBreaker.rollback && back !== undefined) {
        const rollback = this.startDeployment(
          service,
          back.taskDefinition,
          step.ecsRollback ?? rollouts.succeeds(service.desiredCount, 2),
          primary
        )
        event(`rolling back to deployment ${rollback.id}.`)
        if (sd !== undefined) {
          sd.status = 'ROLLBACK_IN_PROGRESS'
          sd.statusReason =
            'Service deployment rolled back because the circuit breaker threshold was exceeded.'
          sd.rollback = {
            reason:
              'Service deployment rolled back because the circuit breaker threshold was exceeded.',
            startedAt: now,
            serviceRevisionArn: back.revisionArn
          }
        }
      } else if (sd !== undefined) {
        sd.status = 'STOPPED'
        sd.statusReason =
          'Service deployment stopped because the circuit breaker threshold was exceeded.'
        sd.stoppedAt = now
      }
      if (sd !== undefined) {
        sd.breakerStatus = 'TRIGGERED'
        sd.updatedAt = now
      }
    }
    if (step.duplicate) {
      // ECS starts the same task definition anew under another id and drops ours; the service
      // deployment stays the same (no UpdateService started it).
      const twin = this.startDeployment(
        service,
        primary.taskDefinition,
        primary.script.slice(primary.step),
        undefined,
        primary
      )
      service.deployments = service.deployments.filter(d => d !== primary)
      event(
        `(deployment ${twin.id}) replaced deployment ${primary.id} of the same task definition.`
      )
    }
    if (step.supersede) {
      const mine = this.taskDefinition(primary.taskDefinition)
      const copy = this.seedTaskDefinition({ ...mine.body })
      const other = this.startDeployment(service, copy, rollouts.succeeds(service.desiredCount, 3))
      event(`(deployment ${other.id}) started by another UpdateService call.`)
    }
  }

  private stoppedTask(
    service: ServiceRecord,
    deployment: DeploymentRecord,
    taskId: string,
    spec: StoppedTaskSpec
  ): Record<string, unknown> {
    const taskArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${service.cluster}/${taskId}`
    const td = this.taskDefinition(deployment.taskDefinition)
    const now = Date.now()
    return {
      taskArn,
      clusterArn: service.clusterArn,
      taskDefinitionArn: td.arn,
      group: `service:${service.name}`,
      startedBy: deployment.id,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      cpu: asString(td.body.cpu),
      memory: asString(td.body.memory),
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      healthStatus: spec.healthStatus ?? 'UNKNOWN',
      stopCode: spec.stopCode ?? 'EssentialContainerExited',
      stoppedReason: spec.stoppedReason,
      createdAt: epoch(now - 20_000),
      startedAt: epoch(now - 15_000),
      stoppingAt: epoch(now - 1000),
      stoppedAt: epoch(now),
      containers: asRecords(td.body.containerDefinitions).map(c => ({
        containerArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:container/${service.cluster}/${taskId}/${hex(16)}`,
        taskArn,
        name: asString(c.name),
        image: asString(c.image),
        lastStatus: 'STOPPED',
        ...(spec.exitCode !== undefined ? { exitCode: spec.exitCode } : {}),
        ...(spec.containerReason ? { reason: spec.containerReason } : {}),
        healthStatus: spec.healthStatus ?? 'UNKNOWN'
      }))
    }
  }

  // ----- lookups and rendering -----

  private serviceDeploymentsAvailable(op: string): void {
    if (!this.options.serviceDeployments) {
      throw new AwsError(
        'UnknownOperationException',
        `The operation ${op} is not available in this region.`
      )
    }
  }

  private clusterName(value: unknown): string {
    const raw = asString(value) || 'default'
    const name = raw.slice(raw.lastIndexOf('/') + 1)
    if (!this.clusters.has(name))
      throw new AwsError('ClusterNotFoundException', 'Cluster not found.')
    return name
  }

  private service(cluster: string, name: string): ServiceRecord {
    const short = name.slice(name.lastIndexOf('/') + 1)
    const found = this.services.get(`${cluster}/${short}`)
    if (found === undefined) throw new AwsError('ServiceNotFoundException', 'Service not found.')
    return found
  }

  /** By ARN, family:revision or family (the newest ACTIVE). */
  private taskDefinition(ref: string): TaskDefinitionRecord {
    const short = ref.startsWith('arn:') ? ref.slice(ref.indexOf('/') + 1) : ref
    const [family = '', revision] = short.split(':')
    const list = this.families.get(family) ?? []
    const found =
      revision === undefined
        ? [...list].reverse().find(r => r.status === 'ACTIVE')
        : list.find(r => r.revision === Number(revision))
    if (found === undefined || (ref.startsWith('arn:') && found.arn !== ref)) {
      throw new AwsError('ClientException', 'Unable to describe task definition.')
    }
    return found
  }

  private revisionArn(cluster: string, service: string): string {
    return `arn:aws:ecs:${REGION}:${ACCOUNT}:service-revision/${cluster}/${service}/${digits(19)}`
  }

  private describeTaskDefinition(r: TaskDefinitionRecord): Record<string, unknown> {
    const fargate = asStrings(r.body.requiresCompatibilities).includes('FARGATE')
    return {
      ...r.body,
      taskDefinitionArn: r.arn,
      family: r.family,
      revision: r.revision,
      status: r.status,
      compatibilities: fargate ? ['EC2', 'FARGATE'] : ['EC2'],
      requiresAttributes: [
        { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
        { name: 'ecs.capability.execution-role-awslogs' },
        { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.19' },
        { name: 'ecs.capability.task-eni' }
      ],
      registeredAt: epoch(r.registeredAt),
      registeredBy: r.registeredBy
    }
  }

  private describeService(s: ServiceRecord): Record<string, unknown> {
    const primary = s.deployments.find(d => d.status === 'PRIMARY')
    const network = {
      awsvpcConfiguration: {
        subnets: ['subnet-0a1b2c3d4e5f60718'],
        securityGroups: ['sg-0a1b2c3d4e5f60718'],
        assignPublicIp: 'DISABLED'
      }
    }
    return {
      serviceArn: s.arn,
      serviceName: s.name,
      clusterArn: s.clusterArn,
      loadBalancers: [],
      serviceRegistries: [],
      status: 'ACTIVE',
      desiredCount: s.desiredCount,
      runningCount: s.deployments.reduce((n, d) => n + d.runningCount, 0),
      pendingCount: s.deployments.reduce((n, d) => n + d.pendingCount, 0),
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      platformFamily: 'Linux',
      taskDefinition: primary?.taskDefinition,
      deploymentConfiguration: {
        deploymentCircuitBreaker: s.circuitBreaker,
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        ...this.strategies.configuration(s)
      },
      deployments: s.deployments.map(d => ({
        id: d.id,
        status: d.status,
        taskDefinition: d.taskDefinition,
        desiredCount: d.desiredCount,
        pendingCount: d.pendingCount,
        runningCount: d.runningCount,
        failedTasks: d.failedTasks,
        createdAt: epoch(d.createdAt),
        updatedAt: epoch(d.updatedAt),
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        platformFamily: 'Linux',
        networkConfiguration: network,
        rolloutState: d.rolloutState,
        rolloutStateReason: d.rolloutStateReason
      })),
      roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
      events: s.events.slice(0, 100).map(e => ({
        id: e.id,
        createdAt: epoch(e.createdAt),
        message: e.message
      })),
      createdAt: epoch(s.createdAt),
      placementConstraints: [],
      placementStrategy: [],
      networkConfiguration: network,
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: s.controller },
      createdBy: `arn:aws:iam::${ACCOUNT}:role/megilance-admin`,
      enableECSManagedTags: true,
      propagateTags: 'NONE',
      enableExecuteCommand: false
    }
  }
}
