import { getExecOutput } from '@actions/exec'
import type { DockerExec } from '../../build-push/docker.js'

/** `docker <args>` through @actions/exec: echoed and streamed unless silent, stdin from input. */
export const execDocker: DockerExec = async request => {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined) env[key] = value
  }
  Object.assign(env, request.env ?? {})
  return getExecOutput('docker', [...request.args], {
    ignoreReturnCode: true,
    silent: request.silent ?? false,
    env,
    ...(request.input !== undefined ? { input: Buffer.from(request.input) } : {})
  })
}
