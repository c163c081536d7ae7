import type { Runner } from '../../runner/runner.js'
import { InputError } from '../../shared/parse.js'

/** A run stopped by an error before any report: each problem, the failure, a summary. */
export async function stopped(runner: Runner, error: unknown): Promise<void> {
  if (error instanceof InputError) {
    for (const problem of error.problems) runner.log.error(problem, 'Invalid task definition')
  }
  const message = runner.fail(error, 'ECS deploy stopped')
  await runner.summary(`## ❌ ECS deploy stopped\n\n\`\`\`\n${message}\n\`\`\`\n`)
}
