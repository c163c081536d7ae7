import type { IncomingMessage, ServerResponse } from 'node:http'
import { type AccessChecks, type Signer, signature } from './access.js'
import type { AwsCall, AwsService } from './calls.js'
import type { Conformance } from './conformance.js'
import type { Faults } from './faults.js'
import type { StandInOptions } from './options.js'
import type { SchedulerModel } from './schedules/scheduler.js'
import { bindRequest, restError } from './schedules/scheduler-http.js'
import { type StsModel, queryError, requestId } from './sts.js'
import { AwsError } from './wire.js'

/*
 * The stand-in's HTTP side: one request read, routed by protocol (AWS JSON 1.1 by X-Amz-Target,
 * Scheduler's REST-JSON by method and path, STS's query protocol otherwise), admitted (signature,
 * throttleFirst, the role's policy), checked against AWS's models, answered and recorded.
 */

export type JsonService = 'ecs' | 'ecr' | 'logs' | 'codedeploy' | 'events'
export type Operations = Record<
  string,
  (input: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>
>

/** What answers the requests: the models' operations, the checks, the record of calls. */
export interface Backend {
  readonly options: StandInOptions
  readonly calls: AwsCall[]
  readonly access: AccessChecks
  readonly conformance: Conformance
  readonly faults: Faults
  readonly sts: StsModel
  readonly scheduler: SchedulerModel
  /** Each JSON service's operations, looked up as the request comes (a test may add one). */
  operationsOf(service: JsonService): Operations
  /** The operations already called once, for throttleFirst. */
  readonly seen: Set<string>
}

/** One request as it came, and where its answer goes. */
interface Exchange {
  readonly request: IncomingMessage
  readonly response: ServerResponse
  readonly body: string
  readonly url: URL
  readonly signer: Signer
  /** What every recorded call of this request carries: when it came, who signed it. */
  readonly base: { readonly at: number; readonly throttled: boolean } & Signer
}

const TARGETS: Record<string, JsonService> = {
  'AmazonEC2ContainerServiceV20141113.': 'ecs',
  'AmazonEC2ContainerRegistry_V20150921.': 'ecr',
  'Logs_20140328.': 'logs',
  'CodeDeploy_20141006.': 'codedeploy',
  'AWSEvents.': 'events'
}

export async function handle(
  backend: Backend,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  const at = performance.timeOrigin + performance.now()
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const body = Buffer.concat(chunks).toString('utf8')
  const signer = signature(request)
  const target = String(request.headers['x-amz-target'] ?? '')
  const prefix = Object.keys(TARGETS).find(p => target.startsWith(p))
  const url = new URL(request.url ?? '/', 'http://stand-in')
  const exchange: Exchange = {
    request,
    response,
    body,
    url,
    signer,
    base: { at, throttled: false, ...signer }
  }

  if (prefix !== undefined) {
    const service = TARGETS[prefix] as JsonService
    await json11(backend, exchange, service, target.slice(prefix.length), target)
  } else if (/^\/(schedules|schedule-groups)(\/|$)/.test(url.pathname)) {
    rest(backend, exchange)
  } else {
    query(backend, exchange)
  }
}

/** throttleFirst: the first call of each operation is throttled. */
function throttledFirst(backend: Backend, key: string): boolean {
  if (!backend.options.throttleFirst || backend.seen.has(key)) return false
  backend.seen.add(key)
  return true
}

type Admission = { readonly error: AwsError; readonly throttled: boolean } | undefined

/** Whether a signed request may run: its signature, throttleFirst, the role's policy. */
function admit(
  backend: Backend,
  signer: Signer,
  service: AwsService,
  op: string,
  input: Record<string, unknown>
): Admission {
  const refused = backend.access.authenticate(signer)
  if (refused !== undefined) return { error: refused, throttled: false }
  if (throttledFirst(backend, `${service}:${op}`)) {
    return { error: new AwsError('ThrottlingException', 'Rate exceeded'), throttled: true }
  }
  const denied = backend.access.denial(signer, service, op, input)
  return denied !== undefined ? { error: denied, throttled: false } : undefined
}

/** ECS, ECR, CloudWatch Logs, EventBridge: AWS JSON 1.1, the operation in X-Amz-Target. */
async function json11(
  backend: Backend,
  exchange: Exchange,
  service: JsonService,
  op: string,
  target: string
): Promise<void> {
  const { calls, conformance, faults } = backend
  const { request, response, base } = exchange
  const { input, decoded } = parseJson(exchange.body)
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
  const admission = admit(backend, exchange.signer, service, op, input)
  if (admission !== undefined) return fail(admission.error, admission.throttled)
  if (malformed !== undefined) return fail(malformed)
  const operation = backend.operationsOf(service)[op]
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
function rest(backend: Backend, exchange: Exchange): void {
  const { request, response, url, base } = exchange
  const method = request.method ?? 'GET'
  let op = `${method} ${url.pathname}`
  let input: Record<string, unknown> = {}
  const send = (
    status: number,
    headers: Record<string, string>,
    payload: string,
    extra: Partial<AwsCall> = {}
  ) => {
    backend.calls.push({ service: 'scheduler', op, input, status, ...base, ...extra })
    response.writeHead(status, { ...headers, 'x-amzn-requestid': requestId() })
    response.end(payload)
  }
  const fail = (e: AwsError, throttled = false) => {
    const answer = restError(e)
    send(answer.status, answer.headers, answer.body, { error: e.type, throttled })
  }
  try {
    const bound = bindRequest(method, url, request.headers, exchange.body)
    if (bound === undefined)
      throw new AwsError('UnknownOperationException', `stand-in: no route ${op}`)
    op = bound.op
    input = bound.input
    const admission = admit(backend, exchange.signer, 'scheduler', op, input)
    if (admission !== undefined) return fail(admission.error, admission.throttled)
    const operation = backend.scheduler.operations[op]
    if (operation === undefined)
      throw new AwsError('UnknownOperationException', `stand-in: no operation ${op}`)
    const json = JSON.stringify(operation(input))
    backend.conformance.answer('scheduler', op, JSON.parse(json))
    send(200, { 'content-type': 'application/json' }, json)
  } catch (error) {
    fail(toAwsError(error))
  }
}

/** STS: the query protocol (a form-encoded POST, XML answers). */
function query(backend: Backend, exchange: Exchange): void {
  const { response, base } = exchange
  const params = new URLSearchParams(exchange.body)
  const op = params.get('Action') ?? ''
  const input = Object.fromEntries(params.entries())
  const send = (status: number, xml: string, extra: Partial<AwsCall> = {}) => {
    backend.calls.push({ service: 'sts', op, input, status, ...base, ...extra })
    response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() })
    response.end(xml)
  }
  const malformed = backend.conformance.queryRequest('sts', op, params.entries())
  if (throttledFirst(backend, `sts:${op}`)) {
    const e = new AwsError('Throttling', 'Rate exceeded')
    return send(400, queryError(e), { error: e.type, throttled: true })
  }
  if (malformed !== undefined)
    return send(malformed.status, queryError(malformed), { error: malformed.type })
  try {
    const answer = backend.sts.handle(params, () => backend.access.caller(exchange.signer))
    backend.conformance.answer('sts', op, answer.result)
    send(200, answer.xml)
  } catch (error) {
    const e = toAwsError(error)
    send(e.status, queryError(e), { error: e.type })
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
