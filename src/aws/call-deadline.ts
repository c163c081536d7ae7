import { AsyncLocalStorage } from 'node:async_hooks'

/*
 * A deadline for the AWS calls a piece of work makes. Each attempt of a call already has its own
 * timeouts (clients.ts), but the SDK tries a call up to eight times with waits between: a service
 * that never answers can hold one call for minutes. Work run by `byDeadline` ends by its deadline
 * whatever its calls do: the clients (clients.ts) hand the deadline's signal to every call made
 * inside it ("abortSignal" of the SDK's send, which stops the attempt under way and the retries
 * after it), and the promise settles at the deadline even when what it waits for does not.
 */

const scope = new AsyncLocalStorage<AbortSignal>()

/** The error work ends with when its deadline comes first. */
export class DeadlineReached extends Error {
  override readonly name = 'DeadlineReached'
}

/** The signal of the deadlines the current code runs under, if any (the clients read it). */
export function callSignal(): AbortSignal | undefined {
  return scope.getStore()
}

/**
 * Runs `work` for at most `ms` milliseconds: by then it has settled with work's result or error,
 * or failed with DeadlineReached, and every AWS call it made through the suite's clients has been
 * abandoned. Deadlines nest: an inner one ends no later than the outer.
 */
export async function byDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const outer = scope.getStore()
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal
  let end = (): void => undefined
  const reached = new Promise<never>((_, reject) => {
    end = () => {
      const error = new DeadlineReached(`The deadline of ${Math.round(ms)} ms came first.`)
      controller.abort(error)
      reject(error)
    }
  })
  const timer = setTimeout(end, Math.max(0, ms))
  outer?.addEventListener('abort', end, { once: true })
  const running = scope.run(signal, work)
  // Once the deadline has come, nothing waits for the work: its late end is nobody's error.
  running.catch(() => undefined)
  try {
    return await Promise.race([running, reached])
  } finally {
    clearTimeout(timer)
    outer?.removeEventListener('abort', end)
  }
}

/** Whether an error is the end of a deadline (DeadlineReached, or a call it aborted). */
export function isDeadlineReached(error: unknown): boolean {
  if (error instanceof DeadlineReached) return true
  return error instanceof Error && error.cause instanceof DeadlineReached
}
