import { RegisterTaskDefinitionRequest$ } from '@aws-sdk/client-ecs'
import { NormalizedSchema } from '@smithy/core/schema'

/*
 * JSON types of a task definition, checked against the RegisterTaskDefinition request shape that
 * the AWS SDK itself serializes with (its schema, not a copy of ours), so the check follows the API
 * as the SDK version we ship knows it.
 *
 * ECS parses requests strictly: a string where the API has an Integer is refused, e.g.
 * "Failed to register task definition in ECS: STRING_VALUE cannot be converted to Integer"
 * (aws-actions/amazon-ecs-deploy-task-definition#587, a containerPort written as "80"). The SDK
 * does not check types; it sends what it is given. So a wrong type is caught here, named with its
 * field and the type expected, before anything renders or registers.
 *
 * What the SDK itself drops is not refused: a member set to null is left out of the request (the
 * same as absent), and so is a member the API does not have.
 */

const REQUEST = NormalizedSchema.of(RegisterTaskDefinitionRequest$)

export interface ShapeProblem {
  /** Where, as the user would write it: "containerDefinitions[0].portMappings[0].containerPort". */
  readonly path: string
  readonly message: string
}

/** Every field of a wrong JSON type in a RegisterTaskDefinition input (empty when none). */
export function shapeProblems(value: unknown): ShapeProblem[] {
  const problems: ShapeProblem[] = []
  check(value, REQUEST, '', problems)
  return problems
}

/** "container "web": portMappings[0].containerPort" for a problem path, naming the container. */
export function describePath(path: string, root: unknown): string {
  const m = /^containerDefinitions\[(\d+)\]\.?(.*)$/.exec(path)
  if (m === null) return `field "${path}"`
  const containers = isRecord(root) ? root.containerDefinitions : undefined
  const container = Array.isArray(containers) ? containers[Number(m[1])] : undefined
  const name = isRecord(container) && typeof container.name === 'string' ? container.name : ''
  const who = name !== '' ? `container "${name}"` : `container ${Number(m[1]) + 1}`
  return m[2] === '' ? who : `${who}: field "${m[2]}"`
}

function check(value: unknown, schema: NormalizedSchema, path: string, out: ShapeProblem[]): void {
  if (schema.isStructSchema()) {
    if (!isRecord(value)) return wrong(value, 'an object', path, out)
    for (const [name, member] of schema.structIterator()) {
      const child = value[name]
      // The SDK leaves null members out of the request: the same as not setting them.
      if (child === undefined || child === null) continue
      check(child, member, join(path, name), out)
    }
    return
  }
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return wrong(value, 'an array', path, out)
    value.forEach((item, i) => check(item, schema.getValueSchema(), `${path}[${i}]`, out))
    return
  }
  if (schema.isMapSchema()) {
    if (!isRecord(value)) return wrong(value, 'an object of names to values', path, out)
    for (const [key, item] of Object.entries(value)) {
      check(item, schema.getValueSchema(), `${path}.${key}`, out)
    }
    return
  }
  if (schema.isStringSchema()) {
    if (typeof value !== 'string') wrong(value, 'a string', path, out)
    return
  }
  if (schema.isBooleanSchema()) {
    if (typeof value !== 'boolean') wrong(value, 'true or false', path, out)
    return
  }
  if (schema.isNumericSchema()) {
    // Every number in a task definition is an Integer in the API reference.
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      wrong(value, 'a whole number', path, out)
    return
  }
  // Documents and anything newer than this check: the SDK passes them as they are.
}

/*
 * Environment variables are never printed, their values least of all (they come from the file or
 * from AWS): a wrong type under "environment" is named by its kind alone, never by what it holds.
 */
const ENVIRONMENT = /^containerDefinitions\[\d+\]\.environment(?:\[|$)/

function wrong(value: unknown, expected: string, path: string, out: ShapeProblem[]): void {
  const secret = ENVIRONMENT.test(path)
  out.push({
    path,
    message: `must be ${expected}, not ${secret ? kind(value) : describe(value)}.${hint(value, expected, secret)}`
  })
}

function hint(value: unknown, expected: string, secret: boolean): string {
  if (expected === 'a whole number' && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    return secret ? ' Write it without quotes.' : ` Write ${value.trim()} without quotes.`
  }
  if (expected === 'a string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return secret ? ' Write it in quotes.' : ` Write "${String(value)}" in quotes.`
  }
  return ''
}

/** What the value is, never what it holds. */
function kind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'number') return 'a number'
  if (typeof value === 'boolean') return 'a boolean'
  return 'an object'
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string ${JSON.stringify(clip(value))}`
  if (typeof value === 'number') return `the number ${value}`
  if (typeof value === 'boolean') return `${value}`
  return 'an object'
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
