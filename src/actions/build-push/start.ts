import { INPUTS, maskSecretValues, readSettings, type Settings } from '../../build-push/settings.js'
import { renderFailure } from '../../build-push/summary.js'
import { actionsRunner, type Runner } from '../../runner/runner.js'

/**
 * The main step: the inputs read and checked first, with nothing but the runner and the settings
 * loaded; Docker, the engine and the AWS clients (main.ts) load only for inputs that hold.
 */
export async function start(): Promise<void> {
  const runner = actionsRunner()
  let settings: Settings
  try {
    settings = await readInputs(runner, process.env)
  } catch (error) {
    return failed(runner, '', error)
  }
  const { run } = await import('./main.js')
  return run(undefined, settings)
}

/** The build secrets masked first, then every input read and checked. */
export function readInputs(runner: Runner, env: NodeJS.ProcessEnv): Promise<Settings> {
  return runner.log.group('Inputs', async () => {
    maskSecretValues(runner.input(INPUTS.secrets), value => runner.setSecret(value))
    return readSettings(name => runner.input(name), env)
  })
}

/** The step failed: the error, and a summary naming the repository when it is known. */
export async function failed(runner: Runner, repository: string, error: unknown): Promise<void> {
  const message = runner.fail(error, 'Build and push failed')
  await runner.summary(renderFailure(repository, message))
}
