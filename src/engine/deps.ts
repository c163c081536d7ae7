import type { HttpGet } from './phases/health-check/health-check.js'
import type { OneOffTaskDeps } from './phases/one-off-task/run.js'

/**
 * What a deploy, a rollback or a continue uses of the outside world (main.ts builds it): what its
 * one-off task needs (the post state aside, made per run), and more.
 */
export interface DeployDeps extends Omit<OneOffTaskDeps, 'post'> {
  readonly httpGet: HttpGet
  /** Where the rendered task definition is written (RUNNER_TEMP). */
  readonly tempDir: string
  /** Keeps a value for the post step (core.saveState); post-state.ts is its one user. */
  readonly saveState: (name: string, value: string) => void
  readonly run: { readonly sha: string; readonly runUrl: string }
  readonly region: string
}
