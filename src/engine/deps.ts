import type { EcrApi } from '../aws/ecr.js'
import type { AwsAdapter } from '../aws/clients.js'
import type { EcsApi } from '../aws/ecs/ecs.js'
import type { EventsApi } from '../aws/events.js'
import type { LogsApi } from '../aws/logs.js'
import type { CommitOrder } from '../github/compare.js'
import type { SchedulerApi } from '../aws/scheduler.js'
import type { Files } from '../shared/files.js'
import type { Log } from '../shared/log.js'
import type { HttpGet } from './phases/health-check/health-check.js'
import type { PostState } from './post-state.js'
import type { Settings } from './settings/settings.js'

/**
 * What the engine uses of the outside world, built by a front end (an action's entry, the CLI):
 * AWS, the log, the clock, HTTP for the health check, a folder for the rendered file, where the
 * post step learns what is under way, and the run this deploy belongs to.
 */
export interface Deps {
  readonly ecs: EcsApi
  readonly logs: LogsApi
  /** ECR, read only: the revision label of an image the service runs. */
  readonly ecr: EcrApi
  /**
   * An AWS adapter a kind brings (src/aws/), by its class: `io.client(CodeDeployApi)`. Its client
   * is built on first use with the same credentials, retries and timeouts as the others.
   */
  readonly client: <A, C extends { send: object }>(Api: AwsAdapter<A, C>) => A
  /** EventBridge and EventBridge Scheduler: the scheduled tasks of the family (scheduled-tasks). */
  readonly events: EventsApi
  readonly scheduler: SchedulerApi
  readonly log: Log
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly httpGet: HttpGet
  /** Where the rendered task definition is written (RUNNER_TEMP). */
  readonly tempDir: string
  /** The task definition, AppSpec and release files read, the rendered one written. */
  readonly files: Files
  /** What a cancelled job's post step needs to know (a rollout watched, a one-off task running). */
  readonly post: PostState
  /**
   * The commit and the run's log URL ('' outside a CI run), tagged on what the deploy creates;
   * the run's id and attempt (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT), which name its one-off task.
   */
  readonly run: {
    readonly sha: string
    readonly runUrl: string
    readonly id?: string
    readonly attempt?: string
  }
  readonly region: string
  /**
   * How commit `head` stands against `base` (GitHub's compare API), or why the commit-order guard
   * cannot ask (a warning tells the user how to turn it on); undefined: not asked, nothing said.
   */
  readonly commitOrder?: AskCommitOrder | CommitOrderOff | undefined
}

/** How commit `head` stands against `base`; throws when GitHub cannot answer. */
export type AskCommitOrder = (base: string, head: string) => Promise<CommitOrder>

/** Why the front end has no way to GitHub's compare API, and how to give it one, in its words. */
export interface CommitOrderOff {
  /** What is missing: "github-token is empty", "GITHUB_REPOSITORY is not set". */
  readonly missing: readonly string[]
  /** What the user does to turn the guard on. */
  readonly turnOn: string
}

/** One run of the engine: its settings and the outside world. Every phase gets it. */
export interface Context {
  readonly s: Settings
  readonly io: Deps
}
