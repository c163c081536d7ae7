import { createServer, type Server } from 'node:http'
import { AccessChecks } from './access.js'
import { writeTaskLogs } from './awslogs-driver.js'
import type { AwsCall, AwsService } from './calls.js'
import { CodeDeployModel } from './codedeploy/codedeploy.js'
import { Conformance, type ConformanceViolation } from './conformance.js'
import { EcrModel } from './ecr/ecr.js'
import { EcsModel } from './ecs/ecs.js'
import { EcsTasks } from './ecs/tasks.js'
import { EventsModel } from './schedules/events.js'
import { Faults } from './faults.js'
import { LogsModel } from './logs.js'
import type { StandInOptions } from './options.js'
import { SchedulerModel } from './schedules/scheduler.js'
import { type Backend, handle, type JsonService, type Operations } from './server.js'
import { StsModel } from './sts.js'

export { rollouts, type RolloutScript, type RolloutStep, type StoppedTaskSpec } from './ecs/ecs.js'
export type { NativeScenario } from './ecs/rollouts/strategies.js'
export {
  targetGroupArn,
  type AutoRollbackEvent,
  type CodeDeployScenario,
  type DeploymentGroupSeed,
  type HookEvent,
  type LifecycleEventName
} from './codedeploy/codedeploy.js'
export type { ServiceSeed } from './ecs/ecs.js'
export {
  crashedTask,
  expressDeployments,
  type ExpressScenario,
  type ExpressTiming
} from './express/scenarios.js'
export { INFRASTRUCTURE_ROLE, type ExpressSeed } from './express/express.js'
export { ACCOUNT, REGION } from './wire.js'
export type { TaskScript } from './ecs/tasks.js'
export { STATIC_KEYS } from './access.js'
export type { AwsCall, AwsService } from './calls.js'
export type { StandInOptions } from './options.js'
export type { EventsModel, PutTargetsFailureScript, RuleSeed } from './schedules/events.js'
export type {
  SchedulerModel,
  ScheduleSeed,
  UpdateScheduleFailureScript
} from './schedules/scheduler.js'
export * as scheduledTasks from './schedules/scheduled-tasks.js'
export { Conformance, type ConformanceViolation } from './conformance.js'

/*
 * ONE local HTTP server standing in for AWS: ECS (Express Mode included: express/express.ts), ECR, CloudWatch Logs,
 * CodeDeploy and EventBridge over JSON 1.1 (routed by X-Amz-Target), EventBridge Scheduler over REST-JSON (routed by method and path,
 * /schedules and /schedule-groups, as AWS's model binds it), STS over the query protocol (a form
 * POST to /: AssumeRoleWithWebIdentity, AssumeRole, GetCallerIdentity). The actions reach it only through AWS_ENDPOINT_URL_ECS / _ECR / _STS /
 * _CLOUDWATCH_LOGS / _CODEDEPLOY / _EVENTBRIDGE / _SCHEDULER; they do not know it exists. Every request is
 * recorded (service, operation, input, time, the access key that signed it), so tests assert the
 * calls made and not made. A model of AWS, not of our code: each behaviour quotes the AWS
 * reference it follows (ecs.ts, codedeploy.ts, events.ts, scheduler.ts, logs.ts, ecr/, sts.ts list them).
 * Every request and every successful answer is held to AWS's published models (conformance.ts): a
 * malformed request is refused as AWS refuses it, and close() fails on any violation, the
 * stand-in's own included. A tool of the project (tests, demo, bench), never bundled.
 */

export interface StandIn {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string
  /** AWS_ENDPOINT_URL_ECS / _ECR / _STS / _CLOUDWATCH_LOGS / _CODEDEPLOY / _EVENTBRIDGE / _SCHEDULER, all here. */
  readonly endpointEnv: Readonly<Record<string, string>>
  readonly ecs: EcsModel
  /** EventBridge buses, rules and targets (events.ts). */
  readonly events: EventsModel
  /** EventBridge Scheduler groups and schedules (scheduler.ts). */
  readonly scheduler: SchedulerModel
  /** CodeDeploy for the services on the CODE_DEPLOY controller (codedeploy.ts). */
  readonly codedeploy: CodeDeployModel
  readonly ecr: EcrModel
  readonly sts: StsModel
  readonly logs: LogsModel
  /** RunTask / StopTask and the standalone tasks (ecs/tasks.ts). */
  readonly tasks: EcsTasks
  readonly calls: readonly AwsCall[]
  /** Operations answered (not throttled), in order; optionally of one service. */
  ops(service?: AwsService): string[]
  /** Calls of one operation that were answered with success. */
  answered(op: string): AwsCall[]
  /** Every secret value the stand-in handed out: registry login, STS credentials. */
  secrets(): string[]
  /** Requests and answers that broke AWS's models (conformance.ts). */
  violations(): readonly ConformanceViolation[]
  /** Drops and returns the request violations: a test that sent malformed requests on purpose. */
  dismissRequestViolations(): ConformanceViolation[]
  /** Closes the server; throws when a request or an answer broke AWS's models. */
  close(): Promise<void>
}

