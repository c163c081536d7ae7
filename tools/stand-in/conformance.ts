import {
  type ServiceName,
  type Violation,
  checkInput,
  checkOutput,
  checkQueryInput,
  formatViolation,
  hasOperation
} from '../aws-models/index.js'
import { AwsError } from './wire.js'

/*
 * The stand-in held to AWS's published models (tools/aws-models): every request's input against
 * its operation's input shape, every successful answer against its output shape. A request that
 * breaks the model is refused as AWS refuses a malformed request; an answer that breaks it is a
 * defect of the stand-in. Both are recorded, and the stand-in's close() fails on any of them.
 *
 * A new part of the stand-in (another service, another protocol) calls `request` with the input
 * it has decoded and `answer` with the output it is about to send, naming the model file's service.
 */

export interface ConformanceViolation extends Violation {
  /** request: what a client sent breaks the model; answer: what the stand-in answered does. */
  readonly side: 'request' | 'answer'
  readonly service: ServiceName
  readonly operation: string
}

export class Conformance {
  private readonly seen: ConformanceViolation[] = []

  /**
   * Checks a decoded request input (JSON 1.0/1.1, REST-JSON). The answer a malformed request
   * gets, undefined when it conforms. AWS's Common Errors: "ValidationError: The input fails to
   * satisfy the constraints specified by an AWS service. HTTP Status Code: 400", which the JSON
   * protocols carry as `__type` ValidationException; an operation the API does not have is
   * "UnknownOperationException".
   */
  request(service: ServiceName, operation: string, input: unknown): AwsError | undefined {
    const found = this.note('request', service, operation, checkInput(service, operation, input))
    if (found.length === 0) return undefined
    if (!hasOperation(service, operation)) {
      return new AwsError(
        'UnknownOperationException',
        `${operation} is not an operation of this API`
      )
    }
    return new AwsError('ValidationException', validationMessage(found))
  }

  /** Checks a query-protocol request's form parameters (STS); answered with `<Code>ValidationError`. */
  queryRequest(
    service: ServiceName,
    operation: string,
    params: Iterable<readonly [string, string]>
  ): AwsError | undefined {
    const found = this.note(
      'request',
      service,
      operation,
      checkQueryInput(service, operation, params)
    )
    if (found.length === 0) return undefined
    if (!hasOperation(service, operation)) {
      return new AwsError('InvalidAction', `Could not find operation ${operation}`)
    }
    return new AwsError('ValidationError', validationMessage(found))
  }

  /** Checks a successful answer before it is sent; a violation is the stand-in's defect. */
  answer(service: ServiceName, operation: string, output: unknown): void {
    this.note('answer', service, operation, checkOutput(service, operation, output))
  }

  violations(): readonly ConformanceViolation[] {
    return this.seen
  }

  /**
   * The request violations seen so far, dropped: for a test that sent malformed requests on
   * purpose, to assert them. Answer violations (the stand-in's defects) stay.
   */
  dismissRequests(): ConformanceViolation[] {
    const requests = this.seen.filter(v => v.side === 'request')
    const answers = this.seen.filter(v => v.side === 'answer')
    this.seen.splice(0, this.seen.length, ...answers)
    return requests
  }

  /** An Error listing every violation seen, or undefined when there is none. */
  failure(): Error | undefined {
    if (this.seen.length === 0) return undefined
    const lines = this.seen.map(
      v =>
        `  ${v.side === 'request' ? 'request' : 'answer (stand-in defect)'} ${v.service}: ${formatViolation(v)}`
    )
    return new Error(
      `The AWS stand-in saw ${this.seen.length} violation(s) of the AWS models (tools/aws-models):\n${lines.join('\n')}`
    )
  }

  private note(
    side: ConformanceViolation['side'],
    service: ServiceName,
    operation: string,
    found: readonly Violation[]
  ): readonly Violation[] {
    for (const { path, problem } of found)
      this.seen.push({ path, problem, side, service, operation })
    return found
  }
}

/** AWS's wording: "1 validation error detected: Value ... at '...' failed to satisfy constraint". */
function validationMessage(found: readonly Violation[]): string {
  const n = found.length
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${found.map(formatViolation).join('; ')}`
}
