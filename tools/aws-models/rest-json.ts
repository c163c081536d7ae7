import type { ServiceModel, ShapeRef } from './types.js'

/*
 * The HTTP bindings of a REST-JSON model (EventBridge Scheduler's): each operation's `http` trait
 * (method, and a requestUri such as /schedules/{Name}) names the requests it takes, and each input
 * member's `location` / `locationName` says where the member travels: the path ("uri"), the query
 * string ("querystring"), a header ("header"), or, with no location, the JSON body. Each error
 * shape's `error.httpStatusCode` is the status it is answered with. What is read here is the
 * model's; what a service answers to a request no route takes, or to a body that is not JSON, is
 * the caller's.
 */

/** The operation a request names, and the values of its path's labels, decoded. */
export interface RestRoute {
  readonly operation: string
  readonly labels: Readonly<Record<string, string>>
}

/** Where a REST request carries the members of its input. */
export interface RestRequest {
  readonly labels: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  /** Header names in lower case, as Node reads them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  /** The decoded JSON body; {} when there is none. */
  readonly body: Readonly<Record<string, unknown>>
}

interface Route {
  readonly operation: string
  readonly method: string
  readonly pattern: RegExp
  readonly labels: readonly string[]
}

const routeCache = new WeakMap<ServiceModel, Route[]>()

function routes(model: ServiceModel): Route[] {
  let list = routeCache.get(model)
  if (list === undefined) {
    list = Object.entries(model.operations).flatMap(([operation, { http }]) => {
      if (http === undefined) return []
      const path = http.requestUri.split('?')[0] ?? ''
      const labels: string[] = []
      const source = path.replace(/\{([^}+]+)\+?\}/g, (_m, label: string) => {
        labels.push(label)
        return '([^/]+)'
      })
      return [{ operation, method: http.method, pattern: new RegExp(`^${source}$`), labels }]
    })
    routeCache.set(model, list)
  }
  return list
}

/** The operation whose method and requestUri the request's match; undefined when none does. */
export function matchRestRoute(
  model: ServiceModel,
  method: string,
  pathname: string
): RestRoute | undefined {
  for (const route of routes(model)) {
    const match = route.method === method ? route.pattern.exec(pathname) : null
    if (match === null) continue
    const labels = Object.fromEntries(
      route.labels.map((l, i) => [l, decodeURIComponent(match[i + 1] ?? '')])
    )
    return { operation: route.operation, labels }
  }
  return undefined
}

/**
 * The operation's input as its members travel in the request: labels, query string, headers and
 * body. Query and header values of integer and boolean members are read as their type when their
 * text is one; any other text stays text, for the check to refuse.
 */
export function restInput(
  model: ServiceModel,
  operation: string,
  request: RestRequest
): Record<string, unknown> {
  const ref = model.operations[operation]?.input
  const shape = ref === undefined ? undefined : model.shapes[ref.shape]
  const members = shape?.type === 'structure' ? shape.members : {}
  const input: Record<string, unknown> = {}
  for (const [member, memberRef] of Object.entries(members)) {
    const value = locate(model, member, memberRef, request)
    if (value !== undefined) input[member] = value
  }
  return input
}

/** The HTTP status the model gives an error shape; undefined for an error it does not name. */
export function errorStatus(model: ServiceModel, error: string): number | undefined {
  const shape = model.shapes[error]
  return shape?.type === 'structure' ? shape.error?.httpStatusCode : undefined
}

function locate(model: ServiceModel, member: string, ref: ShapeRef, from: RestRequest): unknown {
  const name = ref.locationName ?? member
  switch (ref.location) {
    case 'uri':
      return from.labels[name]
    case 'querystring':
      return fromText(model, ref, from.query.get(name) ?? undefined)
    case 'header': {
      const h = from.headers[name.toLowerCase()]
      return fromText(model, ref, Array.isArray(h) ? h.join(',') : h)
    }
    case undefined:
      return from.body[member]
    default:
      return undefined
  }
}

/** A query or header value as its shape's type. */
function fromText(model: ServiceModel, ref: ShapeRef, text: string | undefined): unknown {
  if (text === undefined) return undefined
  const type = model.shapes[ref.shape]?.type
  if (type === 'integer' || type === 'long') return /^-?\d+$/.test(text) ? Number(text) : text
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text
  return text
}
