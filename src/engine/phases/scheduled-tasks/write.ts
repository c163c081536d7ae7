import { describeError, errorName, isRefused } from '../../../aws/errors.js'
import { shortArn } from '../../common/task-definition-arn.js'
import type { Deps } from '../../deps.js'
import { updateScheduleInput } from './entries.js'
import { putRuleTargets } from './rule-targets.js'
import {
  describeTask,
  type RuleTask,
  type ScheduleTask,
  type TrackedTask
} from './scheduled-task.js'

/*
 * Writes scheduled tasks onto revisions: a rule's targets together (PutTargets, rule-targets.ts),
 * each schedule whole (UpdateSchedule). Used to move them after a success and to put them back
 * after a rollback. An error of AWS on one task is that task's failure, named; it is never thrown
 * past the phase, so a rollback can follow.
 */

type Io = Pick<Deps, 'events' | 'scheduler' | 'log' | 'sleep'>

/**
 * What became of one task: written (and seen), failed (why; `uncertain` when AWS may have applied
 * the write all the same), or not sent.
 */
export type WriteResult =
  | { readonly kind: 'written' }
  | { readonly kind: 'failed'; readonly why: string; readonly uncertain: boolean }
  | { readonly kind: 'not-sent' }

/** UpdateSchedule's ConflictException: "Updating or deleting the resource can cause an inconsistent state." */
const CONFLICT_WAITS_MS = [1000, 2000, 4000]

/**
 * Each task onto the revision `toOf` names, rules batched per rule, in the order found. With
 * `stopAtFailure`, the tasks after a failure are not sent.
 */
export async function writeTasks(
  io: Io,
  tasks: readonly TrackedTask[],
  toOf: (t: TrackedTask) => string,
  stopAtFailure: boolean
): Promise<WriteResult[]> {
  const results: (WriteResult | undefined)[] = tasks.map(() => undefined)
  for (const group of groups(tasks)) {
    if (stopAtFailure && results.some(r => r?.kind === 'failed')) break
    const first = tasks[group[0]!]!.task
    const written =
      first.kind === 'rule'
        ? await writeRule(
            io,
            first,
            group.map(i => tasks[i]!),
            toOf
          )
        : [await writeSchedule(io, first, toOf(tasks[group[0]!]!))]
    group.forEach((i, at) => (results[i] = written[at]))
  }
  return results.map(r => r ?? { kind: 'not-sent' })
}

/** The tasks' indexes, grouped: the targets of one rule together, each schedule alone. */
function groups(tasks: readonly TrackedTask[]): number[][] {
  const byRule = new Map<string, number[]>()
  const out: number[][] = []
  tasks.forEach(({ task }, i) => {
    if (task.kind === 'schedule') return void out.push([i])
    const key = `${task.eventBus}/${task.rule}`
    const group = byRule.get(key)
    if (group !== undefined) return void group.push(i)
    const created = [i]
    byRule.set(key, created)
    out.push(created)
  })
  return out
}

async function writeRule(
  io: Io,
  first: RuleTask,
  tracked: readonly TrackedTask[],
  toOf: (t: TrackedTask) => string
): Promise<WriteResult[]> {
  const moves = tracked.map(t => ({
    target: (t.task as RuleTask).target,
    taskDefinitionArn: toOf(t)
  }))
  for (const t of tracked) {
    io.log.info(
      `${describeTask(t.task)}: ${shortArn(t.to ?? t.from)} → ${shortArn(toOf(t))} (PutTargets).`
    )
  }
  try {
    const results = await putRuleTargets(io, first.rule, first.eventBus, moves)
    return moves.map(m => {
      const failure = results.get(m.target.Id ?? '')
      return failure === undefined ? { kind: 'written' } : { kind: 'failed', ...failure }
    })
  } catch (error) {
    const failed: WriteResult = {
      kind: 'failed',
      why: describeError(error),
      uncertain: !isRefused(error)
    }
    return moves.map(() => failed)
  }
}

/** UpdateSchedule, with a ConflictException tried again a few times. */
async function writeSchedule(io: Io, task: ScheduleTask, to: string): Promise<WriteResult> {
  io.log.info(
    `${describeTask(task)}: → ${shortArn(to)} (UpdateSchedule, every other field as GetSchedule gave it).`
  )
  const input = updateScheduleInput(task.schedule, to)
  for (let attempt = 0; ; attempt++) {
    try {
      await io.scheduler.updateSchedule(input)
      return { kind: 'written' }
    } catch (error) {
      const wait = CONFLICT_WAITS_MS[attempt]
      if (errorName(error) !== 'ConflictException' || wait === undefined) {
        const why = `UpdateSchedule: ${describeError(error)}`
        return { kind: 'failed', why, uncertain: !isRefused(error) }
      }
      io.log.warning(
        `UpdateSchedule of ${describeTask(task)}: ${describeError(error)}; trying again in ${wait / 1000} s.`,
        'UpdateSchedule conflict'
      )
      await io.sleep(wait)
    }
  }
}
