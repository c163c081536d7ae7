import type { EcsApi } from '../aws/ecs.js'
import type { LogsApi } from '../aws/logs.js'
import type { Log } from '../common/log.js'
import type { HttpGet } from './health-check.js'

/** What a deploy, a rollback or a continue uses of the outside world; main.ts builds it. */
export interface DeployDeps {
  readonly ecs: EcsApi
  readonly logs: LogsApi
  readonly log: Log
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly httpGet: HttpGet
  /** Where the rendered task definition is written (RUNNER_TEMP). */
  readonly tempDir: string
  /** Keeps a value for the post step (core.saveState); post-state.ts is its one user. */
  readonly saveState: (name: string, value: string) => void
  readonly run: { readonly sha: string; readonly runUrl: string }
  readonly region: string
}
