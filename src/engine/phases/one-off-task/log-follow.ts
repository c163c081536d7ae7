import type { LogsApi } from '../../../aws/logs.js'
import { describeError, errorName, isAccessDenied } from '../../../aws/errors.js'
import { missingPermission } from '../../common/permissions.js'
import { GET_LOG_EVENTS, linesOf, quoteLine, type LogLocation } from '../explain/log-tail.js'

/**
 * Follows one log stream while a task runs: each pull prints the lines written since the last
 * one and keeps the newest `keep` for the explanation. The stream appears only once the
 * container has started, so a missing stream (ResourceNotFoundException) is "nothing yet".
 */
export class LogFollower {
  private token: string | undefined
  private readonly kept: string[] = []
  private problem: string | undefined

  constructor(
    private readonly logs: LogsApi,
    readonly at: LogLocation,
    private readonly keep: number,
    private readonly print: (line: string) => void,
    private readonly warn: (message: string) => void
  ) {}

  /** The newest lines read so far, oldest first. */
  get lines(): readonly string[] {
    return this.kept
  }

  /** Why the lines could not be read (a missing permission), if so. */
  get unreadable(): string | undefined {
    return this.problem
  }

  /**
   * Reads forward from where the last pull stopped. "If you have reached the end of the stream,
   * it returns the same token you passed in" (GetLogEvents nextForwardToken), so an unchanged
   * token ends the pull. "If you are using a previous nextForwardToken value as the nextToken in
   * this operation, you must specify true for startFromHead."
   */
  async pull(): Promise<void> {
    if (this.problem !== undefined) return
    for (let page = 0; page < 20; page++) {
      let next: string | undefined
      try {
        const out = await this.logs.getLogEvents({
          group: this.at.group,
          stream: this.at.stream,
          startFromHead: true,
          nextToken: this.token
        })
        for (const line of linesOf(out.events)) {
          this.print(quoteLine(this.at.container, line))
          this.kept.push(line)
          if (this.kept.length > this.keep) this.kept.shift()
        }
        next = out.nextForwardToken
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') return
        if (isAccessDenied(error)) {
          const resource = `log group ${this.at.group}`
          this.problem = `missing permission ${GET_LOG_EVENTS} on ${resource}`
          const without = "The one-off task's log lines are not shown; the task runs on."
          this.warn(missingPermission(GET_LOG_EVENTS, resource, describeError(error), without))
          return
        }
        // Anything else (throttling past the SDK's retries, a network fault): try next poll.
        return
      }
      if (next === undefined || next === this.token) return
      this.token = next
    }
  }
}
