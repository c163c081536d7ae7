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

/*
 * Amazon ECS as the stand-in plays it: task definitions (families, revisions, tags), services
 * with deployments, service events, stopped tasks and, where a scenario allows it, service
 * deployments. Rollouts follow a script: each DescribeServices answer for a service moves the
 * rollout of its PRIMARY deployment one step on (optionally not before some wall time).
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
  /** Tasks that stop, then the circuit breaker fails the deployment. */
  circuitBreaker(
    tasks: readonly StoppedTaskSpec[],
    reason = 'tasks failed to start'
  ): RolloutScript {
    return [
      { running: 0, pending: 1 },
      { pending: 1, failTasks: tasks },
      { running: 0, pending: 0, circuitBreaker: reason }
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
}

export interface EcsOptions {
  /** Answer ListServiceDeployments / DescribeServiceDeployments, or UnknownOperationException. */
  readonly serviceDeployments: boolean
  /** Who registers revisions (registeredBy); the deploy role's session by default. */
  readonly principal?: string
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

interface ServiceDeploymentRecord {
  readonly arn: string
  readonly createdAt: number
  startedAt?: number
  finishedAt?: number
  stoppedAt?: number
  updatedAt: number
  status: string
  statusReason?: string
  readonly source: readonly DeploymentRecord[]
  readonly target: DeploymentRecord
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string }
  breakerStatus: string
}

interface DeploymentRecord {
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
}

interface ServiceRecord {
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
      serviceDeployment: undefined
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
      serviceDeployments: []
    })
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
      DescribeServiceDeployments: input => this.DescribeServiceDeployments(input)
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
    const changes =
      input.forceNewDeployment === true ||
      (target !== undefined && target.arn !== primary?.taskDefinition)
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
    const briefs = service.serviceDeployments
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
    }
    return { serviceDeployments, failures }
  }

  // ----- the rollout engine -----

  private startDeployment(
    service: ServiceRecord,
    taskDefinition: string,
    script: RolloutScript,
    rollbackOf?: DeploymentRecord
  ): DeploymentRecord {
    const now = Date.now()
    const previous = service.deployments.filter(d => d.status === 'PRIMARY')
    for (const d of service.deployments) d.status = 'ACTIVE'
    // A service deployment still going is stopped by the new one (ECS rollbacks share theirs).
    if (rollbackOf === undefined) {
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
      revisionArn: this.revisionArn(service.cluster, service.name),
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
      serviceDeployment: rollbackOf?.serviceDeployment,
      ...(rollbackOf ? { rollbackOf } : {})
    }
    if (rollbackOf === undefined) {
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
      const old = service.deployments.find(d => d.status === 'ACTIVE')
      if (old !== undefined) old.runningCount = Math.max(0, service.desiredCount - step.running)
    }
    if (step.pending !== undefined) primary.pendingCount = step.pending
    for (const spec of step.failTasks ?? []) {
      const taskId = hex(16)
      const body = this.stoppedTask(service, primary, taskId, spec)
      this.tasks.push({ cluster: service.cluster, startedBy: primary.id, body })
      this.options.onTaskStopped?.(body, this.taskDefinition(primary.taskDefinition).body, spec)
      primary.failedTasks++
      event(`has started 1 tasks: (task ${taskId}).`)
      if (spec.healthStatus === 'UNHEALTHY')
        event(`(task ${taskId}) failed container health checks.`)
    }
    for (const message of step.events ?? []) event(message)
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
    if (step.circuitBreaker !== undefined) {
      primary.rolloutState = 'FAILED'
      primary.rolloutStateReason = `ECS deployment circuit breaker: ${step.circuitBreaker}.`
      event(`(deployment ${primary.id}) deployment failed: ${step.circuitBreaker}.`)
      const back = service.deployments.find(d => d.status === 'ACTIVE')
      if (service.circuitBreaker.rollback && back !== undefined) {
        const rollback = this.startDeployment(
          service,
          back.taskDefinition,
          rollouts.succeeds(service.desiredCount, 2),
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
        minimumHealthyPercent: 100
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
      deploymentController: { type: 'ECS' },
      createdBy: `arn:aws:iam::${ACCOUNT}:role/megilance-admin`,
      enableECSManagedTags: true,
      propagateTags: 'NONE',
      enableExecuteCommand: false
    }
  }
}
