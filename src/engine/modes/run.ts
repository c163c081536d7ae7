import { describeError } from '../../aws/errors.js'
import type { Context } from '../deps.js'
import { toReport } from '../phases/report/to-report.js'
import type { Report } from '../phases/report/report.js'
import { add, begin, runsAt, type Phase, type RunRecord } from '../record.js'

/*
 * How a mode runs its phases: in order, each folding what it found into the run's record, until
 * one of them ends the run (sets the outcome); after that only the phases marked afterTheEnd run
 * (they undo what the run changed beside the service: the scheduled tasks it moved). Nothing is written to AWS before every check has
 * passed; an error before the first write fails the step as it is. Once AWS has answered a write
 * that started a rollout (or a rollback), a report always comes back: an error after it makes
 * the outcome `unknown`, and nothing is rolled back on a guess.
 */
export async function runMode(x: Context, phases: readonly Phase[]): Promise<Report> {
  try {
    return toReport(await runPhases(x, phases), x)
  } finally {
    x.io.post.clear()
  }
}

/**
 * The phases in order on one run's record (a new one, or `from`), until one sets the outcome;
 * then only those marked afterTheEnd.
 */
export async function runPhases(
  x: Context,
  phases: readonly Phase[],
  from: RunRecord = begin(x)
): Promise<RunRecord> {
  let r = from
  for (const phase of phases) {
    if (runsAt(phase, r.outcome)) r = await guarded(r, x, phase)
  }
  return r
}

async function guarded(r: RunRecord, x: Context, phase: Phase): Promise<RunRecord> {
  try {
    return await phase(r, x)
  } catch (error) {
    if (r.started === undefined && r.rollback === undefined) throw error
    return unknownAfterWrite(r, x, `${describeError(error)}.`)
  }
}

function unknownAfterWrite(r: RunRecord, { io }: Context, reason: string): RunRecord {
  io.log.error(reason, 'State unknown')
  const unknown = { status: 'unknown', reason } as const
  if (r.rollback !== undefined)
    return add(r, { rollback: { ...r.rollback, verdict: unknown }, outcome: 'unknown' })
  const keep = r.verdict !== undefined && r.verdict.status !== 'succeeded'
  return add(r, { verdict: keep ? r.verdict : unknown, outcome: 'unknown' })
}
