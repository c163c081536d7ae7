import { randomBytes } from 'node:crypto'

/** The account and region every stand-in ARN lives in. */
export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'

/** An AWS error as the wire carries it: `__type` (JSON 1.1) or `<Code>` (query), HTTP 400. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
    this.name = type
  }
}

/** JSON 1.1 timestamps are epoch seconds (a number, fractions allowed). */
export const epoch = (ms: number): number => Math.round(ms) / 1000

/** JSON 1.1 request timestamps arrive as epoch seconds; tolerate ISO strings too. */
export function fromEpoch(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000
  if (typeof value === 'string') {
    const n = Number(value)
    return Number.isNaN(n) ? Date.parse(value) : n * 1000
  }
  return undefined
}

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex')

/** Digits, as ECS deployment ids carry them (ecs-svc/1234567890123456789). */
export function digits(n: number): string {
  let out = ''
  for (const b of randomBytes(n)) out += String(b % 10)
  return out.replace(/^0/, '1')
}

/** Letters and digits, upper case (access key ids). */
export function upperAlnum(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let out = ''
  for (const b of randomBytes(n)) out += alphabet[b % alphabet.length]
  return out
}

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

export function asRecords(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(asRecord) : []
}
