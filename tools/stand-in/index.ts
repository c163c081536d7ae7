import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { AccessChecks, type Signer, signature } from './access.js'
import { writeTaskLogs } from './awslogs-driver.js'
import type { AwsCall, AwsService } from './calls.js'
import { Conformance, type ConformanceViolation } from './conformance.js'
import { EcrModel } from './ecr.js'
import { EcsModel } from './ecs.js'
import { EcsTasks } from './ecs-tasks.js'
import { LogsModel } from './logs.js'
import type { StandInOptions } from './options.js'
import { StsModel, queryError, requestId } from './sts.js'
import { AwsError } from './wire.js'

export { rollouts, type RolloutScript, type RolloutStep, type StoppedTaskSpec } from './ecs.js'
export type { NativeScenario } from './ecs-strategies.js'
export { ACCOUNT, REGION } from './wire.js'
export type { TaskScript } from './ecs-tasks.js'
export { STATIC_KEYS } from './access.js'
export type { AwsCall, AwsService } from './calls.js'
export type { StandInOptions } from './options.js'
export { Conformance, type ConformanceViolation } from './conformance.js'

/*
 * ONE local HTTP server standing in for AWS: ECS, ECR and CloudWatch Logs over JSON 1.1
 * (X-Amz-Target), STS over the query protocol. The actions reach it only through
 * AWS_ENDPOINT_URL_ECS / _ECR / _STS / _CLOUDWATCH_LOGS; they do not know it exists. Every
 * request is recorded (service, operation, input, time, the access key that signed it), so tests
 * assert the calls made and not made. Every request and every successful answer is held to AWS's
 * published models (conformance.ts): a malformed request is refused as AWS refuses it, and close()
 * fails on any violation, the stand-in's own included. A tool of the project (tests, demo, bench),
 * never bundled.
 */

export interface StandIn {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string
  /** AWS_ENDPOINT_URL_ECS / _ECR / _STS, all pointing here. */
  readonly endpointEnv: Readonly<Record<string, string>>
  readonly ecs: EcsModel
  readonly ecr: EcrModel
  readonly sts: StsModel
  readonly logs: LogsModel
  /** RunTask / StopTask and the standalone tasks (ecs-tasks.ts). */
  readonly tasks: EcsTasks
  readonly calls: readonly AwsCall[]
  /** Operations answered (not throttled), in order; optionally of one service. */
  ops(service?: AwsService): string[]
  /** Calls of one operation that were answered with success. */
  answered(op: string): AwsCall[]
  /** Every secret value the stand-in handed out: registry login, STS credentials. */
  secrets(): string[]
  /** Every violation of the AWS models seen: requests that broke them, answers that did. */
  violations(): readonly ConformanceViolation[]
  /** Stops the server; then throws an Error listing every violation of the AWS models seen. */
  close(): Promise<void>
}

/** One request being answered. */
interface Exchange {
  readonly body: string
  /** Epoch ms when it arrived. */
  readonly at: number
  readonly signer: Signer
  readonly response: ServerResponse
}

