import {
  type Problems,
  boundProblems,
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
  Rule,
  ServiceModel,
  Shape,
  ShapeRef,
  ShapeViolation,
  Step,
  StructureShape
} from './types.js'

/*
 * The conformance check: a value against an operation's input or output shape, recursively, as
 * the JSON protocols carry it, or a query protocol's answer as an object (timestamps then in ISO
 * 8601, as the model's protocol says). Structures: required members, unknown members, exactly
 * one member of a union; lists and maps: their size, keys and values; scalars: scalars.ts. A
 * member that is null counts as absent, as the SDK reads it. Error shapes are never checked;
 * documents are any JSON. Pure: the same model, operation and value give the same violations.
 *
 * Each violation carries its path as text (`UpdateService.input.tags[0].key`) and as steps, the
 * value there and the rule it breaks, so that a service can word it its own way. The walk also
 * gives the value conformed: structures with only the members their shape has, null members
 * dropped, as a service keeps what it was sent.
 */

export type Direction = 'input' | 'output'

/** A value as its shape keeps it, and every way it breaks the shape. */
export interface Conformed {
  readonly value: unknown
  readonly violations: ShapeViolation[]
}

/** Every way `value` breaks the operation's input or output shape; none when it conforms. */
export function validateOperation(
  model: ServiceModel,
  operation: string,
  direction: Direction,
  value: unknown
): ShapeViolation[] {
  return conformOperation(model, operation, direction, value).violations
}

/** The value as the operation's input or output shape keeps it, and every way it breaks it. */
export function conformOperation(
  model: ServiceModel,
  operation: string,
  direction: Direction,
  value: unknown
): Conformed {
  const op = model.operations[operation]
  if (op === undefined) {
    const problem = `no operation ${operation} in the ${model.metadata.serviceId} model`
    return { value, violations: [misfit(operation, problem, value)] }
  }
  const path = `${operation}.${direction}`
  const ref = op[direction]
  if (ref === undefined) {
    const empty = isRecord(value) && Object.keys(value).length === 0
    return value === undefined || empty
      ? { value: {}, violations: [] }
      : { value, violations: [misfit(path, `the operation has no ${direction}`, value)] }
  }
  return conformShape(model, ref, value, path)
}

/** Every way `value` breaks the shape `ref` names, with paths under `path`. */
export function validateShape(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  path: string
): ShapeViolation[] {
  return conformShape(model, ref, value, path).violations
}

/** The value as the shape `ref` names keeps it, and every way it breaks it (paths under `path`). */
export function conformShape(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  path: string
): Conformed {
  const violations: ShapeViolation[] = []
  const kept = visit({ model, root: path, out: violations }, ref, value, [])
  return { value: kept, violations }
}

const misfit = (path: string, problem: string, value: unknown): ShapeViolation => ({
  path,
  problem,
  at: [],
  value,
  rule: { kind: 'operation' }
})

interface Walk {
  readonly model: ServiceModel
  /** The path the steps go down from: `UpdateService.input`. */
  readonly root: string
  readonly out: ShapeViolation[]
}

/** A step as the path text writes it: `.member`, `[0]`, `.key (key)`, `.key`. */
const stepText = (s: Step): string =>
  'member' in s
    ? `.${s.member}`
    : 'index' in s
      ? `[${s.index}]`
      : `.${s.key}${s.of === 'key' ? ' (key)' : ''}`

function report(
  walk: Walk,
  at: readonly Step[],
  value: unknown,
  problem: string,
  rule: Rule
): void {
  const path = `${walk.root}${at.map(stepText).join('')}`
  walk.out.push({ path, at, value, problem, rule })
}

function reportAll(walk: Walk, at: readonly Step[], value: unknown, problems: Problems): void {
  for (const p of problems) report(walk, at, value, p.problem, p.rule)
}

