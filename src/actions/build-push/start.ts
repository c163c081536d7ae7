import { INPUTS, maskSecretValues, readSettings, type Settings } from '../../build-push/settings.js'
import { actionsRunner } from '../../runner/runner.js'
import { diskFiles } from '../../shared/files.js'
import { settingsLines } from '../../shared/settings-lines.js'
import type { Runtime } from './runtime.js'
import { stopped } from './stopped.js'

/**
 * The main step: the inputs read and checked first, with nothing but the runner and the settings
 * loaded; Docker, the engine and the AWS clients (main.ts) load only for inputs that hold.
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
 * The "Inputs" group: the build secrets masked first, then every input read and checked (paths
 * relative to the working directory), and the settings shown, secrets and build-arg values never.
 */
export function readInputs(rt: Pick<Runtime, 'runner' | 'env' | 'files'>): Promise<Settings> {
  const { runner } = rt
  return runner.log.group('Inputs', async () => {
    maskSecretValues(runner.input(INPUTS.secrets), value => runner.setSecret(value))
    const settings = readSettings(name => runner.input(name), rt.env, rt.files, process.cwd())
    for (const line of settingsLines(settings, { namesOnly: ['buildArgs'] })) runner.log.info(line)
    return settings
  })
}
