import { readSettings, type Settings } from '../../engine/settings/settings.js'
import { actionsRunner } from '../../runner/runner.js'
import { stopped } from './stopped.js'

/**
 * The main step: the inputs read and checked first, with nothing but the runner and the settings
 * loaded; the engine and the AWS and GitHub clients (main.ts) load only for inputs that hold.
 */
export async function start(): Promise<void> {
  const runner = actionsRunner()
  let settings: Settings
  try {
    settings = readSettings(name => runner.input(name))
  } catch (error) {
    return stopped(runner, error)
  }
  const { run } = await import('./main.js')
  return run(undefined, settings)
}
