import type { CredentialSettings } from '../../aws/credentials.js'
import { readCredentialSettings } from '../../shared/credential-settings.js'
import { InputError, parseChoice } from '../../shared/parse.js'
import { readExpressSettings, type ExpressSettings } from './express-inputs.js'
import { readImages } from './image-inputs.js'
import { INPUTS } from './inputs.js'
import { MODES, type Mode } from './mode.js'
import { readRenderInputs, type RenderInputs } from './render-settings.js'
import { readRunTaskInputs, type RunTaskInputSettings } from './run-task-inputs.js'
import { httpUrl, readRollbackTo, readWatchSettings, type WatchSettings } from './watch-inputs.js'

/*
 * The one typed settings object of the ecs-deploy engine, read from inputs through `get` (the
 * runner's core.getInput, the CLI's flags) and checked before anything is written to AWS: every
 * error names the input and says how to fix it. Each group of inputs is read in a module of its
 * own beside this one.
 */

export { INPUTS, OUTPUTS } from './inputs.js'
export type { Mode }
export type { RenderInputs }
export type { WaitUntil } from './watch-inputs.js'
export type { ExpressSettings }

/** Every setting of a run. */
export interface Settings extends RunTaskInputSettings, WatchSettings {
  readonly credentials: CredentialSettings
  readonly mode: Mode
  readonly cluster: string
  readonly service: string
  /** Path of the task definition file; empty: the service's current task definition. */
  readonly taskDefinitionFile: string
  /** What the inputs change in the task definition (render.ts). */
  readonly render: RenderInputs
  /** previous | a revision number | a task definition ARN (rollback mode). */
  readonly rollbackTo: string
  readonly githubEnvironment: string
  readonly environmentUrl: string
  readonly githubToken: string
  /** Amazon ECS Express Mode (kinds/express): whether, and its settings. */
  readonly express: ExpressSettings
}

/** Reads and checks every input; throws an InputError naming the input before any write. */
export function readSettings(get: (name: string) => string): Settings {
  const mode = parseChoice<Mode>(INPUTS.mode, get(INPUTS.mode), MODES, 'deploy')
  const service = get(INPUTS.service).trim()
  if (service === '')
    throw new InputError(INPUTS.service, 'is required. Give the ECS service name.')
  const express = readExpressSettings(get)
  // Express Mode's one container is Main: with express true, image needs no container-name.
  const images = readImages(get, express.use === 'true' ? 'Main' : undefined)
  const taskDefinitionFile = get(INPUTS.taskDefinition).trim()
  return {
    mode,
    cluster: get(INPUTS.cluster).trim() || 'default',
    service,
    taskDefinitionFile,
    render: readRenderInputs(get, images),
    ...readWatchSettings(get),
    rollbackTo: readRollbackTo(get, mode),
    githubEnvironment: get(INPUTS.environment).trim(),
    environmentUrl: httpUrl(INPUTS.environmentUrl, get(INPUTS.environmentUrl)),
    githubToken: get(INPUTS.githubToken).trim(),
    credentials: readCredentialSettings(get),
    ...readRunTaskInputs(get, { mode, taskDefinitionFile, containerNames: images.containerNames }),
    express
  }
}
