import type { Outcome } from '../phases/report/report.js'

/*
 * What a release does once a wave has ended, pure: the next wave starts only when every service
 * of this one succeeded; otherwise no later wave starts. After the waves, when a service did not
 * succeed, every service that did goes back, the latest wave first (the reverse of the order they
 * rolled out in), unless rollback-on-failure is false.
 */

type OutcomeOf = (service: string) => Outcome | undefined

/** Outcomes that leave a release whole: nothing to put back. */
const SETTLED: ReadonlySet<Outcome> = new Set(['succeeded', 'skipped', 'dry-run'])

/** The services never started because wave `i` ended with one that did not succeed; [] to go on. */
export function skippedAfter(
  waves: readonly (readonly string[])[],
  i: number,
  outcomeOf: OutcomeOf
): string[] {
  if ((waves[i] ?? []).every(service => outcomeOf(service) === 'succeeded')) return []
  return waves.slice(i + 1).flat()
}

export type AfterWaves =
  | { readonly then: 'done' }
  /** rollback-on-failure is false: the services the release changed stay as they are. */
  | { readonly then: 'leave' }
  /** These services go back to the revision they ran before, in this order. */
  | { readonly then: 'put-back'; readonly services: readonly string[] }

/** What follows the waves: nothing when none failed, else the put-back (or leaving things be). */
export function afterWaves(
  waves: readonly (readonly string[])[],
  outcomeOf: OutcomeOf,
  rollbackOnFailure: boolean
): AfterWaves {
  const all = waves.flat()
  const failed = all.some(service => {
    const outcome = outcomeOf(service)
    return outcome !== undefined && !SETTLED.has(outcome)
  })
  if (!failed) return { then: 'done' }
  if (!rollbackOnFailure) return { then: 'leave' }
  const services = [...all].reverse().filter(service => outcomeOf(service) === 'succeeded')
  return { then: 'put-back', services }
}
