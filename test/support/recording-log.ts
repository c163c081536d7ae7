import type { Log } from '../../src/shared/log.js'

/**
 * A Log that records each line as a user would read it in the step's log: `info message`,
 * `notice[title] message`, `warning[title] message`, `error[title] message`; a group runs its
 * body.
 */
export function recordingLog(): { seen: string[]; log: Log } {
  const seen: string[] = []
  const log: Log = {
    info: m => seen.push(`info ${m}`),
    notice: (m, t) => seen.push(`notice[${t ?? ''}] ${m}`),
    warning: (m, t) => seen.push(`warning[${t ?? ''}] ${m}`),
    error: (m, t) => seen.push(`error[${t ?? ''}] ${m}`),
    group: (_n, fn) => fn()
  }
  return { seen, log }
}
