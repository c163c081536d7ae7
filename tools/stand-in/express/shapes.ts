import { type ShapeViolation, type Step, checkInput } from '../../aws-models/index.js'
import { AwsError } from '../wire.js'

/*
 * The requests the Express Gateway operations accept: those AWS's published model of ECS
 * (tools/aws-models, ecs.json) accepts, checked there: required members, members the operation
 * does not have, types, enums, list lengths, string lengths and patterns. A request the model
 * does not accept is refused with InvalidParameterException ("The specified parameter isn't
 * valid. Review the available parameters for the API request.", ECS API Reference, Errors of
 * CreateExpressGatewayService and the other three). The message is the stand-in's own wording,
 * shaped as AWS's validation messages are ("1 validation error detected: ..."); ECS does not
 * document its own.
 */

/** Refuses a request the model does not accept for `op`, in InvalidParameterException. */
export function checkRequest(op: string, input: Record<string, unknown>): void {
  const problems = checkInput('ecs', op, input).map(problem)
  if (problems.length === 0) return
  const n = problems.length
  throw new AwsError(
    'InvalidParameterException',
    `${n} validation error${n > 1 ? 's' : ''} detected: ${problems.join('; ')}`
  )
}

/** One violation as the message words it: `primaryContainer.image: Member must not be null`. */
function problem(v: ShapeViolation): string {
  const at = v.at.map(step).join('').replace(/^\./, '') || 'request'
  const { rule } = v
  switch (rule.kind) {
    case 'type':
      return `${at}: must be ${TYPE_WORDS[rule.type] ?? `a ${rule.type}`}`
    case 'unknown':
      return `${at}: is not a member of this request`
    case 'enum':
      return `${at}: Member must satisfy enum value set: [${rule.values.join(', ')}]`
    case 'pattern':
      return `${at}: Member must satisfy regular expression pattern: ${rule.pattern}`
    case 'min':
    case 'max': {
      const than = rule.kind === 'min' ? 'greater' : 'less'
      const bound = `${than} than or equal to ${rule.limit}`
      if (rule.of === 'value') return `${at}: Member must have value ${bound}`
      return `${at}: Member must have length ${bound} ${rule.of === 'length' ? 'characters' : 'items'}`
    }
    case 'required':
      return `${at}: Member must not be null`
    default:
      return `${at}: ${v.problem}`
  }
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  integer: 'an integer',
  long: 'an integer',
  double: 'a number',
  float: 'a number',
  timestamp: 'a number'
}

/** A step of the path: `.member`, `[index]`, `{key}` for a map's key, `.key` for its value. */
function step(s: Step): string {
  if ('member' in s) return `.${s.member}`
  if ('index' in s) return `[${s.index}]`
  return s.of === 'key' ? `{${s.key}}` : `.${s.key}`
}
