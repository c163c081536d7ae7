import type { AwsModel, MemberRef } from './aws-model.js'
import { AwsError } from './wire.js'

/*
 * The REST-JSON protocol of EventBridge Scheduler, bound as AWS's model binds it (scheduler.json):
 * each operation's `http` trait (method, requestUri such as /schedules/{Name}) routes a request,
 * and each input member's `location` / `locationName` says where it travels: the path
 * ("uri"), the query string ("querystring", e.g. GetSchedule's groupName, ListSchedules'
 * ScheduleGroup), a header, or, with no location, the JSON body. Errors travel as
 * `x-amzn-errortype` and a JSON body with Message, with the HTTP status the model gives each
 * error shape (ResourceNotFoundException 404, ConflictException 409, ValidationException 400,
 * ThrottlingException 429, ...).
 */

export interface Bound {
  readonly op: string
  readonly input: Record<string, unknown>
}

interface Route {
  readonly op: string
  readonly method: string
  readonly pattern: RegExp
  readonly labels: readonly string[]
}

const routeCache = new WeakMap<AwsModel, Route[]>()

function routes(model: AwsModel): Route[] {
  let list = routeCache.get(model)
  if (list === undefined) {
    list = Object.entries(model.operations).map(([op, o]) => {
      const path = o.http.requestUri.split('?')[0] ?? ''
      const labels: string[] = []
      const source = path.replace(/\{([^}+]+)\+?\}/g, (_m, label: string) => {
        labels.push(label)
        return '([^/]+)'
      })
      return { op, method: o.http.method, pattern: new RegExp(`^${source}$`), labels }
    })
    routeCache.set(model, list)
  }
  return list
}

/** The operation and input a request carries; undefined when no operation has that route. */
export function bindRequest(
  model: AwsModel,
  method: string,
  url: URL,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: string
): Bound | undefined {
  for (const route of routes(model)) {
    const match = route.method === method ? route.pattern.exec(url.pathname) : null
    if (match === null) continue
    const labels = Object.fromEntries(
      route.labels.map((l, i) => [l, decodeURIComponent(match[i + 1] ?? '')])
    )
    const json = parseBody(body)
    const shape = model.operations[route.op]?.input?.shape
    const members = shape !== undefined ? (model.shapes[shape]?.members ?? {}) : {}
    const input: Record<string, unknown> = {}
    for (const [member, ref] of Object.entries(members)) {
      const value = locate(model, member, ref, { labels, url, headers, json })
      if (value !== undefined) input[member] = value
    }
    return { op: route.op, input }
  }
  return undefined
}

interface Sources {
  readonly labels: Record<string, string>
  readonly url: URL
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly json: Record<string, unknown>
}

function locate(model: AwsModel, member: string, ref: MemberRef, from: Sources): unknown {
  const name = ref.locationName ?? member
  switch (ref.location) {
    case 'uri':
      return from.labels[name]
    case 'querystring':
      return scalar(model, ref.shape, from.url.searchParams.get(name) ?? undefined)
    case 'header': {
      const h = from.headers[name.toLowerCase()]
      return scalar(model, ref.shape, Array.isArray(h) ? h.join(',') : h)
    }
    case undefined:
      return from.json[member]
    default:
      return undefined
  }
}

/** A query or header value as its shape's type. */
function scalar(model: AwsModel, shape: string, text: string | undefined): unknown {
  if (text === undefined) return undefined
  const type = model.shapes[shape]?.type
  if (type === 'integer' || type === 'long') return /^-?\d+$/.test(text) ? Number(text) : text
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text
  return text
}

function parseBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {}
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON.')
  }
}

/** Errors outside the model's shapes, with the status AWS gives them on REST-JSON services. */
const COMMON_STATUS: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  UnrecognizedClientException: 403,
  MissingAuthenticationTokenException: 403,
  ExpiredTokenException: 403,
  UnknownOperationException: 404,
  SerializationException: 400
}

/** The status, headers and body of an error answer. */
export function restError(
  model: AwsModel,
  error: AwsError
): { status: number; headers: Record<string, string>; body: string } {
  const status =
    model.shapes[error.type]?.error?.httpStatusCode ?? COMMON_STATUS[error.type] ?? error.status
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.type },
    body: JSON.stringify({ Message: error.message })
  }
}
