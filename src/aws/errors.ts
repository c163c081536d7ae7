/**
 * How the suite classifies errors from AWS: one place, driven by the AWS SDK's own retry
 * classification (@smithy/core/retry), so every module agrees on what is worth another try and
 * what means "not allowed".
 */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry'
import type { SdkError } from '@smithy/types'

/** The error's name (the AWS error code for service errors), or '' for a non-Error. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : ''
}

/** "Name: message", for logs and annotations. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

/**
 * Throttling, a 5xx, or a network fault: the SDK retried it already, and a later attempt (the
 * next poll, a retry loop) may well succeed.
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const sdk = error as SdkError
  return isThrottlingError(sdk) || isTransientError(sdk) || isServerError(sdk)
}

/**
 * The service answered that it refused the request (a client fault: denied, not found, invalid,
 * throttled past the SDK's retries): nothing was changed. A server fault or no answer at all
 * (a network error) leaves it unknown whether the write was applied.
 */
export function isRefused(error: unknown): boolean {
  return error instanceof Error && (error as { $fault?: string }).$fault === 'client'
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException'
])

/** IAM refused the call: the role lacks a permission (or a resource in its policy). */
export function isAccessDenied(error: unknown): boolean {
  const name = errorName(error)
  if (ACCESS_DENIED.has(name)) return true
  return error instanceof Error && /not authorized to perform/i.test(error.message)
}
