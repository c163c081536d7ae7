import { tmpdir } from 'node:os'
import type { DockerExec } from '../../build-push/docker.js'
import { createCommonRuntime, type CommonRuntime } from '../runtime.js'
import { execDocker } from './exec.js'

/** The common runtime (actions/runtime.ts) plus the Docker CLI and a folder for short-lived files. */
export interface Runtime extends CommonRuntime {
  readonly docker: DockerExec
  /** A folder for short-lived files (build secrets, buildx metadata): RUNNER_TEMP. */
  readonly tempDir: string
}

/** The composition root of action-build-push: the real runner, AWS, Docker and disk. */
export function createRuntime(): Runtime {
  const common = createCommonRuntime()
  return { ...common, docker: execDocker, tempDir: common.env.RUNNER_TEMP || tmpdir() }
}
