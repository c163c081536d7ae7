import { loadModel } from './load.js'
import { validateQueryInput } from './query.js'
import type { ServiceName, ShapeViolation, Violation } from './types.js'
import { type Conformed, conformOperation, validateOperation } from './validate.js'

/*
 * AWS's published service models (models/, with the newer members of additions.ts) and the
 * conformance check of values against them: what a client sends, what a stand-in answers.
 * `checkInput` / `checkOutput` take an already-decoded value (JSON 1.0/1.1 body, REST-JSON input
 * assembled from its URI, query string, headers and body); `checkQueryInput` the form parameters
 * of the query protocol.
 */

export { ADDITIONS, type Addition } from './additions.js'
export { loadModel, withAdditions } from './load.js'
export { compilePattern } from './patterns.js'
export { validateQueryInput } from './query.js'
export {
  errorStatus,
  matchRestRoute,
  restInput,
  type RestRequest,
  type RestRoute
} from './rest-json.js'
export {
  conformOperation,
  conformShape,
  validateOperation,
  validateShape,
  type Conformed,
  type Direction
} from './validate.js'
export * from './types.js'

/** Every way a decoded request input breaks the operation's input shape. */
export function checkInput(
  service: ServiceName,
  operation: string,
  input: unknown
): ShapeViolation[] {
  return validateOperation(loadModel(service), operation, 'input', input)
}

/** Every way a decoded successful answer breaks the operation's output shape. */
export function checkOutput(
  service: ServiceName,
  operation: string,
  output: unknown
): ShapeViolation[] {
  return validateOperation(loadModel(service), operation, 'output', output)
}

/**
 * A decoded request input as the operation's input shape keeps it (only the members the model
 * has, null members dropped), and every way it breaks the shape: for a service that words its own
 * refusal from the violations' rules and steps.
 */
export function conformInput(service: ServiceName, operation: string, input: unknown): Conformed {
  return conformOperation(loadModel(service), operation, 'input', input)
}

/** Every way a query-protocol request's form parameters break the operation's input shape. */
export function checkQueryInput(
  service: ServiceName,
  operation: string,
  params: Iterable<readonly [string, string]>
): Violation[] {
  return validateQueryInput(loadModel(service), operation, params)
}

/** Whether the service's model has the operation at all. */
export function hasOperation(service: ServiceName, operation: string): boolean {
  return loadModel(service).operations[operation] !== undefined
}
