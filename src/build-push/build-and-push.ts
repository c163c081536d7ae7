import { build } from './build.js'
import { checkBeforeWrites } from './checks.js'
import type { Deps } from './deps.js'
import { login } from './docker.js'
import { builtReport, type Report, reusedReport } from './report.js'
import { ensureRepository } from './repository.js'
import { lookUp } from './reuse.js'
import type { Settings } from './settings.js'

/**
 * The build-push engine: its phases in the order they run, each result handed to the next.
 * Read-only look-ups first (the repository, the requested tags, this commit's image to reuse);
 * every check that can refuse runs before the first write (the repository, the login, the push).
 */
export async function buildAndPush(settings: Settings, deps: Deps): Promise<Report> {
  const found = await lookUp(settings, deps)
  const reused = reusedReport(settings, found, deps.log)
  if (reused !== undefined) return reused
  const plan = await checkBeforeWrites(settings, found, deps)
  const destination = await ensureRepository(settings, found, deps)
  const registry = await logIn(deps)
  const built = await build(settings, { found, plan, destination, registry }, deps)
  return builtReport(settings, { found, plan, destination, built })
}

/** How often `docker login` is tried before the step fails (transient failures only). */
export const LOGIN_ATTEMPTS = 4

/**
 * Logs the docker CLI in to ECR: GetAuthorizationToken, the password (and the base64 form the
 * Docker config stores) masked first, then `docker login --password-stdin`, retried. The
 * registry is remembered for the post step's logout. Returns the registry host.
 */
export function logIn(
  deps: Pick<Deps, 'ecr' | 'docker' | 'log' | 'sleep' | 'setSecret' | 'saveRegistry'>
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
