import type { EcrApi } from '../aws/ecr.js'
import type { Files } from '../shared/files.js'
import type { Log } from '../shared/log.js'
import type { DockerExec } from './docker.js'

/**
 * What the build-push engine uses of the outside world, built by a front end (the action's
 * entry, src/actions/build-push/main.ts) from its runtime: ECR, the docker CLI, the log, the
 * clock, masking, where the post step learns which registry to log out of, a folder for
 * short-lived files and the files in it. The commit and repository URL come with the settings
 * (Settings.git).
 */
export interface Deps {
  readonly ecr: EcrApi
  readonly docker: DockerExec
  readonly log: Log
  /** Epoch milliseconds. */
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  /** Masks a value in every later log line (the registry password). */
  readonly setSecret: (value: string) => void
  /** Remembers the registry logged in to, for the post step's logout. */
  readonly saveRegistry: (registry: string) => void
  /** A folder for short-lived files (build secrets, buildx metadata): RUNNER_TEMP. */
  readonly tempDir: string
  /** The build secrets' files written, buildx's metadata file read. */
  readonly files: Files
}
