import type { Target } from '@aws-sdk/client-eventbridge'
import type { PutTargetsAnswer } from '../../../aws/events.js'
import type { Deps } from '../../deps.js'
import { putTargetsBatches, type TargetMove } from './entries.js'

/*
 * A rule's targets put on their revisions, never a silent success. PutTargets: "This action can
 * partially fail if too many requests are made at the same time. If that happens,
 * FailedEntryCount is non-zero in the response and each entry in FailedEntries provides the ID of
 * the failed target and the error code." — the failed entries are sent again, a few times, and a
 * target still failing fails the move, named. Then the targets are read back until they show the
 * write: "When you add targets to a rule and the associated rule triggers soon after, new or
 * updated targets might not be immediately invoked. Allow a short period of time for changes to
 * take effect." (EventBridge API Reference, PutTargets)
 */

type Io = Pick<Deps, 'events' | 'log' | 'sleep'>

/** The waits before each further PutTargets of the entries that failed: three more tries. */
export const RETRY_WAITS_MS = [1000, 2000, 4000]
/** The waits before each further read while a read does not show the write: about a minute. */
export const READ_BACK_WAITS_MS = [1000, 2000, 4000, 8000, 15000, 30000]

/** Why a target was not put on its revision; `uncertain` when AWS may have applied it anyway. */
export interface TargetFailure {
  readonly why: string
  readonly uncertain: boolean
}

/** Per target Id: undefined once written and seen, else why not. */
export type TargetResults = Map<string, TargetFailure | undefined>

/** Puts one rule's targets on their revisions (batches of 10, failures retried), then reads back. */
export async function putRuleTargets(
  io: Io,
  rule: string,
  bus: string,
  moves: readonly TargetMove[]
): Promise<TargetResults> {
  const results: TargetResults = new Map()
  for (const batch of putTargetsBatches(moves)) {
    if ([...results.values()].some(why => why !== undefined)) {
      const why = 'not sent: an earlier PutTargets of the rule failed'
      for (const t of batch) results.set(t.Id ?? '', { why, uncertain: false })
      continue
    }
    for (const [id, why] of await putWithRetries(io, rule, bus, batch)) results.set(id, why)
  }
  const written = moves.filter(m => results.get(m.target.Id ?? '') === undefined)
  for (const [id, why] of await readBack(io, rule, bus, written)) results.set(id, why)
  return results
}

/** One batch: PutTargets, then the failed entries again, until none fails or the tries run out. */
async function putWithRetries(
  io: Io,
  rule: string,
  bus: string,
  batch: Target[]
): Promise<TargetResults> {
  const results: TargetResults = new Map(batch.map(t => [t.Id ?? '', undefined]))
  let pending = batch
  for (let attempt = 0; ; attempt++) {
    const failed = failedEntries(await io.events.putTargets(rule, bus, pending), pending)
    if (failed.size === 0) return results
    const wait = RETRY_WAITS_MS[attempt]
    const said = [...failed].map(([id, why]) => `target ${id}: ${why}`).join('; ')
    if (wait === undefined) {
      // A failed entry is one EventBridge did not add: the target is as it was.
      for (const [id, why] of failed) {
        results.set(id, {
          why: `PutTargets failed ${attempt + 1} times (${why})`,
          uncertain: false
        })
      }
      return results
    }
    io.log.warning(
      `PutTargets on rule ${rule} (bus ${bus}) answered FailedEntryCount ${failed.size} (${said}); sending ${failed.size === 1 ? 'it' : 'them'} again in ${wait / 1000} s.`,
      'PutTargets partly failed'
    )
    await io.sleep(wait)
    pending = pending.filter(t => failed.has(t.Id ?? ''))
  }
}

/**
 * The entries PutTargets failed, by Id: each of FailedEntries, and when FailedEntryCount is above
 * the entries it names, every entry sent (which failed is not known).
 */
export function failedEntries(
  answer: PutTargetsAnswer,
  sent: readonly Target[]
): Map<string, string> {
  const failed = new Map(
    answer.failedEntries.map(e => [
      e.TargetId ?? '',
      `${e.ErrorCode ?? 'error'}: ${e.ErrorMessage ?? 'no message'}`
    ])
  )
  if (answer.failedEntryCount > failed.size) {
    for (const t of sent) {
      if (!failed.has(t.Id ?? '')) {
        failed.set(
          t.Id ?? '',
          `FailedEntryCount is ${answer.failedEntryCount}, FailedEntries names ${answer.failedEntries.length}`
        )
      }
    }
  }
  return failed
}

/** Reads the rule's targets until each written one shows its revision, for about a minute. */
async function readBack(
  io: Io,
  rule: string,
  bus: string,
  written: readonly TargetMove[]
): Promise<TargetResults> {
  let behind: string[] = []
  for (const wait of [0, ...READ_BACK_WAITS_MS]) {
    if (wait > 0) {
      io.log.info(
        `ListTargetsByRule does not show the write to target ${behind.join(', ')} of rule ${rule} yet; EventBridge asks to "allow a short period of time for changes to take effect". Reading again in ${wait / 1000} s.`
      )
      await io.sleep(wait)
    }
    const shown = await io.events.listTargetsByRule(rule, bus)
    behind = lagging(shown, written)
    if (behind.length === 0) return new Map()
  }
  const total = READ_BACK_WAITS_MS.reduce((a, b) => a + b, 0) / 1000
  const why = `PutTargets answered success, but ListTargetsByRule did not show it within ${total} s`
  return new Map(behind.map(id => [id, { why, uncertain: true }]))
}

/** The Ids of the written targets a read does not show on their revision. */
export function lagging(shown: readonly Target[], written: readonly TargetMove[]): string[] {
  return written
    .filter(m => {
      const now = shown.find(t => t.Id === m.target.Id)
      return now?.EcsParameters?.TaskDefinitionArn !== m.taskDefinitionArn
    })
    .map(m => m.target.Id ?? '')
}
