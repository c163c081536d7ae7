import { renderFailure } from '../../build-push/summary.js'
import type { Runner } from '../../runner/runner.js'

/** A run stopped by an error before any report: the failure, a summary naming the repository when it is known. */
export async function stopped(runner: Runner, error: unknown, repository = ''): Promise<void> {
  const message = runner.fail(error, 'Build and push failed')
  await runner.summary(renderFailure(repository, message))
}
