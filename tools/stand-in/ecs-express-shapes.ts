import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { AwsError } from './wire.js'

/*
 * The requests the Express Gateway operations accept, read from AWS's published model of ECS
 * (tools/aws-models/models/ecs.json, botocore service-2.json): required members, members the
 * operation does not have, types, enums, list lengths, string lengths and patterns. A request the
 * model does not accept is refused with InvalidParameterException ("The specified parameter isn't
 * valid. Review the available parameters for the API request.", ECS API Reference, Errors of
 * CreateExpressGatewayService and the other three). The message is the stand-in's own wording,
 * shaped as AWS's validation messages are ("1 validation error detected: ..."); ECS does not
 * document its own. Tests also read answers against the model with conformance().
 */

interface ModelShape {
  readonly type: string
  readonly members?: Readonly<Record<string, { readonly shape: string }>>
  readonly required?: readonly string[]
  readonly member?: { readonly shape: string }
  readonly key?: { readonly shape: string }
  readonly value?: { readonly shape: string }
  readonly enum?: readonly string[]
  readonly min?: number
  readonly max?: number
  readonly pattern?: string
}

interface Model {
  readonly operations: Readonly<
    Record<string, { readonly input?: { shape: string }; readonly output?: { shape: string } }>
  >
  readonly shapes: Readonly<Record<string, ModelShape>>
}

const MODEL = JSON.parse(
  readFileSync(fileURLToPath(new URL('../aws-models/models/ecs.json', import.meta.url)), 'utf8')
) as Model

/** What in `value` the model's shape `name` does not allow, one line each (path: problem). */
export function conformance(name: string, value: unknown, path = ''): string[] {
  const shape = MODEL.shapes[name]
  if (shape === undefined) return [`${path}: no shape ${name} in the model`]
  const at = path || 'request'
  switch (shape.type) {
    case 'structure':
      return structureProblems(shape, value, path)
    case 'list':
      if (!Array.isArray(value)) return [`${at}: must be a list`]
      return [
        ...lengthProblems(shape, value.length, at, 'items'),
        ...value.flatMap((v, i) => conformance(shape.member?.shape ?? '', v, `${path}[${i}]`))
      ]
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${at}: must be a map`]
      return Object.entries(value).flatMap(([k, v]) => [
        ...conformance(shape.key?.shape ?? '', k, `${path}{${k}}`),
        ...conformance(shape.value?.shape ?? '', v, `${path}.${k}`)
      ])
    case 'string':
      return stringProblems(shape, value, at)
    case 'integer':
    case 'long':
      return Number.isInteger(value)
        ? rangeProblems(shape, value as number, at)
        : [`${at}: must be an integer`]
    case 'double':
    case 'float':
    case 'timestamp':
      return typeof value === 'number' ? [] : [`${at}: must be a number`]
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: must be a boolean`]
    default:
      return []
  }
}

function structureProblems(shape: ModelShape, value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${path || 'request'}: must be a structure`]
  const members = shape.members ?? {}
  const record = value as Record<string, unknown>
  const problems: string[] = []
  for (const key of shape.required ?? []) {
    if (record[key] === undefined || record[key] === null)
      problems.push(`${path ? `${path}.` : ''}${key}: Member must not be null`)
  }
  for (const [key, v] of Object.entries(record)) {
    const member = members[key]
    const here = path ? `${path}.${key}` : key
    if (member === undefined) problems.push(`${here}: is not a member of this request`)
    else if (v !== undefined && v !== null) problems.push(...conformance(member.shape, v, here))
  }
  return problems
}

function stringProblems(shape: ModelShape, value: unknown, at: string): string[] {
  if (typeof value !== 'string') return [`${at}: must be a string`]
  if (shape.enum && !shape.enum.includes(value))
    return [`${at}: Member must satisfy enum value set: [${shape.enum.join(', ')}]`]
  const problems = lengthProblems(shape, [...value].length, at, 'characters')
  if (shape.pattern && !new RegExp(shape.pattern, 'u').test(value))
    problems.push(`${at}: Member must satisfy regular expression pattern: ${shape.pattern}`)
  return problems
}

function lengthProblems(shape: ModelShape, length: number, at: string, what: string): string[] {
  if (shape.min !== undefined && length < shape.min)
    return [`${at}: Member must have length greater than or equal to ${shape.min} ${what}`]
  if (shape.max !== undefined && length > shape.max)
    return [`${at}: Member must have length less than or equal to ${shape.max} ${what}`]
  return []
}

function rangeProblems(shape: ModelShape, value: number, at: string): string[] {
  if (shape.min !== undefined && value < shape.min)
    return [`${at}: Member must have value greater than or equal to ${shape.min}`]
  if (shape.max !== undefined && value > shape.max)
    return [`${at}: Member must have value less than or equal to ${shape.max}`]
  return []
}

/** The model's input (or output) shape of an ECS operation. */
export function shapeOf(op: string, side: 'input' | 'output'): string {
  const shape = MODEL.operations[op]?.[side]?.shape
  if (shape === undefined) throw new Error(`stand-in: no ${side} of ${op} in the ECS model`)
  return shape
}

/** Refuses a request the model does not accept for `op`, in InvalidParameterException. */
export function checkRequest(op: string, input: Record<string, unknown>): void {
  const problems = conformance(shapeOf(op, 'input'), input)
  if (problems.length === 0) return
  const n = problems.length
  throw new AwsError(
    'InvalidParameterException',
    `${n} validation error${n > 1 ? 's' : ''} detected: ${problems.join('; ')}`
  )
}
