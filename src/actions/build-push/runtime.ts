import { tmpdir } from 'node:os'
import { createRuntime, type Runtime } from '../runtime.js'
import type { DockerExec } from '../../build-push/docker.js'
import { execDocker } from './exec.js'

/** The common runtime (common/runtime.ts) plus the Docker CLI and a folder for short-lived files. */
export interface BuildRuntime extends Runtime {
  readonly docker: DockerExec
  /** A folder for short-lived files (build secrets, buildx metadata): RUNNER_TEMP. */
  readonly tempRoot: string
  readonly loginAttempts?: number
}

/** The composition root of action-build-push: the real runner, AWS and Docker. */
export function createBuildRuntime(): BuildRuntime {
  return {
    ...createRuntime(),
    docker: execDocker,
    tempRoot: process.env.RUNNER_TEMP || tmpdir()
  }
}
