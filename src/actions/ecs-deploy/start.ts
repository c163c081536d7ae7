import { readSettings, type Settings } from '../../engine/settings/settings.js'
import { settingsLines } from '../../shared/settings-lines.js'
import { startStep, type InputRuntime } from '../start-step.js'
import { stopped } from './stopped.js'

/** The main step (actions/start-step.ts); the engine and the AWS and GitHub clients load only for inputs that hold. */
export function start(): Promise<void> {
  return startStep({ readInputs, stopped, loadMain: () => import('./main.js') })
}

/**
 * The "Inputs" group: every input read and checked, and the settings shown, secrets never; the
 * environment variables by name only (their values are the application's, never logged).
 */
export function readInputs(rt: InputRuntime): Promise<Settings> {
  const { runner } = rt
  return runner.log.group('Inputs', async () => {
    const settings = readSettings(name => runner.input(name), rt.env)
    const shown = settingsLines(settings, { namesOnly: ['render.environment'] })
    for (const line of shown) runner.log.info(line)
    return settings
  })
}
