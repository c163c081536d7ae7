import { logout } from '../../build-push/docker.js'
import { createRuntime, type Runtime } from './runtime.js'

/** The state key under which the main step saves the registry it logged in to. */
export const STATE_REGISTRY = 'registry'

/**
 * The post step, from the main step's saved state alone: log out of the registry the main step
 * logged in to. Never fails the job.
 */
export async function runPost(
  rt: Pick<Runtime, 'docker' | 'runner'> = createRuntime()
): Promise<void> {
  try {
    const registry = rt.runner.state.get(STATE_REGISTRY)
    if (registry === '') {
      rt.runner.log.info('No registry login to undo.')
      return
    }
    if (await logout(rt.docker, registry)) rt.runner.log.info(`Logged out of ${registry}.`)
    else
      rt.runner.log.warning(
        `docker logout ${registry} failed; the login stays in the Docker config.`
      )
  } catch (error) {
    rt.runner.log.warning(`Post step: ${error instanceof Error ? error.message : String(error)}`)
  }
}
