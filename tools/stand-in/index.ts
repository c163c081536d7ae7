import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { AccessChecks, type Signer, signature } from './access.js'
import { writeTaskLogs } from './awslogs-driver.js'
import type { AwsCall, AwsService } from './calls.js'
import { CodeDeployModel } from './codedeploy/codedeploy.js'
import { Conformance, type ConformanceViolation } from './conformance.js'
import { EcrModel } from './ecr.js'
import { EcsModel } from './ecs/ecs.js'
import { EcsTasks } from './ecs/tasks.js'
import { EventsModel } from './schedules/events.js'
import { Faults } from './faults.js'
import { LogsModel } from './logs.js'
import type { StandInOptions } from './options.js'
import { SchedulerModel } from './schedules/scheduler.js'
import { bindRequest, restError } from './schedules/scheduler-http.js'
import { StsModel, queryError, requestId } from './sts.js'
import { AwsError } from './wire.js'

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
 * reference it follows (ecs.ts, codedeploy.ts, events.ts, scheduler.ts, logs.ts, ecr.ts, sts.ts list them).
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

type JsonService = 'ecs' | 'ecr' | 'logs' | 'codedeploy' | 'events'
type Operations = Record<
  string,
  (input: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>
>

const TARGETS: Record<string, JsonService> = {
  'AmazonEC2ContainerServiceV20141113.': 'ecs',
  'AmazonEC2ContainerRegistry_V20150921.': 'ecr',
  'Logs_20140328.': 'logs',
  'CodeDeploy_20141006.': 'codedeploy',
  'AWSEvents.': 'events'
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
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
  const scheduler = new SchedulerModel()
  /** Each JSON service's operations, looked up as the request comes (a test may add one). */
  const operationsOf = (service: JsonService): Operations =>
    ({
      ecs: { ...ecs.operations, ...tasks.operations },
      ecr: ecr.operations,
      logs: logs.operations,
      codedeploy: codedeploy.operations,
      events: events.operations
    })[service]
  const calls: AwsCall[] = []
  const seen = new Set<string>()
  const access = new AccessChecks(options, sts, calls)
  const conformance = new Conformance()
  const faults = new Faults(options, calls)

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' })
      response.end(String(error))
    })
  })

  type Admission = { readonly error: AwsError; readonly throttled: boolean } | undefined

  /** Whether a signed request may run: its signature, throttleFirst, the role's policy. */
  function admit(
    signer: Signer,
    service: AwsService,
    op: string,
    input: Record<string, unknown>
  ): Admission {
    const refused = access.authenticate(signer)
    if (refused !== undefined) return { error: refused, throttled: false }
    if (options.throttleFirst && !seen.has(`${service}:${op}`)) {
      seen.add(`${service}:${op}`)
      return { error: new AwsError('ThrottlingException', 'Rate exceeded'), throttled: true }
    }
    const denied = access.denial(signer, service, op, input)
    return denied !== undefined ? { error: denied, throttled: false } : undefined
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.timeOrigin + performance.now()
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const signer = signature(request)
    const target = String(request.headers['x-amz-target'] ?? '')
    const prefix = Object.keys(TARGETS).find(p => target.startsWith(p))
    const url = new URL(request.url ?? '/', 'http://stand-in')
    const base = { at, throttled: false, ...signer }

    if (prefix !== undefined) {
      await json11(TARGETS[prefix] as JsonService, target.slice(prefix.length), body)
    } else if (/^\/(schedules|schedule-groups)(\/|$)/.test(url.pathname)) {
      rest()
    } else {
      query(body)
    }

    /** ECS, ECR, CloudWatch Logs, EventBridge: AWS JSON 1.1, the operation in X-Amz-Target. */
    async function json11(service: JsonService, op: string, text: string): Promise<void> {
      const { input, decoded } = parseJson(text)
      // Every request is checked; AWS answers a malformed one only once it has authenticated it.
      // EventBridge and Express Mode check their own against the same model (events-validation.ts,
      // express/shapes.ts), to answer in the service's words.
      const malformed = checksItself(service, op)
        ? undefined
        : conformance.request(service, op, decoded)
      const send = (status: number, json: string, extra: Partial<AwsCall> = {}) => {
        calls.push({ service, op, input, status, ...base, ...extra })
        response.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': requestId()
        })
        response.end(json)
      }
      const fail = (e: AwsError, throttled = false) =>
        send(e.status, JSON.stringify({ __type: e.type, message: e.message }), {
          error: e.type,
          throttled
        })
      // faults.ts: a call held open, never answered; an answer lost once the call has acted.
      if (faults.holds(op)) return void calls.push({ service, op, input, status: 0, ...base })
      const admission = admit(signer, service, op, input)
      if (admission !== undefined) return fail(admission.error, admission.throttled)
      if (malformed !== undefined) return fail(malformed)
      const operation = operationsOf(service)[op]
      if (operation === undefined) {
        return fail(new AwsError('UnknownOperationException', `stand-in: no operation ${target}`))
      }
      try {
        // What the client reads is the JSON text: checked as it will arrive.
        const json = JSON.stringify(await operation(input))
        conformance.answer(service, op, JSON.parse(json))
        if (faults.losesAnswer(op)) {
          calls.push({ service, op, input, status: 0, error: 'ConnectionClosed', ...base })
          return void request.socket.destroy()
        }
        send(200, json)
      } catch (error) {
        fail(toAwsError(error))
      }
    }

    /** EventBridge Scheduler: REST-JSON, routed by method and path (scheduler-http.ts). */
    function rest(): void {
      const method = request.method ?? 'GET'
      let op = `${method} ${url.pathname}`
      let input: Record<string, unknown> = {}
      const send = (
        status: number,
        headers: Record<string, string>,
        payload: string,
        extra: Partial<AwsCall> = {}
      ) => {
        calls.push({ service: 'scheduler', op, input, status, ...base, ...extra })
        response.writeHead(status, { ...headers, 'x-amzn-requestid': requestId() })
        response.end(payload)
      }
      const fail = (e: AwsError, throttled = false) => {
        const answer = restError(e)
        send(answer.status, answer.headers, answer.body, { error: e.type, throttled })
      }
      try {
        const bound = bindRequest(method, url, request.headers, body)
        if (bound === undefined)
          throw new AwsError('UnknownOperationException', `stand-in: no route ${op}`)
        op = bound.op
        input = bound.input
        const admission = admit(signer, 'scheduler', op, input)
        if (admission !== undefined) return fail(admission.error, admission.throttled)
        const operation = scheduler.operations[op]
        if (operation === undefined)
          throw new AwsError('UnknownOperationException', `stand-in: no operation ${op}`)
        const json = JSON.stringify(operation(input))
        conformance.answer('scheduler', op, JSON.parse(json))
        send(200, { 'content-type': 'application/json' }, json)
      } catch (error) {
        fail(toAwsError(error))
      }
    }

    /** STS: the query protocol (a form-encoded POST, XML answers). */
    function query(text: string): void {
      const params = new URLSearchParams(text)
      const op = params.get('Action') ?? ''
      const input = Object.fromEntries(params.entries())
      const send = (status: number, xml: string, extra: Partial<AwsCall> = {}) => {
        calls.push({ service: 'sts', op, input, status, ...base, ...extra })
        response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() })
        response.end(xml)
      }
      const malformed = conformance.queryRequest('sts', op, params.entries())
      if (options.throttleFirst && !seen.has(`sts:${op}`)) {
        seen.add(`sts:${op}`)
        const e = new AwsError('Throttling', 'Rate exceeded')
        return send(400, queryError(e), { error: e.type, throttled: true })
      }
      if (malformed !== undefined)
        return send(malformed.status, queryError(malformed), { error: malformed.type })
      try {
        const answer = sts.handle(params, () => access.caller(signer))
        conformance.answer('sts', op, answer.result)
        send(200, answer.xml)
      } catch (error) {
        const e = toAwsError(error)
        send(e.status, queryError(e), { error: e.type })
      }
    }
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const endpoint = `http://127.0.0.1:${port}`

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
    ecs,
    codedeploy,
    events,
    scheduler,
    ecr,
    sts,
    logs,
    tasks,
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

/** Operations whose module checks requests against AWS's model itself, refusing in its words. */
function checksItself(service: AwsService, op: string): boolean {
  return service === 'events' || (service === 'ecs' && op.endsWith('ExpressGatewayService'))
}

/** A JSON 1.1 body: the input the models answer to, and what the conformance check reads. */
function parseJson(body: string): { input: Record<string, unknown>; decoded: unknown } {
  try {
    const decoded: unknown = JSON.parse(body || '{}')
    const isObject = typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)
    return { input: isObject ? (decoded as Record<string, unknown>) : {}, decoded }
  } catch {
    // Not JSON: the conformance check sees the text, and refuses it.
    return { input: {}, decoded: body }
  }
}

function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error
  return new AwsError('ServerException', `stand-in: ${String(error)}`, 500)
}
