import {
  type ShapeViolation,
  type Step,
  conformInput,
  conformShape,
  loadModel
} from '../../aws-models/index.js'
import { AwsError } from '../wire.js'

/*
 * How EventBridge and EventBridge Scheduler refuse a request that breaks AWS's published model
 * (checked by tools/aws-models): "ValidationException: The input fails to satisfy the constraints
 * specified by an AWS service." (EventBridge Scheduler API Reference, Common Errors /
 * ValidationException; the AWS common error "ValidationError" reads the same), in the AWS JSON
 * wording "1 validation error detected: Value ... at '...' failed to satisfy constraint: Member
 * must ...", for the first violation; a value of the wrong JSON type is a SerializationException.
 * Members a shape does not have are dropped, not refused, so what the stand-in keeps, and
 * answers, has only the members AWS's model has.
 */

type Service = 'events' | 'scheduler'

/** The input of `operation` as the service keeps it; throws the service's refusal. */
export function acceptInput(
  service: Service,
  operation: string,
  input: Record<string, unknown>
): Record<string, unknown> {
  const { value, violations } = conformInput(service, operation, input)
  return accepted(value, violations, '')
}

/** A value of the model's shape `shape` (a seed) as the service keeps it; throws as acceptInput. */
export function acceptShape(
  service: Service,
  shape: string,
  value: unknown,
  path: string
): Record<string, unknown> {
  const conformed = conformShape(loadModel(service), { shape }, value, shape)
  return accepted(conformed.value, conformed.violations, path)
}

function accepted(
  value: unknown,
  violations: readonly ShapeViolation[],
  path: string
): Record<string, unknown> {
  const refused = violations.find(v => v.rule.kind !== 'unknown')
  if (refused !== undefined) throw refusal(refused, path)
  return value as Record<string, unknown>
}

function refusal(v: ShapeViolation, prefix: string): AwsError {
  const at = [prefix, ...v.at.map(step)].filter(s => s !== '').join('.')
  const { rule } = v
  switch (rule.kind) {
    case 'type':
      return new AwsError(
        'SerializationException',
        `Expected a ${rule.type === 'long' ? 'integer' : rule.type} at '${at}'`
      )
    case 'enum':
      return invalid(v.value, at, `satisfy enum value set: [${rule.values.join(', ')}]`)
    case 'pattern':
      return invalid(v.value, at, `satisfy regular expression pattern: ${rule.pattern}`)
    case 'min':
    case 'max': {
      const what = rule.of === 'value' ? 'value' : 'length'
      const than = rule.kind === 'min' ? 'greater' : 'less'
      return invalid(v.value, at, `have ${what} ${than} than or equal to ${rule.limit}`)
    }
    case 'union':
      // Neither model has a union; the wording follows the others.
      return invalid(v.value, at, 'have exactly one member set')
    case 'operation':
      return new AwsError('UnknownOperationException', v.problem)
    default:
      return invalid(null, at, 'not be null')
  }
}

/** A step of the path as AWS's messages write it: `targets.1.member.id`. */
function step(s: Step): string {
  if ('member' in s) return `${s.member.charAt(0).toLowerCase()}${s.member.slice(1)}`
  if ('index' in s) return `${s.index + 1}.member`
  return s.of === 'key' ? 'key' : s.key
}

function invalid(value: unknown, path: string, constraint: string): AwsError {
  const shown =
    value == null
      ? 'null'
      : `'${typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value)}'`
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`
  )
}
