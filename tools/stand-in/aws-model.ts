import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AwsError } from './wire.js'

/*
 * AWS's published service models (tools/aws-models/models, botocore service-2.json) as the
 * stand-in reads them: the shapes an operation takes and answers, and the HTTP bindings of a
 * REST-JSON service. A request that breaks a shape's constraints is refused as the service does:
 * "ValidationException: The input fails to satisfy the constraints specified by an AWS service."
 * (EventBridge Scheduler API Reference, Common Errors / ValidationException; the AWS common error
 * "ValidationError" reads the same). Members a shape does not have are dropped, so what the
 * stand-in keeps, and answers, has only the members AWS's model has.
 */

export interface MemberRef {
  readonly shape: string
  readonly location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode'
  readonly locationName?: string
}

export interface Shape {
  readonly type: string
  readonly members?: Readonly<Record<string, MemberRef>>
  readonly required?: readonly string[]
  readonly member?: MemberRef
  readonly key?: MemberRef
  readonly value?: MemberRef
  readonly enum?: readonly string[]
  readonly min?: number
  readonly max?: number
  readonly pattern?: string
  readonly error?: { readonly httpStatusCode?: number }
}

export interface Operation {
  readonly name: string
  readonly http: { readonly method: string; readonly requestUri: string }
  readonly input?: { readonly shape: string }
  readonly output?: { readonly shape: string }
}

export interface AwsModel {
  readonly operations: Readonly<Record<string, Operation>>
  readonly shapes: Readonly<Record<string, Shape>>
}

const loaded = new Map<string, AwsModel>()

/** tools/aws-models/models/<name>.json, read once. */
export function awsModel(name: 'events' | 'scheduler'): AwsModel {
  let model = loaded.get(name)
  if (model === undefined) {
    const file = resolve(process.cwd(), 'tools/aws-models/models', `${name}.json`)
    model = JSON.parse(readFileSync(file, 'utf8')) as AwsModel
    loaded.set(name, model)
  }
  return model
}

/**
 * The input of `operation` as the service takes it: validated against the model (the first
 * violation throws ValidationException, in the AWS JSON wording "1 validation error detected:
 * Value ... at '...' failed to satisfy constraint: Member must ...") and pruned to the model's
 * members.
 */
export function conformInput(
  model: AwsModel,
  operation: string,
  input: Record<string, unknown>
): Record<string, unknown> {
  const shape = model.operations[operation]?.input?.shape
  if (shape === undefined) return {}
  return conform(model, shape, input, '') as Record<string, unknown>
}

/** A value of shape `name`, checked and pruned; throws ValidationException. */
export function conform(model: AwsModel, name: string, value: unknown, path: string): unknown {
  const shape = model.shapes[name]
  if (shape === undefined) return value
  switch (shape.type) {
    case 'structure':
      return structure(model, shape, value, path)
    case 'list':
      return list(model, shape, value, path)
    case 'map':
      return map(model, shape, value, path)
    case 'string':
      return text(shape, value, path)
    case 'integer':
    case 'long':
      return integer(shape, value, path)
    default:
      return scalar(shape.type, value, path)
  }
}

function structure(model: AwsModel, shape: Shape, value: unknown, path: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw serialization(path, 'structure')
  }
  const given = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const at = join(path, member)
    const v = given[member]
    if (v === undefined || v === null) {
      if (shape.required?.includes(member) === true) throw invalid('null', at, 'must not be null')
      continue
    }
    out[member] = conform(model, ref.shape, v, at)
  }
  return out
}

function list(model: AwsModel, shape: Shape, value: unknown, path: string): unknown {
  if (!Array.isArray(value)) throw serialization(path, 'list')
  bounds(shape, value.length, `'${JSON.stringify(value)}'`, path, 'have length')
  const member = shape.member?.shape ?? ''
  return value.map((v, i) => conform(model, member, v, `${path}.${i + 1}.member`))
}

function map(model: AwsModel, shape: Shape, value: unknown, path: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw serialization(path, 'map')
  }
  const entries = Object.entries(value as Record<string, unknown>)
  bounds(shape, entries.length, `'${JSON.stringify(value)}'`, path, 'have length')
  return Object.fromEntries(
    entries.map(([k, v]) => [
      conform(model, shape.key?.shape ?? '', k, `${path}.key`),
      conform(model, shape.value?.shape ?? '', v, `${path}.${k}`)
    ])
  )
}

function text(shape: Shape, value: unknown, path: string): string {
  if (typeof value !== 'string') throw serialization(path, 'string')
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    throw invalid(`'${value}'`, path, `satisfy enum value set: [${shape.enum.join(', ')}]`)
  }
  bounds(shape, [...value].length, `'${value}'`, path, 'have length')
  if (shape.pattern !== undefined && !matches(shape.pattern, value)) {
    throw invalid(`'${value}'`, path, `satisfy regular expression pattern: ${shape.pattern}`)
  }
  return value
}

function integer(shape: Shape, value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(path, 'integer')
  bounds(shape, value, `'${value}'`, path, 'have value')
  return value
}

function scalar(type: string, value: unknown, path: string): unknown {
  const ok =
    type === 'boolean'
      ? typeof value === 'boolean'
      : type === 'timestamp'
        ? typeof value === 'number' || typeof value === 'string'
        : true
  if (!ok) throw serialization(path, type)
  return value
}

function bounds(shape: Shape, n: number, shown: string, path: string, what: string): void {
  if (shape.min !== undefined && n < shape.min) {
    throw invalid(shown, path, `${what} greater than or equal to ${shape.min}`)
  }
  if (shape.max !== undefined && n > shape.max) {
    throw invalid(shown, path, `${what} less than or equal to ${shape.max}`)
  }
}

/**
 * Model patterns are Java regular expressions the whole value must match (EventBridge's TargetId
 * pattern [\.\-_A-Za-z0-9]+ refuses "bad id!"); \p{..} needs the u flag here.
 */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, pattern.includes('\\p{') ? 'u' : '').test(value)
  } catch {
    return true
  }
}

const join = (path: string, member: string) =>
  `${path === '' ? '' : `${path}.`}${member.charAt(0).toLowerCase()}${member.slice(1)}`

function invalid(shown: string, path: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`
  )
}

function serialization(path: string, type: string): AwsError {
  return new AwsError('SerializationException', `Expected a ${type} at '${path}'`)
}