const TARGETS: Record<string, AwsService> = {
  'AmazonEC2ContainerServiceV20141113.': 'ecs',
  'AmazonEC2ContainerRegistry_V20150921.': 'ecr',
  'Logs_20140328.': 'logs'
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const logs = new LogsModel()
  const ecs = new EcsModel({
    serviceDeployments: options.serviceDeployments ?? true,
    ...(options.readLagMs ? { readLagMs: options.readLagMs } : {}),
    onTaskStopped: (task, td, spec) => writeTaskLogs(logs, task, td, spec.logLines ?? [])
  })
  const tasks = new EcsTasks(ecs, logs)
  const ecr = new EcrModel(options.registry)
  const sts = new StsModel({
    verify: options.verifyOidc ?? (() => undefined),
    subjectPattern: options.trustedSubjects ?? /^repo:megilance\/megilance:.+$/,
    ...(options.sessionSeconds !== undefined ? { sessionSeconds: options.sessionSeconds } : {})
  })
  const calls: AwsCall[] = []
  const seen = new Set<string>()
  const access = new AccessChecks(options, sts, calls)
  const conformance = new Conformance()

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' })
      response.end(String(error))
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.timeOrigin + performance.now()
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const signer = signature(request)
    const target = String(request.headers['x-amz-target'] ?? '')
    const prefix = Object.keys(TARGETS).find(p => target.startsWith(p))
    if (prefix === undefined) {
      handleQuery({ body, at, signer, response })
      return
    }
    const service = TARGETS[prefix] as AwsService
    await handleJson({ body, at, signer, response }, service, target.slice(prefix.length))
  }

  /** STS: the query protocol (form-encoded POST, XML answers; the result is checked before it is written as XML). */
  function handleQuery({ body, at, signer, response }: Exchange): void {
    const params = new URLSearchParams(body)
    const op = params.get('Action') ?? ''
    const input = Object.fromEntries(params.entries())
    const malformed = conformance.queryRequest('sts', op, params.entries())
    const record = (status: number, extra: Partial<AwsCall> = {}) =>
      calls.push({ service: 'sts', op, input, at, status, throttled: false, ...signer, ...extra })
    const fail = (e: AwsError, extra: Partial<AwsCall> = {}) => {
      record(e.status, { error: e.type, ...extra })
      sendXml(response, e.status, queryError(e))
    }
    if (options.throttleFirst && !seen.has(`sts:${op}`)) {
      seen.add(`sts:${op}`)
      fail(new AwsError('Throttling', 'Rate exceeded'), { throttled: true })
      return
    }
    if (malformed !== undefined) {
      fail(malformed)
      return
    }
    try {
      const answer = sts.handle(params)
      conformance.answer('sts', op, answer.result)
      record(200)
      sendXml(response, 200, answer.xml)
    } catch (error) {
      fail(toAwsError(error))
    }
  }

  /** ECS, ECR, CloudWatch Logs: JSON 1.1, the operation named by X-Amz-Target. */
  async function handleJson(
    { body, at, signer, response }: Exchange,
    service: AwsService,
    op: string
  ): Promise<void> {
    const { input, decoded } = parseJson(body)
    // Every request is checked; AWS answers a malformed one only once it has authenticated it.
    const malformed = conformance.request(service, op, decoded)
    const record = (status: number, extra: Partial<AwsCall> = {}) =>
      calls.push({ service, op, input, at, status, throttled: false, ...signer, ...extra })
    const fail = (e: AwsError, extra: Partial<AwsCall> = {}) => {
      record(e.status, { error: e.type, ...extra })
      sendJson(response, e.status, JSON.stringify({ __type: e.type, message: e.message }))
    }
    const refused = access.authenticate(signer)
    if (refused !== undefined) return fail(refused)
    if (options.throttleFirst && !seen.has(`${service}:${op}`)) {
      seen.add(`${service}:${op}`)
      return fail(new AwsError('ThrottlingException', 'Rate exceeded'), { throttled: true })
    }
    const denied = access.denial(signer, service, op, input)
    if (denied !== undefined) return fail(denied)
    if (malformed !== undefined) return fail(malformed)
    const operation = operationOf(service, op)
    if (operation === undefined) {
      return fail(new AwsError('UnknownOperationException', `stand-in: no operation ${op}`))
    }
    try {
      // What the client reads is the JSON text: checked as it will arrive.
      const text = JSON.stringify(await operation(input))
      conformance.answer(service, op, JSON.parse(text))
      record(200)
      sendJson(response, 200, text)
    } catch (error) {
      fail(toAwsError(error))
    }
  }

  function operationOf(service: AwsService, op: string) {
    if (service === 'ecs') return tasks.operations[op] ?? ecs.operations[op]
    return service === 'logs' ? logs.operations[op] : ecr.operations[op]
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
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint
    },
    ecs,
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

/** A JSON 1.1 body: the input the models answer to, and what the conformance check reads. */
function parseJson(body: string): { input: Record<string, unknown>; decoded: unknown } {
  try {
    const decoded: unknown = JSON.parse(body || '{}')
    const input = typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)
    return { input: input ? (decoded as Record<string, unknown>) : {}, decoded }
  } catch {
    // Not JSON: the conformance check sees the text, and refuses it.
    return { input: {}, decoded: body }
  }
}

function sendJson(response: ServerResponse, status: number, json: string): void {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId()
  })
  response.end(json)
}

function sendXml(response: ServerResponse, status: number, xml: string): void {
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() })
  response.end(xml)
}

function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error
  return new AwsError('ServerException', `stand-in: ${String(error)}`, 500)
}