/** Checks `value` against its shape; answers it as the shape keeps it. */
function visit(walk: Walk, ref: ShapeRef, value: unknown, place: readonly Step[]): unknown {
  const shape = shapeOf(walk.model, ref.shape)
  const problems = scalarProblems(shape, ref, value, walk.model.metadata.protocol)
  if (problems !== undefined) {
    reportAll(walk, place, value, problems)
    return value
  }
  if (shape.type === 'structure') return visitStructure(walk, ref.shape, shape, value, place)
  if (shape.type === 'list') return visitList(walk, shape, value, place)
  if (shape.type === 'map') return visitMap(walk, shape, value, place)
  return value
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
  walk: Walk,
  name: string,
  shape: StructureShape,
  value: unknown,
  place: readonly Step[]
): unknown {
  if (shape.exception === true || shape.document === true || shape.eventstream === true)
    return value
  if (!isRecord(value)) {
    const problem = `expected an object (${name}), got ${typeName(value)}`
    report(walk, place, value, problem, { kind: 'type', type: 'structure' })
    return value
  }
  for (const member of shape.required ?? []) {
    if (value[member] == null) {
      const at = [...place, { member }]
      report(walk, at, null, `required by ${name}, missing`, { kind: 'required' })
    }
  }
  const present = Object.entries(value).filter(([, v]) => v != null)
  const known = new Map<string, unknown>()
  for (const [member, memberValue] of present) {
    const memberRef = shape.members[member]
    const at = [...place, { member }]
    if (memberRef === undefined) {
      const problem = `unknown member: ${name} has no ${member}`
      report(walk, at, memberValue, problem, { kind: 'unknown' })
    } else {
      known.set(member, visit(walk, memberRef, memberValue, at))
    }
  }
  if (shape.union === true && present.length !== 1) {
    const problem = `${name} is a union: exactly one member, got ${present.length}`
    report(walk, place, value, problem, { kind: 'union', count: present.length })
  }
  // Kept in the model's order of members, whatever order they came in.
  return Object.fromEntries(
    Object.keys(shape.members).flatMap(m => (known.has(m) ? [[m, known.get(m)]] : []))
  )
}

function visitList(walk: Walk, shape: ListShape, value: unknown, place: readonly Step[]): unknown {
  if (!Array.isArray(value)) {
    const problem = `expected an array, got ${typeName(value)}`
    report(walk, place, value, problem, { kind: 'type', type: 'list' })
    return value
  }
  reportAll(walk, place, value, entryProblems(value.length, shape))
  return value.map((item: unknown, index) => {
    const at = [...place, { index }]
    if (item != null) return visit(walk, shape.member, item, at)
    report(walk, at, item, 'null in a list', nullRule(walk, shape.member))
    return item
  })
}

function visitMap(walk: Walk, shape: MapShape, value: unknown, place: readonly Step[]): unknown {
  if (!isRecord(value)) {
    const problem = `expected an object (a map), got ${typeName(value)}`
    report(walk, place, value, problem, { kind: 'type', type: 'map' })
    return value
  }
  const entries = Object.entries(value)
  reportAll(walk, place, value, entryProblems(entries.length, shape))
  const kept: Record<string, unknown> = {}
  for (const [key, entry] of entries) {
    visit(walk, shape.key, key, [...place, { key, of: 'key' }])
    const at = [...place, { key, of: 'value' as const }]
    if (entry != null) kept[key] = visit(walk, shape.value, entry, at)
    else report(walk, at, entry, 'null in a map', nullRule(walk, shape.value))
  }
  return kept
}

/** A null item of a list or value of a map: not of the item's type. */
const nullRule = (walk: Walk, item: ShapeRef): Rule => ({
  kind: 'type',
  type: shapeOf(walk.model, item.shape).type
})

/** A list's or a map's size against its shape's min and max. */
function entryProblems(size: number, shape: { min?: number; max?: number }): Problems {
  return boundProblems(size, shape, 'entries', (b, n) => `${size} entries, ${b} ${n}`)
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
