import type { OidcIssuer } from '../harness/oidc.js'
import type { Value } from './expressions.js'
import type { Repositories } from './git.js'
import type { Permissions } from './permissions.js'

/** The records a run leaves, and the options it takes. */

export type Conclusion = 'success' | 'failure' | 'skipped'

export interface StepRecord {
  readonly name: string
  readonly id: string
  /** `uses:` of an action step; undefined for `run:`. */
  readonly uses?: string
  readonly phase: 'main' | 'post'
  readonly conclusion: Conclusion
  readonly exitCode: number | null
  /** stdout and stderr as they came (unmasked: mask with the job's masks to show it). */
  readonly log: string
  readonly outputs: Readonly<Record<string, string>>
  readonly summary: string
  /** The INPUT_* an action step was given (defaults filled in). */
  readonly inputs: Readonly<Record<string, string>>
  readonly durationMs: number
}

export interface Concurrency {
  readonly group: string
  readonly cancelInProgress: boolean
  readonly queue: string
}

export interface JobRecord {
  /** Caller job / called job ids, e.g. "backend/deploy". */
  readonly path: string
  /** As GitHub shows it: "backend / Deploy megilance-backend". */
  readonly name: string
  /** The workflow file the job is in, with its repository and ref for a called one. */
  readonly workflow: string
  readonly result: Conclusion
  readonly outputs: Readonly<Record<string, string>>
  readonly steps: readonly StepRecord[]
  readonly permissions: Permissions
  readonly environment?: { readonly name: string; readonly url: string }
  readonly concurrency?: Concurrency
  /** The `concurrency:` of the workflow file the job is in (a called workflow's, for its jobs). */
  readonly workflowConcurrency?: Concurrency
  /** The job's matrix combination, for a leg of a matrix job. */
  readonly matrix?: Readonly<Record<string, Value>>
  readonly timeoutMinutes: number
  readonly runsOn: Value
  /** The `job` context the steps saw. */
  readonly jobContext: Readonly<Record<string, Value>>
  /** Values the runner masks in this job's logs (tokens, secrets, ::add-mask::). */
  readonly masks: readonly string[]
}

export interface RunResult {
  /** The workflow's `name:` (else its path). */
  readonly name: string
  readonly conclusion: 'success' | 'failure'
  readonly jobs: readonly JobRecord[]
  /** Why GitHub would not start the run at all, if it would not. */
  readonly error?: string
  /** Outputs of the jobs at the top, by job id. */
  readonly outputs: Readonly<Record<string, Readonly<Record<string, string>>>>
}

export interface Reporter {
  jobStarted?(name: string, path: string): void
  stepDone?(job: string, step: StepRecord, masks: readonly string[]): void
  jobDone?(job: JobRecord): void
}

export type Event =
  | { readonly name: 'push'; readonly ref?: string; readonly sha?: string }
  | {
      readonly name: 'workflow_dispatch'
      readonly ref?: string
      /** The commit the run is for (default: the repository's HEAD). */
      readonly sha?: string
      readonly inputs: Readonly<Record<string, string>>
    }

export interface RunnerOptions {
  /** The repositories a run can reach, by full name → local git repository. */
  readonly repositories: Repositories
  /** The repository whose workflow runs (one of `repositories`). */
  readonly repository: string
  /** The workflow file in it, e.g. ".github/workflows/deploy.yml". */
  readonly workflow: string
  readonly event: Event
  /** The run's OIDC token service; jobs with id-token: write get a request token for it. */
  readonly oidc: OidcIssuer
  readonly secrets?: Readonly<Record<string, string>>
  readonly vars?: Readonly<Record<string, string>>
  /** The machine's environment for every step (the AWS stand-in's endpoints, say). */
  readonly env?: Readonly<Record<string, string>>
  /** Folders put first on PATH. */
  readonly pathPrefix?: readonly string[]
  /** The node binary for node20 / node24 actions (default: the one running this). */
  readonly node?: string
  /**
   * Whether the `job` context carries workflow_repository / workflow_sha (newer runners do).
   * false plays an older runner, where the locate step falls back to the OIDC claims.
   */
  readonly jobWorkflowFields?: boolean
  readonly runId?: string
  /** github.run_attempt: 1 for a run, 2 and up for its re-runs. */
  readonly runAttempt?: number
  /** GITHUB_API_URL and github.api_url (default https://api.github.com; a local stand-in in tests). */
  readonly githubApiUrl?: string
  readonly reporter?: Reporter
}
