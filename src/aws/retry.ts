import { describeError, isRetryableAwsError } from './errors.js'

/**
 * The suite's one retry loop: full-jitter exponential backoff (a random delay up to a ceiling
 * that doubles per attempt), as the AWS SDK's own StandardRetryStrategy waits. What is worth
 * another try is the caller's classifier; by default the SDK's classification of AWS errors
 * (common/aws-errors.ts). The SDK already retries each call inside a client; this loop is for
 * work the SDK does not see as one call (a token plus a call, a docker command).
 */
export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number
  readonly sleep: (ms: number) => Promise<void>
  /** Told before each wait: what failed, the attempt that failed, the delay. */
  readonly log?: (message: string) => void
  readonly isRetryable?: (error: unknown) => boolean
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
  /** 0 ≤ random() < 1; Math.random by default. Tests pin it. */
  readonly random?: () => number
  /** Names the work in the log line ("AssumeRoleWithWebIdentity", "docker login"). */
  readonly what?: string
}

/** Runs `work` until it succeeds, fails with an error not worth a retry, or runs out of tries. */
export async function retry<T>(work: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const isRetryable = o.isRetryable ?? isRetryableAwsError
  const random = o.random ?? Math.random
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt)
    } catch (error) {
      if (attempt >= o.attempts || !isRetryable(error)) throw error
      const ceiling = Math.min(o.maxDelayMs ?? 15_000, (o.baseDelayMs ?? 1000) * 2 ** (attempt - 1))
      const delay = Math.round(random() * ceiling)
      o.log?.(
        `${o.what ?? 'The call'} failed (${describeError(error)}), attempt ${attempt} of ${o.attempts}; retrying in ${delay} ms.`
      )
      await o.sleep(delay)
    }
  }
}
