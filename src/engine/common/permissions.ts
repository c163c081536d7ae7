import { describeError, isAccessDenied } from '../../aws/errors.js'
import type { Log } from '../../shared/log.js'

/**
 * An AccessDenied on a call the step relies on is never silent: a warning names the IAM action
 * and the resource ARN the role needs, and what the step does without it.
 * Returns false when the error is not an AccessDenied (the caller decides).
 */
export function warnIfDenied(
  log: Pick<Log, 'warning'>,
  error: unknown,
  action: string,
  resource: string,
  without: string
): boolean {
  if (!isAccessDenied(error)) return false
  log.warning(
    missingPermission(action, resource, describeError(error), without),
    'Missing permission'
  )
  return true
}

/** The warning's text: the action, the resource, IAM's refusal, what the step does without it. */
export function missingPermission(
  action: string,
  resource: string,
  refusal: string,
  without: string
): string {
  return `Missing permission ${action} on ${resource} (${refusal}). ${without} Grant ${action} on ${resource} to the deploy role (docs/iam).`
}
