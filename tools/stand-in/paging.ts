import { AwsError } from './wire.js'

/*
 * List operations of EventBridge and EventBridge Scheduler answer a page and a NextToken. "A token
 * indicating there are more results available. If there are no more results, no token is included
 * in the response." (EventBridge API Reference, ListRules) The token is opaque; the stand-in's
 * carries the offset of the next item. One it did not hand out is refused with `invalidToken`:
 * "Using an expired pagination token results in an HTTP 400 InvalidToken error." (EventBridge API
 * Reference, ListRules NextToken).
 */

export interface Paging {
  /** The page size asked (Limit / MaxResults); undefined: the operation's maximum. */
  readonly limit: number | undefined
  /** The maximum page size: "The maximum number of results per page for requests is 100." */
  readonly max: number
  readonly token: unknown
  /** The error a token the stand-in did not hand out is answered with. */
  readonly invalidToken: () => AwsError
}

export interface Page<T> {
  readonly items: T[]
  readonly nextToken?: string
}

const PREFIX = 'stand-in-page:'

export function page<T>(items: readonly T[], paging: Paging): Page<T> {
  const start = offset(paging)
  const size = Math.min(paging.limit ?? paging.max, paging.max)
  const end = start + size
  const slice = items.slice(start, end)
  return end < items.length
    ? { items: slice, nextToken: Buffer.from(`${PREFIX}${end}`).toString('base64') }
    : { items: slice }
}

function offset(paging: Paging): number {
  if (paging.token === undefined || paging.token === null) return 0
  const text = Buffer.from(String(paging.token), 'base64').toString('utf8')
  const n = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN
  if (!Number.isInteger(n) || n < 0) throw paging.invalidToken()
  return n
}
