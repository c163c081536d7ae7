import type { BuildDeps } from './deps.js'
import { login } from './docker.js'

/** How often `docker login` is tried before the step fails (transient failures only). */
export const LOGIN_ATTEMPTS = 4

/**
 * Logs the docker CLI in to ECR: GetAuthorizationToken, the password (and the base64 form the
 * Docker config stores) masked first, then `docker login --password-stdin`, retried. The
 * registry is remembered for the post step's logout. Returns the registry host.
 */
export function logIn(
  deps: Pick<BuildDeps, 'ecr' | 'docker' | 'log' | 'sleep' | 'setSecret' | 'saveRegistry'>
): Promise<string> {
  return deps.log.group('Log in to ECR', async () => {
    const auth = await deps.ecr.getAuthorization()
    deps.setSecret(auth.password)
    deps.setSecret(Buffer.from(`${auth.username}:${auth.password}`).toString('base64'))
    await login(
      deps.docker,
      { registry: auth.registry, username: auth.username, password: auth.password },
      { attempts: LOGIN_ATTEMPTS, sleep: deps.sleep, log: m => deps.log.info(m) }
    )
    deps.saveRegistry(auth.registry)
    return auth.registry
  })
}
