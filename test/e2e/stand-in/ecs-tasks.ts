import type { EcsModel } from './ecs.js'
import type { LogsModel } from './logs.js'
import {
  ACCOUNT,
  AwsError,
  REGION,
  asRecord,
  asRecords,
  asString,
  asStrings,
  epoch,
  hex
} from './wire.js'

/*
 * Standalone tasks of the ECS stand-in: RunTask, StopTask, and DescribeTasks for them (the
 * service's stopped tasks stay with ecs.ts, to which DescribeTasks hands every other ARN). Each
 * task follows a script queued by the test (what it prints, how it exits, or that it never
 * stops) and writes its lines to the CloudWatch Logs stream its logConfiguration names, as the
 * awslogs driver does. Test support only.
 */

/** What the next task RunTask starts does. */
export interface TaskScript {
  /** The exit code of the container whose command was overridden (default 0). */
  readonly exitCode?: number
  /** What that container prints: half while it runs, the rest before it stops. */
  readonly lines?: readonly string[]
  /** DescribeTasks answers that see it RUNNING before it stops (default 1). */
  readonly runningPolls?: number
  /** It runs until StopTask stops it. */
  readonly neverStops?: boolean
  /** RunTask places no task and answers this failure reason instead (e.g. RESOURCE:MEMORY). */
  readonly placementFailure?: string
}

interface TaskRecord {
  readonly body: Record<string, unknown>
  readonly script: TaskScript
  readonly container: string
  readonly taskDefinition: Record<string, unknown>
  readonly clientToken: string
  polls: number
  written: number
}

const STARTED_BY = /^[A-Za-z0-9_/-]{1,128}$/

export class EcsTasks {
  private readonly queue: TaskScript[] = []
  private readonly tasks: TaskRecord[] = []

  constructor(
    private readonly ecs: EcsModel,
    private readonly logs: LogsModel
  ) {}

  /** The script of the next task RunTask starts; without one a task exits 0 at once. */
  queueTask(script: TaskScript): void {
    this.queue.push(script)
  }

  /** The standalone tasks run so far, as DescribeTasks shows them now. */
  run(): Record<string, unknown>[] {
    return this.tasks.map(t => t.body)
  }

  /**
   * What the awslogs driver writes for a task: every container that logs to awslogs with a
   * stream prefix gets the stream "prefix-name/container-name/ecs-task-id" (awslogs-stream-prefix,
   * ECS developer guide). False when a group is missing.
   */
  writeTaskLogs(
    task: Record<string, unknown>,
    taskDefinition: Record<string, unknown>,
    lines: readonly string[],
    onlyContainer?: string
  ): boolean {
    const taskArn = asString(task.taskArn)
    const taskId = taskArn.slice(taskArn.lastIndexOf('/') + 1)
    let ok = true
    for (const c of asRecords(taskDefinition.containerDefinitions)) {
      const name = asString(c.name)
      if (onlyContainer !== undefined && name !== onlyContainer) continue
      const config = asRecord(c.logConfiguration)
      const options = asRecord(config.options)
      if (asString(config.logDriver) !== 'awslogs') continue
      const group = asString(options['awslogs-group'])
      const prefix = asString(options['awslogs-stream-prefix'])
      if (prefix === '') continue
      if (!this.logs.hasGroup(group) && asString(options['awslogs-create-group']) === 'true') {
        this.logs.seedGroup(group)
      }
      if (!this.logs.write(group, `${prefix}/${name}/${taskId}`, lines)) ok = false
    }
    return ok
  }

  readonly operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> =
    {
      RunTask: input => this.RunTask(input),
      StopTask: input => this.StopTask(input),
      DescribeTasks: input => this.DescribeTasks(input)
    }

