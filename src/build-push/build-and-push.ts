import { build } from './build.js'
import { checkBeforeWrites } from './checks.js'
import type { BuildDeps } from './deps.js'
import { logIn } from './login.js'
import { builtReport, type Report, reusedReport } from './report.js'
import { ensureRepository } from './repository.js'
import { lookUp } from './reuse.js'
import type { Settings } from './settings.js'

/**
 * The build-push engine: its phases in the order they run, each result handed to the next.
 * Read-only look-ups first (the repository, the requested tags, this commit's image to reuse);
 * every check that can refuse runs before the first write (the repository, the login, the push).
 */
export async function buildAndPush(settings: Settings, deps: BuildDeps): Promise<Report> {
  const found = await lookUp(settings, deps)
  const reused = reusedReport(settings, found, deps.log)
  if (reused !== undefined) return reused
  const plan = await checkBeforeWrites(settings, found, deps)
  const destination = await ensureRepository(settings, found, deps)
  const registry = await logIn(deps)
  const built = await build(settings, { found, plan, destination, registry }, deps)
  return builtReport(settings, { found, plan, destination, built })
}
