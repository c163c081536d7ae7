import type { Outcome } from '../phases/report/report.js'

/*
 * A release's outcome from its services' outcomes, pure:
 * - succeeded when every service succeeded; dry-run or skipped when nothing was written;
 * - rolled-back when a service failed and every service changed was put back;
 * - rollback-failed when some could not be; unknown when a state cannot be known (worst first);
 * - failed when a service failed and not everything was put back (rollback-on-failure false, or
 *   a failure nobody rolls back, such as a superseded deployment).
 */
export function releaseOutcome(outcomes: readonly Outcome[]): Outcome {
  const has = (o: Outcome) => outcomes.includes(o)
  if (outcomes.every(o => o === 'succeeded')) return 'succeeded'
  if (outcomes.every(o => o === 'dry-run')) return 'dry-run'
  if (has('skipped') && outcomes.every(o => o === 'skipped' || o === 'dry-run')) return 'skipped'
  if (has('unknown')) return 'unknown'
  if (has('rollback-failed')) return 'rollback-failed'
  if (has('failed') || has('succeeded') || has('started') || has('paused')) return 'failed'
  return 'rolled-back'
}
