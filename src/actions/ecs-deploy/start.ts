import { readSettings, type Settings } from '../../engine/settings/settings.js'
import { actionsRunner } from '../../runner/runner.js'
import { diskFiles } from '../../shared/files.js'
import { settingsLines } from '../../shared/settings-lines.js'
import type { Runtime } from './runtime.js'
import { stopped } from './stopped.js'

/**
 * The main step: the inputs read and checked first, with nothing but the runner and the settings
 * loaded; the engine and the AWS and GitHub clients (main.ts) load only for inputs that hold.
 */
export async function start(): Promise<void> {
  const rt = { runner: actionsRunner(), env: process.env, files: diskFiles }
  let settings: Settings
  try {
    settings = await readInputs(rt)
  } catch (error) {
    return stopped(rt.runner, error)
  }
  const { run } = await import('./main.js')
  return run(undefined, settings)
}

/**
 * The "Inputs" group: every input read and checked, and the settings shown, secrets never; the
 * environment variables by name only (their values are the application's, never logged).
 */
export function readInputs(rt: Pick<Runtime, 'runner' | 'env' | 'files'>): Promise<Settings> {
  const { runner } = rt
  return runner.log.group('Inputs', async () => {
    const settings = readSettings(name => runner.input(name), rt.env)
    const shown = settingsLines(settings, { namesOnly: ['render.environment'] })
    for (const line of shown) runner.log.info(line)
    return settings
  })
}
