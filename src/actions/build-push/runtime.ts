import { tmpdir } from 'node:os'
import type { DockerExec } from '../../build-push/docker.js'
import { createRuntime, type Runtime } from '../runtime.js'
import { execDocker } from './exec.js'

/** The common runtime (actions/runtime.ts) plus the Docker CLI and a folder for short-lived files. */
export interface BuildRuntime extends Runtime {
  readonly docker: DockerExec
  /** A folder for short-lived files (build secrets, buildx metadata): RUNNER_TEMP. */
  readonly tempRoot: string
}

/** The composition root of action-build-push: the real runner, AWS and Docker. */
export function createBuildRuntime(): BuildRuntime {
  return {
    ...createRuntime(),
    docker: execDocker,
    tempRoot: process.env.RUNNER_TEMP || tmpdir()
  }
}
