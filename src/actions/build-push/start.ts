import { INPUTS, maskSecretValues, readSettings, type Settings } from '../../build-push/settings.js'
import { settingsLines } from '../../shared/settings-lines.js'
import { startStep, type InputRuntime } from '../start-step.js'
import { stopped } from './stopped.js'

/** The main step (actions/start-step.ts); Docker, the engine and the AWS clients load only for inputs that hold. */
export function start(): Promise<void> {
  return startStep({ readInputs, stopped, loadMain: () => import('./main.js') })
}

/**
 * The "Inputs" group: the build secrets masked first, then every input read and checked (paths
 * relative to the working directory), and the settings shown, secrets and build-arg values never.
 */
export function readInputs(rt: InputRuntime): Promise<Settings> {
  const { runner } = rt
  return runner.log.group('Inputs', async () => {
    maskSecretValues(runner.input(INPUTS.secrets), value => runner.setSecret(value))
    const settings = readSettings(name => runner.input(name), rt.env, rt.files, process.cwd())
    for (const line of settingsLines(settings, { namesOnly: ['buildArgs'] })) runner.log.info(line)
    return settings
  })
}
