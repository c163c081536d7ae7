import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { AccessChecks, signature } from './access.js'
import { writeTaskLogs } from './awslogs-driver.js'
import type { AwsCall, AwsService } from './calls.js'
import { EcrModel } from './ecr.js'
import { EcsModel } from './ecs.js'
import { EcsTasks } from './ecs-tasks.js'
import { LogsModel } from './logs.js'
import type { StandInOptions } from './options.js'
import { StsModel, queryError, requestId } from './sts.js'
import { AwsError } from './wire.js'

export { rollouts, type RolloutScript, type RolloutStep, type StoppedTaskSpec } from './ecs.js'
export type { NativeScenario } from './ecs-strategies.js'
export {
  crashedTask,
  expressDeployments,
  type ExpressScenario,
  type ExpressTiming
} from './ecs-express-scenarios.js'
export { INFRASTRUCTURE_ROLE, type ExpressSeed } from './ecs-express.js'
export { ACCOUNT, REGION } from './wire.js'
export type { TaskScript } from './ecs-tasks.js'
export { STATIC_KEYS } from './access.js'
export type { AwsCall, AwsService } from './calls.js'
export type { StandInOptions } from './options.js'

/*
 * ONE local HTTP server standing in for AWS: ECS (Express Mode included: ecs-express.ts), ECR and
 * CloudWatch Logs over JSON 1.1 (X-Amz-Target), STS over the query protocol
 * (AssumeRoleWithWebIdentity, GetCallerIdentity). The actions reach it only through
 * AWS_ENDPOINT_URL_ECS / _ECR / _STS / _CLOUDWATCH_LOGS; they do not know it exists. Every
 * request is recorded (service, operation, input, time, the access key that signed it), so tests
 * assert the calls made and not made. Tests script what AWS does over time: rolling rollouts
 * (`rollouts`), blue/green, linear and canary deployments (NativeScenario), Express services'
 * deployments (`expressDeployments`, queued with `ecs.express.queue`). A tool of the project
 * (tests, demo, bench), never bundled.
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
  close(): Promise<void>
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
    onTaskStopped: (task, td, spec) => writeTaskLogs(logs, task, td, spec.logLines ?? []),
    createLogGroup: name => {
      if (!logs.hasGroup(name)) logs.seedGroup(name)
    }
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
      // STS: the query protocol.
      const params = new URLSearchParams(body)
      const op = params.get('Action') ?? ''
      const input = Object.fromEntries(params.entries())
      const record = (status: number, extra: Partial<AwsCall> = {}) =>
        calls.push({ service: 'sts', op, input, at, status, throttled: false, ...signer, ...extra })
      const send = (status: number, xml: string) => {
        response.writeHead(status, {
          'content-type': 'text/xml',
          'x-amzn-requestid': requestId()
        })
        response.end(xml)
      }
      if (options.throttleFirst && !seen.has(`sts:${op}`)) {
        seen.add(`sts:${op}`)
        record(400, { error: 'Throttling', throttled: true })
        send(400, queryError(new AwsError('Throttling', 'Rate exceeded')))
        return
      }
      try {
        const xml = sts.handle(params, () => access.caller(signer))
        record(200)
        send(200, xml)
      } catch (error) {
        const e = toAwsError(error)
        record(e.status, { error: e.type })
        send(e.status, queryError(e))
      }
      return
    }

    const service = TARGETS[prefix] as AwsService
    const op = target.slice(prefix.length)
    let input: Record<string, unknown> = {}
    try {
      input = JSON.parse(body || '{}') as Record<string, unknown>
    } catch {
      input = {}
    }
    const record = (status: number, extra: Partial<AwsCall> = {}) =>
      calls.push({ service, op, input, at, status, throttled: false, ...signer, ...extra })
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': requestId()
      })
      response.end(JSON.stringify(payload))
    }
    const fail = (e: AwsError, extra: Partial<AwsCall> = {}) => {
      record(e.status, { error: e.type, ...extra })
      send(e.status, { __type: e.type, message: e.message })
    }

    const refused = access.authenticate(signer)
    if (refused !== undefined) {
      fail(refused)
      return
    }
    if (options.throttleFirst && !seen.has(`${service}:${op}`)) {
      seen.add(`${service}:${op}`)
      fail(new AwsError('ThrottlingException', 'Rate exceeded'), { throttled: true })
      return
    }
    const denied = access.denial(signer, service, op, input)
    if (denied !== undefined) {
      fail(denied)
      return
    }
    const operation =
      service === 'ecs'
        ? (tasks.operations[op] ?? ecs.operations[op])
        : service === 'logs'
          ? logs.operations[op]
          : ecr.operations[op]
    if (operation === undefined) {
      fail(new AwsError('UnknownOperationException', `stand-in: no operation ${target}`))
      return
    }
    try {
      const output = await operation(input)
      record(200)
      send(200, output)
    } catch (error) {
      fail(toAwsError(error))
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
    close: async () => {
      await ecr.close()
      await new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
    }
  }
}

function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error
  return new AwsError('ServerException', `stand-in: ${String(error)}`, 500)
}
