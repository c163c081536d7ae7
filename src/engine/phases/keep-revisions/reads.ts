import { describeError, isAccessDenied } from '../../../aws/errors.js'

/*
 * A read of what uses the revisions that failed, named by its IAM action, so that the warning
 * says which call was refused and what to grant. Any one failing ends the search: a search that
 * did not finish deregisters nothing.
 */

export class ReadFailed extends Error {
  constructor(
    /** The IAM action of the call (ecs:ListClusters). */
    readonly action: string,
    /** What AWS answered. */
    readonly refusal: unknown
  ) {
    super(`${action} failed: ${describeError(refusal)}`)
    this.name = 'ReadFailed'
  }

  /** IAM refused it: the role lacks the permission. */
  get denied(): boolean {
    return isAccessDenied(this.refusal)
  }
}

/** Runs one read; its failure becomes a ReadFailed naming the action. */
export async function read<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw new ReadFailed(action, error)
  }
}

/** Why the search stopped, for the warning and the summary (without the class name). */
export function whyNotRead(error: unknown): string {
  return error instanceof ReadFailed ? error.message : describeError(error)
}
