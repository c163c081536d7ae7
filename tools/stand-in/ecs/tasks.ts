import type { EcsModel } from './ecs.js'
import { runTaskParameters } from './run-task-parameters.js'
import { advanceTask, type TaskRecord, type TaskScript } from './task-life.js'
import type { LogsModel } from '../logs.js'
import { page } from '../paging.js'
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
} from '../wire.js'

export type { TaskScript } from './task-life.js'

/*
 * Standalone tasks of the ECS stand-in: RunTask, StopTask, and DescribeTasks for them (the
 * service's stopped tasks stay with ecs/stopped-tasks.ts, to which DescribeTasks hands every
 * other ARN). Each task follows a script queued by the test (what it prints, how it exits, or
 * that it never stops) and writes its lines to the CloudWatch Logs stream its logConfiguration
 * names, as the awslogs driver does (task-life.ts, awslogs-driver.ts). A tool of the project (tests, demo, bench), never bundled.
 */

/** A RunTask request's parameters but its clientToken, as one comparable text. */
function parametersOf(input: Record<string, unknown>): string {
  const rest = { ...input }
  delete rest.clientToken
  return JSON.stringify(rest)
}

export class EcsTasks {
  private readonly queue: TaskScript[] = []
  private readonly tasks: TaskRecord[] = []

  constructor(
    private readonly ecs: EcsModel,
    private readonly logs: LogsModel
  ) {
    ecs.useStandaloneTasks(() => this.running().map(t => asString(t.body.taskDefinitionArn)))
  }

  /** The script of the next task RunTask starts; without one a task exits 0 at once. */
  queueTask(script: TaskScript): void {
    this.queue.push(script)
  }

  /** The standalone tasks run so far, as DescribeTasks shows them now. */
  run(): Record<string, unknown>[] {
    return this.tasks.map(t => t.body)
  }

  /**
   * A task started before the scenario that still runs (a worker, a long job): RunTask's own
   * request (a task definition with awsvpc needs its networkConfiguration), never stopping, seen
   * RUNNING. Returns its ARN.
   */
  seedRunning(input: Record<string, unknown>): string {
    this.queue.unshift({ neverStops: true })
    const arn = asString(asRecord(asRecords(this.RunTask(input).tasks)[0]).taskArn)
    const task = this.find(arn)
    if (task !== undefined) advanceTask(this.logs, task)
    return arn
  }

  private running(): TaskRecord[] {
    return this.tasks.filter(t => t.body.desiredStatus === 'RUNNING')
  }

  readonly operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> =
    {
      RunTask: input => this.RunTask(input),
      ListTasks: input => this.ListTasks(input),
      StopTask: input => this.StopTask(input),
      DescribeTasks: input => this.DescribeTasks(input)
    }

  /**
   * RunTask (its parameters are read and checked in ecs/run-task-parameters.ts):
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
    // DeregisterTaskDefinition: "You can't use an INACTIVE task definition to run new tasks".
    if (td.status === 'INACTIVE')
      throw new AwsError('ClientException', 'TaskDefinition is inactive')
    const { startedBy, names, overrides, tags } = runTaskParameters(input, td)
    const again = this.sameToken(cluster, input)
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
      cluster,
      clientToken: asString(input.clientToken),
      request: parametersOf(input),
      polls: 0,
      written: 0
    })
    return { tasks: [structuredClone(body)], failures: [] }
  }

  /**
   * The task a RunTask with this clientToken started before, in this cluster. clientToken: "An
   * identifier that you provide to ensure the idempotency of the request. It must be unique and is
   * case sensitive." "If you retry a request that completed successfully using the same client
   * token and the same parameters, the retry succeeds without performing any further actions."
   * (Ensuring idempotency, where RunTask's idempotency type is the cluster: the same token in
   * another cluster is another request.) With other parameters, ConflictException: "The provided
   * clientToken is already in use with a different RunTask request." (ConflictException, whose
   * resourceIds the stand-in leaves out.)
   */
  private sameToken(cluster: string, input: Record<string, unknown>): TaskRecord | undefined {
    const token = asString(input.clientToken)
    if (token === '') return undefined
    const earlier = this.tasks.find(t => t.cluster === cluster && t.clientToken === token)
    if (earlier === undefined || earlier.request === parametersOf(input)) return earlier
    throw new AwsError(
      'ConflictException',
      'The provided clientToken is already in use with a different RunTask request.'
    )
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

  /**
   * ListTasks: "The default status filter is RUNNING, which shows tasks that Amazon ECS has set the
   * desired status to RUNNING": the standalone tasks not stopped (a service's running tasks are
   * counts in this stand-in, not tasks); with STOPPED, the stopped tasks of service rollouts
   * (ecs-stopped-tasks.ts). family: "Specifying a family limits the results to tasks that belong
   * to that family." maxResults: "This value can be between 1 and 100".
   */
  private ListTasks(input: Record<string, unknown>) {
    const stopped = this.ecs.operations.ListTasks?.(input) ?? {}
    if ((asString(input.desiredStatus) || 'RUNNING') === 'STOPPED') return stopped
    const ref = asString(input.cluster) || 'default'
    const cluster = ref.slice(ref.lastIndexOf('/') + 1)
    const family = asString(input.family)
    const startedBy = asString(input.startedBy)
    const arns = this.running()
      .filter(t => asString(t.body.clusterArn).endsWith(`:cluster/${cluster}`))
      .filter(t => family === '' || asString(t.taskDefinition.family) === family)
      .filter(t => startedBy === '' || t.body.startedBy === startedBy)
      .map(t => asString(t.body.taskArn))
    const limit = typeof input.maxResults === 'number' ? input.maxResults : undefined
    const { items, nextToken } = page(arns, {
      limit,
      max: 100,
      token: input.nextToken,
      invalidToken: () => new AwsError('InvalidParameterException', 'Invalid nextToken.')
    })
    return { taskArns: items, ...(nextToken ? { nextToken } : {}) }
  }

  private DescribeTasks(input: Record<string, unknown>) {
    const wanted = asStrings(input.tasks)
    const ours = wanted.filter(arn => this.find(arn) !== undefined)
    const others = wanted.filter(arn => !ours.includes(arn))
    const rest = this.ecs.operations.DescribeTasks?.({ ...input, tasks: others }) ?? {}
    const tasks = ours.map(arn => {
      const task = this.find(arn) as TaskRecord
      advanceTask(this.logs, task)
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
}
