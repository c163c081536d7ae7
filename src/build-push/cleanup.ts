import * as core from '@actions/core'
import { type DockerExec, logout } from './docker.js'
import { execDocker } from './exec.js'

/** The state key under which the main step saves the registry it logged in to. */
export const STATE_REGISTRY = 'registry'

export interface PostDeps {
  readonly docker: DockerExec
}

/** The post step: log out of the registry the main step logged in to. Never fails the job. */
export async function runPost(deps: PostDeps = { docker: execDocker }): Promise<void> {
  try {
    const registry = core.getState(STATE_REGISTRY)
    if (registry === '') {
      core.info('No registry login to undo.')
      return
    }
    if (await logout(deps.docker, registry)) core.info(`Logged out of ${registry}.`)
    else core.warning(`docker logout ${registry} failed; the login stays in the Docker config.`)
  } catch (error) {
    core.warning(`Post step: ${error instanceof Error ? error.message : String(error)}`)
  }
}
