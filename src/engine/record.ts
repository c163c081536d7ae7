import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import type { Context } from './deps.js'
import type { DeploymentKind, Ongoing, Started } from './kinds/kind.js'
import type { Diagnosis } from './phases/explain/diagnose.js'
import type { LogTail } from './phases/explain/log-tail.js'
import type { HealthResult } from './phases/health-check/health-check.js'
import type { KeptRevisions } from './phases/keep-revisions/summary.js'
import type { OneOffTaskResult } from './phases/one-off-task/run.js'
import type { CurrentService } from './phases/read-service/current-service.js'
import type { Prepared } from './phases/render/prepared.js'
import type { ScheduledTasks } from './phases/scheduled-tasks/scheduled-task.js'
import type { Outcome, RollbackReport } from './phases/report/report.js'
import type { WatchResult } from './phases/watch/loop.js'
import type { Verdict } from './phases/watch/verdict.js'
import type { Mode } from './settings/mode.js'

/*
 * The one record of a run. Each phase reads it and returns it with what it found added; nothing
 * else is shared between phases. The report, outputs, summary and post state are made from it.
 */
export interface RunRecord {
  readonly mode: Mode
  readonly startedAt: number
  /** When wait-for-minutes runs out. */
  readonly deadline: number
  /** The service as it was when the step began. */
  readonly current?: CurrentService | undefined
  readonly kind?: DeploymentKind | undefined
  /** A deployment already under way (rollback and continue modes). */
  readonly ongoing?: Ongoing | undefined
  /** What a deploy registers, or a rollback rolls out: its definition, images and changes. */
  readonly prepared?: Prepared | undefined
  /** The revision this run rolls out. */
  readonly targetArn?: string | undefined
  readonly runTask?: OneOffTaskResult | undefined
  /** Set once AWS answered the write that started a rollout: from here a report always comes. */
  readonly started?: Started | undefined
  readonly watched?: WatchResult | undefined
  readonly verdict?: Verdict | undefined
  /** Our service deployment as last read (stage, traffic, hooks, alarms, rollback). */
  readonly serviceDeployment?: ServiceDeployment | undefined
  /**
   * What the kind keeps of our deployment beyond ECS's (CodeDeploy: the deployment, its lifecycle
   * events, traffic, error and rollback), as last read: its watch and rollback give it, the
   * phases carry it, only the kind reads it (WatchResult.kindView).
   */
  readonly kindView?: unknown
  /** PAUSE hooks this run answered. */
  readonly answeredHooks: readonly string[]
  readonly health?: HealthResult | undefined
  readonly diagnosis?: Diagnosis | undefined
  readonly logTails?: readonly LogTail[] | undefined
  readonly rollback?: RollbackReport | undefined
  /** The newer commit the service runs, when this run's older one was skipped. */
  readonly newerCommit?: string | undefined
  /**
   * The scheduled tasks of the family (scheduled-tasks): found before any write, moved after a
   * success, put back after a rollback.
   */
  readonly scheduled?: ScheduledTasks | undefined
  /** keep-revisions, after a deploy that succeeded: the old revisions deregistered and kept. */
  readonly keptRevisions?: KeptRevisions | undefined
  /** Set by the phase that ends the run; the phases after it do not run (but afterTheEnd ones). */
  readonly outcome?: Outcome | undefined
}

/** One phase: what it adds to the record (or the record as it was, where it has nothing to do). */
export type Phase = (r: RunRecord, x: Context) => Promise<RunRecord>

/** The phases that still run once the outcome is set: they undo what the run changed beside it. */
const AFTER_THE_END = new WeakSet<Phase>()

/**
 * Marks a phase to run even once an earlier one has set the outcome (it reads the outcome, as
 * putting back the scheduled tasks after a rollback does).
 */
export function afterTheEnd(phase: Phase): Phase {
  AFTER_THE_END.add(phase)
  return phase
}

/** Whether a phase runs in a run whose outcome is `outcome`. */
export const runsAt = (phase: Phase, outcome: RunRecord['outcome']): boolean =>
  outcome === undefined || AFTER_THE_END.has(phase)

/** The record with more added: the one way it grows. */
export function add(r: RunRecord, more: Partial<RunRecord>): RunRecord {
  return { ...r, ...more }
}

/** A new run's record. */
export function begin(x: Context): RunRecord {
  const startedAt = x.io.now()
  return {
    mode: x.s.mode,
    startedAt,
    deadline: startedAt + x.s.waitForMinutes * 60000,
    answeredHooks: []
  }
}

/** The record's service, read by the first phase of every mode. */
export function currentOf(r: RunRecord): CurrentService {
  if (r.current === undefined) throw new Error('The service was not read.')
  return r.current
}

/** The record's kind of deployment, known once the service was read. */
export function kindOf(r: RunRecord): DeploymentKind {
  if (r.kind === undefined) throw new Error('The kind of deployment is not known.')
  return r.kind
}
