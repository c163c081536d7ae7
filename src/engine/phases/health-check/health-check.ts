/** A GET that answers with a status code (global fetch in production, a fake in tests). */
export type HttpGet = (url: string, timeoutMs: number) => Promise<number>

export interface HealthResult {
  readonly healthy: boolean
  readonly attempts: number
  readonly lastStatus: string
}

/**
 * Asks `url` until it answers 2xx or the deadline passes, one try per interval.
 */
export async function waitForHealthy(
  url: string,
  deadline: number,
  intervalMs: number,
  deps: { get: HttpGet; now: () => number; sleep: (ms: number) => Promise<void> }
): Promise<HealthResult> {
  let attempts = 0
  let lastStatus: string
  for (;;) {
    attempts++
    try {
      const status = await deps.get(url, Math.min(10000, Math.max(1000, intervalMs)))
      lastStatus = `HTTP ${status}`
      if (status >= 200 && status < 300) return { healthy: true, attempts, lastStatus }
    } catch (error) {
      lastStatus = error instanceof Error ? error.message : String(error)
    }
    const left = deadline - deps.now()
    if (left <= 0) return { healthy: false, attempts, lastStatus }
    await deps.sleep(Math.min(intervalMs, left))
  }
}

/** waitForHealthy, telling the log how it ended. */
export async function checkHealth(
  url: string,
  deadline: number,
  intervalMs: number,
  deps: {
    httpGet: HttpGet
    now: () => number
    sleep: (ms: number) => Promise<void>
    log: { info(message: string): void }
  }
): Promise<HealthResult> {
  const h = await waitForHealthy(url, deadline, intervalMs, {
    get: deps.httpGet,
    now: deps.now,
    sleep: deps.sleep
  })
  deps.log.info(
    h.healthy
      ? `Healthy (${h.lastStatus}).`
      : `Not healthy after ${h.attempts} tries: ${h.lastStatus}.`
  )
  return h
}

export const fetchStatus: HttpGet = async (url, timeoutMs) => {
  const response = await fetch(url, {
    method: 'GET',
    redirect: 'follow',
    signal: AbortSignal.timeout(timeoutMs)
  })
  await response.body?.cancel()
  return response.status
}
