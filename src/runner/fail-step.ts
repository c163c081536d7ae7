import { InputError } from '../shared/parse.js'
import type { Log } from '../shared/log.js'

/**
 * The one way a step fails: an error annotation with a title (an InputError names its input),
 * and exit code 1, as core.setFailed does. Returns the message for the job summary.
 */
export function failStep(log: Log, error: unknown, title: string): string {
  const message = error instanceof Error ? error.message : String(error)
  log.error(message, error instanceof InputError ? `Invalid input: ${error.input}` : title)
  process.exitCode = 1
  return message
}
