import type { AwsCall } from './calls.js'

/*
 * What the network between a client and AWS does to a request, as a test asks (options.ts): an
 * answer lost after AWS acted, a call never answered. Not a behaviour of AWS's: of the path to it.
 * A lost answer is how a retried write can act twice: "When you perform a mutating operation,
 * you might see an exception because of timeouts or server issues occurring after the resources
 * are mutated. This can make it difficult to determine whether the mutation occurred, and could
 * lead to multiple retries." (ECS API reference, "Ensuring idempotency").
 */

export interface FaultOptions {
  /**
   * Answers lost after the stand-in acted: per operation, how many of its first calls have their
   * connection closed instead of an answer ({ RunTask: 1 }). The client sees the connection reset
   * and, for an error it deems transient, sends the same request again.
   */
  readonly loseAnswers?: Readonly<Record<string, number>>
  /**
   * Calls of `op` never answered: the request is read and held open, no byte is sent back, until
   * the client gives up on it (or the stand-in closes). From the first call made once `after` has
   * been answered (default: from the first call), until `until` has been answered again after the
   * first call held (default: for ever).
   */
  readonly neverAnswer?: {
    readonly op: string
    readonly after?: string
    readonly until?: string
  }
}

export class Faults {
  private readonly lost = new Map<string, number>()
  /** How many `until` calls were answered when the first call was held; undefined before. */
  private untilAtStart: number | undefined

  constructor(
    private readonly options: FaultOptions,
    private readonly calls: readonly AwsCall[]
  ) {}

  /** Whether this call of `op` is never answered. */
  holds(op: string): boolean {
    const spec = this.options.neverAnswer
    if (spec === undefined || spec.op !== op) return false
    if (spec.after !== undefined && this.answered(spec.after) === 0) return false
    if (spec.until === undefined) return true
    this.untilAtStart ??= this.answered(spec.until)
    return this.answered(spec.until) === this.untilAtStart
  }

  /** Whether the answer to this call of `op`, once acted on, is lost (the connection closed). */
  losesAnswer(op: string): boolean {
    const budget = this.options.loseAnswers?.[op] ?? 0
    const lost = this.lost.get(op) ?? 0
    if (lost >= budget) return false
    this.lost.set(op, lost + 1)
    return true
  }

  private answered(op: string): number {
    return this.calls.filter(c => c.op === op && c.status === 200).length
  }
}
