import type { Diagnosis } from '../explain/diagnose.js'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import type { Change } from '../render/diff.js'
import type { HealthResult } from '../health-check/health-check.js'
import type { LogTail } from '../explain/log-tail.js'
import type { OneOffTaskResult } from '../one-off-task/run.js'
import type { ImageAssignment } from '../render/render.js'
import type { ScheduledTaskRow } from '../scheduled-tasks/summary.js'
import type { KeptRevisions } from '../keep-revisions/summary.js'
import type { Mode } from '../../settings/mode.js'
import type { Ingress } from '../read-service/current-service.js'
import type { Verdict } from '../watch/verdict.js'

/**
 * How a deploy (or rollback) ended:
 * - succeeded: the new revision runs, seen to its end (and healthy, with health-check-url).
 * - failed: the rollout was seen to fail, and nobody rolled it back (see the log for why not).
 * - rolled-back: it failed, and the earlier revision is back (rolled back by ECS or by this step).
 * - rollback-failed: it failed, and the rollback (ECS's or this step's) failed too.
 * - unknown: the state could not be known (an error after UpdateService, ECS never showing the
 *   deployment); nothing is rolled back on a guess.
 * - dry-run: nothing was written.
 * - started: UpdateService was called and the rollout not watched.
 * - paused: ECS waits at a PAUSE hook of the deployment (blue/green, linear, canary) for someone
 *   to continue (mode continue) or roll back (mode rollback); the step ends without failing.
 * - skipped: this run's commit is older than the one the service runs; nothing was written.
 */
export type Outcome =
  | 'succeeded'
  | 'failed'
  | 'rolled-back'
  | 'rollback-failed'
  | 'unknown'
  | 'dry-run'
  | 'started'
  | 'paused'
  | 'skipped'

export const OUTCOMES: readonly Outcome[] = [
  'succeeded',
  'failed',
  'rolled-back',
  'rollback-failed',
  'unknown',
  'dry-run',
  'started',
  'paused',
  'skipped'
]

export interface RollbackReport {
  /**
   * Who rolled back: this step (`action`), or the deployment's controller by itself, by the name
   * its kind gives it (DeploymentKind.controller: ECS, CodeDeploy).
   */
  readonly by: string
  /**
   * The call this step asked the controller for the rollback with, as its kind names it: ECS's
   * (StopServiceDeployment, ContinueServiceDeployment), CodeDeploy's (StopDeployment with
   * autoRollbackEnabled; or CreateDeployment of the previous revision once the failed deployment
   * has ended). Undefined: this step rolled out the previous revision through the kind's start.
   */
  readonly via?: string | undefined
  readonly taskDefinitionArn: string | undefined
  readonly deploymentId?: string | undefined
  /** How the rollback ended; undefined while it was not watched to an end. */
  readonly verdict?: Verdict | undefined
}

/** Everything the outputs and the job summary say. */
export interface Report {
  readonly mode: Mode
  readonly outcome: Outcome
  /** The service's deployment strategy (ROLLING, BLUE_GREEN, LINEAR, CANARY). */
  readonly strategy?: string | undefined
  /** Our service deployment as last read (stage, traffic, hooks, alarms, rollback). */
  readonly serviceDeployment?: ServiceDeployment | undefined
  readonly cluster: string
  readonly service: string
  readonly region: string
  readonly taskDefinitionArn: string | undefined
  readonly previousTaskDefinitionArn: string | undefined
  readonly deploymentId: string | undefined
  readonly renderedPath: string | undefined
  readonly images: readonly ImageAssignment[]
  readonly changes: readonly Change[]
  readonly verdict: Verdict | undefined
  readonly health: HealthResult | undefined
  readonly diagnosis: Diagnosis | undefined
  readonly rollback: RollbackReport | undefined
  readonly startedAt: number
  readonly finishedAt: number
  /** The one-off task run before the rollout (run-task-command). */
  readonly runTask?: OneOffTaskResult | undefined
  /** The last log lines of the stopped containers that explain a failure. */
  readonly logTails?: readonly LogTail[] | undefined
  /** With outcome skipped: the newer commit the service runs. */
  readonly newerCommit?: string | undefined
  /** What the kind of deployment says of it (DeploymentKind.describe); none without a kind. */
  readonly described?: Described | undefined
  /** The scheduled tasks of the family (scheduled-tasks); undefined when none were looked for. */
  readonly scheduledTasks?: readonly ScheduledTaskRow[] | undefined
  /** keep-revisions: the old revisions deregistered and kept; undefined when it did not act. */
  readonly keptRevisions?: KeptRevisions | undefined
  /** An Express service and its ingress endpoint (outputs service-arn and endpoint). */
  readonly ingress?: Ingress | undefined
}

/** What a kind says of its deployment in the job summary and the outputs. */
export interface Described {
  /** The summary's lines on the deployment (after the verdict). */
  readonly lines: readonly string[]
  /** The headline, where the kind words the outcome its own way (paused at CodeDeploy's Ready). */
  readonly headline?: string | undefined
  /** Who rolled back and how, where the kind words it (else the summary's own line). */
  readonly rollback?: string | undefined
  /** Outputs only this kind sets (codedeploy-deployment-id), by name; every other is empty. */
  readonly outputs?: Readonly<Record<string, string>> | undefined
}

/** The step fails for every outcome but these. */
export function stepSucceeds(outcome: Outcome): boolean {
  return (
    outcome === 'succeeded' ||
    outcome === 'dry-run' ||
    outcome === 'started' ||
    outcome === 'paused' ||
    outcome === 'skipped'
  )
}

/** The one line the step fails with (core.setFailed), or undefined when it succeeds. */
export function failureMessage(r: Report): string | undefined {
  const reason = r.verdict && r.verdict.status !== 'succeeded' ? r.verdict.reason : undefined
  const back = r.rollback?.taskDefinitionArn ?? r.previousTaskDefinitionArn
  const rollbackReason = r.rollback?.verdict?.reason ?? 'no reason given'
  switch (r.outcome) {
    case 'failed':
      return `Deployment failed: ${reason ?? 'the rollout failed'}`
    case 'rolled-back':
      return `Deployment failed and was rolled back to ${back}: ${reason ?? 'the rollout failed'}`
    case 'rollback-failed':
      return `Deployment failed, and the rollback to ${back} failed too: ${rollbackReason}. The deployment failed because: ${reason ?? 'the rollout failed'}`
    case 'unknown': {
      const why =
        r.rollback?.verdict?.status === 'unknown'
          ? r.rollback.verdict.reason
          : (reason ?? 'no reason given')
      return `The state of the rollout could not be known: ${why} Nothing was rolled back on a guess; look at the service in the ECS console.`
    }
    default:
      return undefined
  }
}

/** How the rollback's verdict (ECS's or the step's) ends a failed deploy. */
export function rollbackOutcome(v: Verdict): Outcome {
  if (v.status === 'succeeded') return 'rolled-back'
  return v.status === 'failed' ? 'rollback-failed' : 'unknown'
}