  /**
   * RunTask, checked as the API reference states it:
   * - networkConfiguration: "This parameter is required for task definitions that use the awsvpc
   *   network mode to receive their own elastic network interface, and it isn't supported for
   *   other network modes."
   * - "If a capacityProviderStrategy is specified, the launchType parameter must be omitted."
   * - startedBy: "Up to 128 letters (uppercase and lowercase), numbers, hyphens (-), forward
   *   slash (/), and underscores (_) are allowed."
   * - overrides: "A list of container overrides in JSON format that specify the name of a
   *   container in the specified task definition and the overrides it should receive."
   * - tags: "Maximum number of tags per resource - 50", "Maximum key length - 128 Unicode
   *   characters in UTF-8", "Maximum value length - 256 Unicode characters in UTF-8".
   * - platformVersion: "If one isn't specified, the LATEST platform version is used."
   * - failures: "Any failures associated with the call." — a task that could not be placed.
   */
  private RunTask(input: Record<string, unknown>) {
    const clusterRef = asString(input.cluster) || 'default'
    const cluster = clusterRef.slice(clusterRef.lastIndexOf('/') + 1)
    // The cluster must exist (ListTasks answers ClusterNotFoundException otherwise).
    this.ecs.operations.ListTasks?.({ cluster, desiredStatus: 'STOPPED', maxResults: 1 })
    const td = asRecord(
      this.ecs.operations.DescribeTaskDefinition?.({ taskDefinition: input.taskDefinition })
        .taskDefinition
    )
    const network = asRecord(asRecord(input.networkConfiguration).awsvpcConfiguration)
    if (asString(td.networkMode) === 'awsvpc' && asStrings(network.subnets).length === 0) {
      throw new AwsError(
        'InvalidParameterException',
        "Network Configuration must be provided when networkMode 'awsvpc' is specified."
      )
    }
    if (asRecords(input.capacityProviderStrategy).length > 0 && input.launchType !== undefined) {
      throw new AwsError(
        'InvalidParameterException',
        'Specifying both a launch type and capacity provider strategy is not supported.'
      )
    }
    const startedBy = asString(input.startedBy)
    if (input.startedBy !== undefined && !STARTED_BY.test(startedBy)) {
      throw new AwsError('InvalidParameterException', 'startedBy is invalid.')
    }
    const names = asRecords(td.containerDefinitions).map(c => asString(c.name))
    const overrides = asRecords(asRecord(input.overrides).containerOverrides)
    for (const o of overrides) {
      if (!names.includes(asString(o.name))) {
        throw new AwsError(
          'InvalidParameterException',
          `Override for container named ${asString(o.name)} is not a container in the TaskDefinition.`
        )
      }
    }
    const tags = asRecords(input.tags)
    if (
      tags.length > 50 ||
      tags.some(t => asString(t.key).length > 128 || asString(t.value).length > 256)
    ) {
      throw new AwsError('InvalidParameterException', 'Tags are not valid.')
    }
    // clientToken: "An identifier that you provide to ensure the idempotency of the request." A
    // retried call with the same token answers the task the first one started.
    const token = asString(input.clientToken)
    const again = token === '' ? undefined : this.tasks.find(t => t.clientToken === token)
    if (again !== undefined) return { tasks: [structuredClone(again.body)], failures: [] }
    const script = this.queue.shift() ?? {}
    const taskDefinitionArn = asString(td.taskDefinitionArn)
    if (script.placementFailure !== undefined) {
      return { tasks: [], failures: [{ arn: taskDefinitionArn, reason: script.placementFailure }] }
    }
    const taskArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${cluster}/${hex(16)}`
    const container = asString(overrides[0]?.name) || names[0] || ''
    const now = Date.now()
    const body: Record<string, unknown> = {
      taskArn,
      clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`,
      taskDefinitionArn,
      group: asString(input.group) || `family:${asString(td.family)}`,
      ...(startedBy ? { startedBy } : {}),
      ...(input.launchType !== undefined ? { launchType: input.launchType } : {}),
      ...(input.capacityProviderStrategy !== undefined
        ? {
            capacityProviderName: asString(
              asRecords(input.capacityProviderStrategy)[0]?.capacityProvider
            )
          }
        : {}),
      platformVersion: asString(input.platformVersion) || 'LATEST',
      cpu: asString(td.cpu),
      memory: asString(td.memory),
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      overrides: { containerOverrides: overrides, inferenceAcceleratorOverrides: [] },
      tags,
      createdAt: epoch(now),
      containers: names.map(name => ({
        containerArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:container/${cluster}/${hex(16)}`,
        taskArn,
        name,
        lastStatus: 'PENDING'
      }))
    }
    this.tasks.push({
      body,
      script,
      container,
      taskDefinition: td,
      clientToken: token,
      polls: 0,
      written: 0
    })
    return { tasks: [structuredClone(body)], failures: [] }
  }

  /**
   * "When you call StopTask on a task, the equivalent of docker stop is issued to the containers
   * running in the task. This results in a stop signal value and a default 30-second timeout ...
   * This signal ... will default to SIGTERM." The reason: "the message appears in subsequent
   * DescribeTasks API operations on this task." The task answers STOPPING now, STOPPED at the
   * next look.
   */
  private StopTask(input: Record<string, unknown>) {
    const task = this.find(asString(input.task))
    if (task === undefined)
      throw new AwsError('InvalidParameterException', 'The referenced task was not found.')
    const b = task.body
    if (b.lastStatus !== 'STOPPED') {
      b.desiredStatus = 'STOPPED'
      b.lastStatus = 'DEACTIVATING'
      b.stopCode = 'UserInitiated'
      b.stoppedReason = asString(input.reason) || 'Task stopped by user'
      b.stoppingAt = epoch(Date.now())
    }
    return { task: structuredClone(b) }
  }

  private DescribeTasks(input: Record<string, unknown>) {
    const wanted = asStrings(input.tasks)
    const ours = wanted.filter(arn => this.find(arn) !== undefined)
    const others = wanted.filter(arn => !ours.includes(arn))
    const rest = this.ecs.operations.DescribeTasks?.({ ...input, tasks: others }) ?? {}
    const tasks = ours.map(arn => {
      const task = this.find(arn) as TaskRecord
      this.advance(task)
      return structuredClone(task.body)
    })
    return {
      tasks: [...tasks, ...asRecords(rest.tasks)],
      failures: asRecords(rest.failures)
    }
  }

  private find(ref: string): TaskRecord | undefined {
    return this.tasks.find(
      t => t.body.taskArn === ref || asString(t.body.taskArn).endsWith(`/${ref}`)
    )
  }

  /** One look moves the task on: it starts, prints, and stops as its script says. */
  private advance(task: TaskRecord): void {
    const b = task.body
    if (b.lastStatus === 'STOPPED') return
    const now = Date.now()
    if (b.desiredStatus === 'STOPPED') {
      this.stop(task, 143)
      return
    }
    task.polls++
    const lines = task.script.lines ?? []
    if (b.lastStatus === 'PROVISIONING') {
      // "ResourceInitializationError: This error occurs when the Fargate agent fails to create or
      // bootstrap the resources required to start the container" (stopped task error codes) —
      // an awslogs group that does not exist is one.
      if (!this.writeTaskLogs(b, task.taskDefinition, [], task.container)) {
        b.stopCode = 'TaskFailedToStart'
        b.stoppedReason =
          'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1'
        this.stop(task, undefined)
        return
      }
      b.lastStatus = 'RUNNING'
      b.startedAt = epoch(now)
      for (const c of asRecords(b.containers)) c.lastStatus = 'RUNNING'
      const half = task.script.neverStops ? lines.length : Math.ceil(lines.length / 2)
      this.print(task, lines.slice(0, half))
      return
    }
    if (task.script.neverStops || task.polls <= (task.script.runningPolls ?? 1)) return
    this.print(task, lines.slice(task.written))
    b.stopCode = 'EssentialContainerExited'
    b.stoppedReason = 'Essential container in task exited'
    this.stop(task, task.script.exitCode ?? 0)
  }

  private print(task: TaskRecord, lines: readonly string[]): void {
    if (lines.length === 0) return
    this.writeTaskLogs(task.body, task.taskDefinition, lines, task.container)
    task.written += lines.length
  }

  private stop(task: TaskRecord, exitCode: number | undefined): void {
    const b = task.body
    const now = Date.now()
    b.lastStatus = 'STOPPED'
    b.desiredStatus = 'STOPPED'
    b.stoppingAt ??= epoch(now)
    b.stoppedAt = epoch(now)
    b.executionStoppedAt = epoch(now)
    for (const c of asRecords(b.containers)) {
      c.lastStatus = 'STOPPED'
      if (exitCode !== undefined) c.exitCode = exitCode
    }
  }
}
