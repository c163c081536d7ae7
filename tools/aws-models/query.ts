import { type Problems, checkBlob, checkNumber, checkString, checkTimestamp } from './scalars.js'
import type { ServiceModel, Shape, Violation } from './types.js'

/*
 * The query protocol (STS) sends an operation's input as form parameters: `Action` and `Version`,
 * then one parameter per scalar member (`RoleArn=...`) and flattened keys for lists and structures
 * (`PolicyArns.member.1.arn=...`). The check goes as far as that flat form allows: top-level
 * members (known, required), and each scalar member's text read as its type (integers, booleans,
 * ISO 8601 timestamps) and then checked like any value (enum, length, pattern, range).
 */

/** Protocol parameters, not members of the input shape. */
const PROTOCOL = new Set(['Action', 'Version'])

/** Every way the form parameters break the operation's input shape, as far as the flat form tells. */
export function validateQueryInput(
  model: ServiceModel,
  operation: string,
  params: Iterable<readonly [string, string]>
): Violation[] {
  const ref = model.operations[operation]?.input
  if (ref === undefined) {
    return [
      {
        path: operation,
        problem: `no operation ${operation} in the ${model.metadata.serviceId} model`
      }
    ]
  }
  const input = model.shapes[ref.shape]
  if (input?.type !== 'structure')
    throw new Error(`${operation}: input ${ref.shape} is not a structure`)
  const path = `${operation}.input`
  const out: Violation[] = []
  const seen = new Set<string>()
  for (const [key, text] of params) {
    if (PROTOCOL.has(key)) continue
    const top = key.split('.')[0] ?? key
    seen.add(top)
    const member = input.members[top]
    if (member === undefined) {
      out.push({ path: `${path}.${top}`, problem: `unknown member: ${ref.shape} has no ${top}` })
      continue
    }
    const shape = model.shapes[member.shape]
    if (shape === undefined) throw new Error(`the model has no shape ${member.shape}`)
    for (const { problem } of flatProblems(shape, key === top, text)) {
      out.push({ path: `${path}.${key}`, problem })
    }
  }
  for (const member of input.required ?? []) {
    if (!seen.has(member))
      out.push({ path: `${path}.${member}`, problem: `required by ${ref.shape}, missing` })
  }
  return out
}

/** A scalar member's text read as its type and checked; lists and structures only by their form. */
function flatProblems(shape: Shape, bare: boolean, text: string): Problems {
  const misread = (problem: string): Problems => [
    { problem, rule: { kind: 'type', type: shape.type } }
  ]
  switch (shape.type) {
    case 'structure':
    case 'map':
      return bare ? misread(`${shape.type} members are sent as flattened keys (Name.key=...)`) : []
    case 'list':
      // An empty list travels as the bare name with an empty value.
      return bare && text !== '' ? misread('list members are sent as Name.member.N=...') : []
    default:
      return bare
        ? scalarText(shape, text, misread)
        : misread(`a ${shape.type} member has no nested keys`)
  }
}

function scalarText(
  shape: Exclude<Shape, { type: 'structure' | 'map' | 'list' }>,
  text: string,
  misread: (problem: string) => Problems
): Problems {
  switch (shape.type) {
    case 'string':
      return checkString(shape, text)
    case 'integer':
    case 'long':
      return /^-?\d+$/.test(text)
        ? checkNumber(shape, Number(text))
        : misread(`expected an ${shape.type}, got "${text}"`)
    case 'double':
    case 'float':
      return checkNumber(shape, text.trim() === '' ? Number.NaN : Number(text))
    case 'boolean':
      return text === 'true' || text === 'false'
        ? []
        : misread(`expected true or false, got "${text}"`)
    case 'timestamp':
      return checkTimestamp(shape, { shape: '' }, text, 'iso8601')
    case 'blob':
      return checkBlob(shape, text)
  }
}
