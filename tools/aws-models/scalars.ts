import { compilePattern } from './patterns.js'
import type {
  BlobShape,
  NumberShape,
  Rule,
  Shape,
  ShapeRef,
  StringShape,
  TimestampShape
} from './types.js'

/*
 * The checks of one scalar value against its shape, as the JSON protocols carry it (AWS JSON 1.0
 * and 1.1, REST-JSON): strings, numbers, booleans, timestamps, blobs. Each returns the problems,
 * none when the value conforms, each with the rule it breaks. Pure: no model, no state.
 */

export interface Problem {
  readonly problem: string
  readonly rule: Rule
}

export type Problems = Problem[]

const wrongType = (type: Shape['type'], problem: string): Problems => [
  { problem, rule: { kind: 'type', type } }
]

const INT32: readonly [number, number] = [-(2 ** 31), 2 ** 31 - 1]

export function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}

/**
 * A size or value past the shape's min or max, worded by `say` (`${what} is below the minimum
 * ${min}`). Length limits count Unicode code points (Smithy's length trait), entries for lists and
 * maps, bytes for blobs.
 */
export function boundProblems(
  size: number,
  shape: { min?: number; max?: number },
  of: 'length' | 'entries' | 'bytes' | 'value',
  say: (bound: 'below the minimum' | 'above the maximum', limit: number) => string
): Problems {
  const problems: Problems = []
  if (shape.min !== undefined && size < shape.min)
    problems.push({
      problem: say('below the minimum', shape.min),
      rule: { kind: 'min', limit: shape.min, of }
    })
  if (shape.max !== undefined && size > shape.max)
    problems.push({
      problem: say('above the maximum', shape.max),
      rule: { kind: 'max', limit: shape.max, of }
    })
  return problems
}

export function checkString(shape: StringShape, value: unknown): Problems {
  if (typeof value !== 'string')
    return wrongType('string', `expected a string, got ${typeName(value)}`)
  const length = [...value].length
  const problems = boundProblems(length, shape, 'length', (b, n) => `length ${length} is ${b} ${n}`)
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    problems.push({
      problem: `${JSON.stringify(value)} is not one of ${shape.enum.join(', ')}`,
      rule: { kind: 'enum', values: shape.enum }
    })
  }
  const pattern = shape.pattern === undefined ? undefined : compilePattern(shape.pattern)
  if (shape.pattern !== undefined && pattern !== undefined && !pattern.test(value)) {
    problems.push({
      problem: `${JSON.stringify(value)} does not match the pattern ${shape.pattern}`,
      rule: { kind: 'pattern', pattern: shape.pattern }
    })
  }
  return problems
}

const NUMBER_NAMES: Readonly<Record<NumberShape['type'], string>> = {
  integer: 'an integer',
  long: 'a long',
  double: 'a number',
  float: 'a number'
}

/** The JSON protocols carry NaN and the infinities of doubles and floats as these strings. */
const NON_FINITE = ['NaN', 'Infinity', '-Infinity']

export function checkNumber(shape: NumberShape, value: unknown): Problems {
  const floating = shape.type === 'double' || shape.type === 'float'
  if (floating && typeof value === 'string' && NON_FINITE.includes(value)) return []
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return wrongType(shape.type, `expected ${NUMBER_NAMES[shape.type]}, got ${typeName(value)}`)
  }
  if (!floating && !Number.isInteger(value))
    return wrongType(shape.type, `expected ${NUMBER_NAMES[shape.type]}, got ${value}`)
  const problems: Problems = []
  if (shape.type === 'integer' && (value < INT32[0] || value > INT32[1])) {
    const rule: Rule =
      value < INT32[0]
        ? { kind: 'min', limit: INT32[0], of: 'value' }
        : { kind: 'max', limit: INT32[1], of: 'value' }
    problems.push({ problem: `${value} is outside the 32-bit integer range`, rule })
  }
  problems.push(...boundProblems(value, shape, 'value', (b, n) => `${value} is ${b} ${n}`))
  return problems
}

export function checkBoolean(value: unknown): Problems {
  return typeof value === 'boolean'
    ? []
    : wrongType('boolean', `expected a boolean, got ${typeName(value)}`)
}

/** A JSON number's text, as the SDK's strictParseDouble accepts it. */
const DOUBLE_TEXT = /^-?\d*\.?\d+(?:[eE][+-]?\d+)?$/

/**
 * The format a protocol gives timestamps that name none: epoch seconds for the JSON protocols
 * (JSON 1.0/1.1, REST-JSON bodies), ISO 8601 for the query protocols.
 */
export function protocolTimestampFormat(protocol: string): string {
  return protocol === 'query' || protocol === 'ec2' ? 'iso8601' : 'unixTimestamp'
}

/**
 * Epoch seconds are a number (fractions allowed); the SDK (parseEpochTimestamp) also accepts the
 * number's text. A member or shape may name another format: iso8601 (RFC 3339 date-time) or
 * rfc822 (HTTP date), both strings.
 */
export function checkTimestamp(
  shape: TimestampShape,
  ref: ShapeRef,
  value: unknown,
  protocolFormat = 'unixTimestamp'
): Problems {
  const format = ref.timestampFormat ?? shape.timestampFormat ?? protocolFormat
  if (format === 'unixTimestamp') {
    const ok =
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && DOUBLE_TEXT.test(value))
    return ok
      ? []
      : wrongType('timestamp', `expected epoch seconds (a number), got ${typeName(value)}`)
  }
  const ok = typeof value === 'string' && !Number.isNaN(Date.parse(value))
  return ok
    ? []
    : wrongType('timestamp', `expected a ${format} timestamp string, got ${typeName(value)}`)
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** The JSON protocols carry blobs as base64 text; limits count the decoded bytes. */
export function checkBlob(shape: BlobShape, value: unknown): Problems {
  if (typeof value !== 'string')
    return wrongType('blob', `expected a base64 string, got ${typeName(value)}`)
  if (!BASE64.test(value)) return wrongType('blob', 'not base64')
  const bytes = Buffer.from(value, 'base64').length
  return boundProblems(bytes, shape, 'bytes', (b, n) => `size (bytes) ${bytes} is ${b} ${n}`)
}