/** The services the stand-in plays. */
interface Models {
  readonly logs: LogsModel
  readonly ecs: EcsModel
  readonly tasks: EcsTasks
  readonly codedeploy: CodeDeployModel
  readonly ecr: EcrModel
  readonly sts: StsModel
  readonly events: EventsModel
  readonly scheduler: SchedulerModel
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const models = createModels(options)
  const backend = backendOf(options, models)
  const server = createServer((request, response) => {
    void handle(backend, request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' })
      response.end(String(error))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return standIn(`http://127.0.0.1:${port}`, server, models, backend)
}

function createModels(options: StandInOptions): Models {
  const logs = new LogsModel()
  const ecs = new EcsModel({
    serviceDeployments: options.serviceDeployments ?? true,
    ...(options.readLagMs ? { readLagMs: options.readLagMs } : {}),
    onTaskStopped: (task, td, spec) => writeTaskLogs(logs, task, td, spec.logLines ?? []),
    createLogGroup: name => {
      if (!logs.hasGroup(name)) logs.seedGroup(name)
    }
  })
  const tasks = new EcsTasks(ecs, logs)
  const codedeploy = new CodeDeployModel(ecs.codeDeployHost())
  const ecr = new EcrModel(options.registry)
  const sts = new StsModel({
    verify: options.verifyOidc ?? (() => undefined),
    subjectPattern: options.trustedSubjects ?? /^repo:megilance\/megilance:.+$/,
    ...(options.sessionSeconds !== undefined ? { sessionSeconds: options.sessionSeconds } : {})
  })
  const events = new EventsModel({ readLagMs: options.eventsReadLagMs ?? 0 })
  return { logs, ecs, tasks, codedeploy, ecr, sts, events, scheduler: new SchedulerModel() }
}

function backendOf(options: StandInOptions, models: Models): Backend {
  const { ecs, tasks, ecr, logs, codedeploy, events, sts } = models
  const calls: AwsCall[] = []
  return {
    options,
    calls,
    access: new AccessChecks(options, sts, calls),
    conformance: new Conformance(),
    faults: new Faults(options, calls),
    sts,
    scheduler: models.scheduler,
    operationsOf: (service: JsonService): Operations =>
      ({
        ecs: { ...ecs.operations, ...tasks.operations },
        ecr: ecr.operations,
        logs: logs.operations,
        codedeploy: codedeploy.operations,
        events: events.operations
      })[service],
    seen: new Set<string>()
  }
}

/** The stand-in a test holds: its endpoint, its models, the calls made, and close(). */
function standIn(endpoint: string, server: Server, models: Models, backend: Backend): StandIn {
  const { calls, conformance } = backend
  const { ecr, sts } = models
  return {
    endpoint,
    endpointEnv: {
      AWS_ENDPOINT_URL_ECS: endpoint,
      AWS_ENDPOINT_URL_ECR: endpoint,
      AWS_ENDPOINT_URL_STS: endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
      AWS_ENDPOINT_URL_CODEDEPLOY: endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
      AWS_ENDPOINT_URL_SCHEDULER: endpoint
    },
    ...models,
    calls,
    ops: service =>
      calls
        .filter(c => !c.throttled && (service === undefined || c.service === service))
        .map(c => c.op),
    answered: op => calls.filter(c => c.op === op && c.status === 200),
    secrets: () => {
      const values: string[] = []
      const token = ecr.authorizationToken
      if (token !== undefined) {
        values.push(token, Buffer.from(token, 'base64').toString('utf8').split(':')[1] ?? '')
      }
      for (const c of sts.issued) values.push(c.secretAccessKey, c.sessionToken)
      return values.filter(v => v !== '')
    },
    violations: () => conformance.violations(),
    dismissRequestViolations: () => conformance.dismissRequests(),
    close: async () => {
      await ecr.close()
      await new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
      const failure = conformance.failure()
      if (failure !== undefined) throw failure
    }
  }
}
