import { errorStatus, loadModel, matchRestRoute, restInput } from '../../aws-models/index.js'
import { AwsError } from '../wire.js'

/*
 * The REST-JSON protocol of EventBridge Scheduler, bound as AWS's model binds it (scheduler.json,
 * read by tools/aws-models/rest-json.ts): each operation's `http` trait (method, requestUri such
 * as /schedules/{Name}) routes a request, and each input member's `location` / `locationName`
 * says where it travels: the path ("uri"), the query string ("querystring", e.g. GetSchedule's
 * groupName, ListSchedules' ScheduleGroup), a header, or, with no location, the JSON body. Errors
 * travel as `x-amzn-errortype` and a JSON body with Message, with the HTTP status the model gives
 * each error shape (ResourceNotFoundException 404, ConflictException 409, ValidationException
 * 400, ThrottlingException 429, ...).
 */

export interface Bound {
  readonly op: string
  readonly input: Record<string, unknown>
}

/** The operation and input a request carries; undefined when no operation has that route. */
export function bindRequest(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: string
): Bound | undefined {
  const model = loadModel('scheduler')
  const route = matchRestRoute(model, method, url.pathname)
  if (route === undefined) return undefined
  const request = { labels: route.labels, query: url.searchParams, headers, body: parseBody(body) }
  return { op: route.operation, input: restInput(model, route.operation, request) }
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
export function restError(error: AwsError): {
  status: number
  headers: Record<string, string>
  body: string
} {
  const status =
    errorStatus(loadModel('scheduler'), error.type) ?? COMMON_STATUS[error.type] ?? error.status
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.type },
    body: JSON.stringify({ Message: error.message })
  }
}
