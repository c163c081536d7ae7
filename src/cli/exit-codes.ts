import type { Outcome } from '../engine/phases/report/report.js'

/*
 * The CLI's exit codes, pure: 0 when the run did what was asked (or rightly did nothing), 1 when
 * the rollout failed or its state is unknown, 2 for bad input (nothing was written).
 */

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_BAD_INPUT = 2
/** Interrupted (Ctrl-C): 128 + SIGINT, as shells report it. */
export const EXIT_INTERRUPTED = 130

export const OUTCOME_EXIT: Readonly<Record<Outcome, 0 | 1>> = {
  succeeded: EXIT_OK,
  paused: EXIT_OK,
  'dry-run': EXIT_OK,
  skipped: EXIT_OK,
  started: EXIT_OK,
  failed: EXIT_FAILED,
  'rolled-back': EXIT_FAILED,
  'rollback-failed': EXIT_FAILED,
  unknown: EXIT_FAILED
}

export function exitCodeOf(outcome: Outcome): number {
  return OUTCOME_EXIT[outcome]
}
