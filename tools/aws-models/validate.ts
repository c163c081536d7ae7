import {
  type Problems,
  checkBlob,
  checkBoolean,
  checkNumber,
  checkString,
  checkTimestamp,
  protocolTimestampFormat,
  typeName
} from './scalars.js'
import type {
  ListShape,
  MapShape,
  ServiceModel,
  Shape,
  ShapeRef,
  StructureShape,
  Violation
} from './types.js'

/*
 * The conformance check: a value against an operation's input or output shape, recursively, as
 * the JSON protocols carry it, or a query protocol's answer as an object (timestamps then in ISO
 * 8601, as the model's protocol says). Structures: required members, unknown members, exactly
 * one member of a union; lists and maps: their size, keys and values; scalars: scalars.ts. A
 * member that is null counts as absent, as the SDK reads it. Error shapes are never checked;
 * documents are any JSON. Pure: the same model, operation and value give the same violations.
 */

export type Direction = 'input' | 'output'

/** Every way `value` breaks the operation's input or output shape; none when it conforms. */
export function validateOperation(
  model: ServiceModel,
  operation: string,
  direction: Direction,
  value: unknown
): Violation[] {
  const op = model.operations[operation]
  if (op === undefined) {
    return [
      {
        path: operation,
        problem: `no operation ${operation} in the ${model.metadata.serviceId} model`
      }
    ]
  }
  const path = `${operation}.${direction}`
  const ref = op[direction]
  if (ref === undefined) {
    const empty = isRecord(value) && Object.keys(value).length === 0
    return value === undefined || empty
      ? []
      : [{ path, problem: `the operation has no ${direction}` }]
  }
  return validateShape(model, ref, value, path)
}

/** Every way `value` breaks the shape `ref` names, with paths under `path`. */
export function validateShape(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  path: string
): Violation[] {
  const violations: Violation[] = []
  visit(model, ref, value, path, violations)
  return violations
}

function visit(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  path: string,
  out: Violation[]
): void {
  const shape = shapeOf(model, ref.shape)
  const problems = scalarProblems(shape, ref, value, model.metadata.protocol)
  if (problems !== undefined) {
    for (const problem of problems) out.push({ path, problem })
  } else if (shape.type === 'structure') {
    visitStructure(model, ref.shape, shape, value, path, out)
  } else if (shape.type === 'list') {
    visitList(model, shape, value, path, out)
  } else if (shape.type === 'map') {
    visitMap(model, shape, value, path, out)
  }
}

/** The problems of a scalar value; undefined for structures, lists and maps. */
function scalarProblems(
  shape: Shape,
  ref: ShapeRef,
  value: unknown,
  protocol: string
): Problems | undefined {
  switch (shape.type) {
    case 'string':
      return checkString(shape, value)
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return checkNumber(shape, value)
    case 'boolean':
      return checkBoolean(value)
    case 'timestamp':
      return checkTimestamp(shape, ref, value, protocolTimestampFormat(protocol))
    case 'blob':
      return checkBlob(shape, value)
    default:
      return undefined
  }
}

function visitStructure(
  model: ServiceModel,
  name: string,
  shape: StructureShape,
  value: unknown,
  path: string,
  out: Violation[]
): void {
  if (shape.exception === true || shape.document === true || shape.eventstream === true) return
  if (!isRecord(value)) {
    out.push({ path, problem: `expected an object (${name}), got ${typeName(value)}` })
    return
  }
  for (const member of shape.required ?? []) {
    if (value[member] == null) {
      out.push({ path: `${path}.${member}`, problem: `required by ${name}, missing` })
    }
  }
  const present = Object.entries(value).filter(([, v]) => v != null)
  for (const [member, memberValue] of present) {
    const memberRef = shape.members[member]
    if (memberRef === undefined) {
      out.push({ path: `${path}.${member}`, problem: `unknown member: ${name} has no ${member}` })
    } else {
      visit(model, memberRef, memberValue, `${path}.${member}`, out)
    }
  }
  if (shape.union === true && present.length !== 1) {
    out.push({ path, problem: `${name} is a union: exactly one member, got ${present.length}` })
  }
}

function visitList(
  model: ServiceModel,
  shape: ListShape,
  value: unknown,
  path: string,
  out: Violation[]
): void {
  if (!Array.isArray(value)) {
    out.push({ path, problem: `expected an array, got ${typeName(value)}` })
    return
  }
  sizeProblems(value.length, shape, path, out)
  value.forEach((item: unknown, i) => {
    if (item == null) out.push({ path: `${path}[${i}]`, problem: 'null in a list' })
    else visit(model, shape.member, item, `${path}[${i}]`, out)
  })
}

function visitMap(
  model: ServiceModel,
  shape: MapShape,
  value: unknown,
  path: string,
  out: Violation[]
): void {
  if (!isRecord(value)) {
    out.push({ path, problem: `expected an object (a map), got ${typeName(value)}` })
    return
  }
  const entries = Object.entries(value)
  sizeProblems(entries.length, shape, path, out)
  for (const [key, entry] of entries) {
    visit(model, shape.key, key, `${path}.${key} (key)`, out)
    if (entry == null) out.push({ path: `${path}.${key}`, problem: 'null in a map' })
    else visit(model, shape.value, entry, `${path}.${key}`, out)
  }
}

function sizeProblems(
  size: number,
  shape: { min?: number; max?: number },
  path: string,
  out: Violation[]
): void {
  if (shape.min !== undefined && size < shape.min)
    out.push({ path, problem: `${size} entries, below the minimum ${shape.min}` })
  if (shape.max !== undefined && size > shape.max)
    out.push({ path, problem: `${size} entries, above the maximum ${shape.max}` })
}

function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name]
  if (shape === undefined) {
    throw new Error(`the ${model.metadata.serviceId} model has no shape ${name}`)
  }
  return shape
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
