import type { CredentialSettings } from '../../aws/credentials.js'
import { readCredentialSettings } from '../../shared/credential-settings.js'
import { InputError, parseBoolean, parseChoice } from '../../shared/parse.js'
import { readCodeDeployInputs, type CodeDeploySettings } from './codedeploy-inputs.js'
import { readExpressSettings, type ExpressSettings } from './express-inputs.js'
import { readImages } from './image-inputs.js'
import { INPUTS } from './inputs.js'
import { readKeepRevisions, type KeepRevisionsSettings } from './keep-revisions-input.js'
import { MODES, type Mode } from './mode.js'
import { readRenderInputs, type RenderInputs } from './render-settings.js'
import { readRunTaskInputs, type RunTaskInputSettings } from './run-task-inputs.js'
import { readScheduledTaskSettings, type ScheduledTaskSettings } from './scheduled-tasks-inputs.js'
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
export type { CodeDeploySettings }
export type { ExpressSettings }

/** Every setting of a run. */
export interface Settings
  extends RunTaskInputSettings, WatchSettings, ScheduledTaskSettings, KeepRevisionsSettings {
  readonly credentials: CredentialSettings
  readonly mode: Mode
  readonly cluster: string
  /** '' only with scheduled-tasks: a family without a service (modes/family.ts). */
  readonly service: string
  /** Path of a release file (several services released as one); '' for one service. */
  readonly release: string
  /** Path of the task definition file; empty: the service's current task definition. */
  readonly taskDefinitionFile: string
  /** What the inputs change in the task definition (render.ts). */
  readonly render: RenderInputs
  /** previous | a revision number | a task definition ARN (rollback mode). */
  readonly rollbackTo: string
  readonly githubEnvironment: string
  readonly environmentUrl: string
  readonly githubToken: string
  /** Deploy even a commit older than the one the service runs (deploy mode). */
  readonly allowOlderCommit: boolean
  /** Services on the CODE_DEPLOY controller: the AppSpec, the deployment group, its options. */
  readonly codeDeploy: CodeDeploySettings
  /** Amazon ECS Express Mode (kinds/express): whether, and its settings. */
  readonly express: ExpressSettings
}

/**
 * Reads and checks every input through `get`, the region and the session name falling back to
 * `env` (AWS_REGION, the run); throws an InputError naming the input before any write.
 */
export function readSettings(get: (name: string) => string, env: NodeJS.ProcessEnv): Settings {
  const mode = parseChoice<Mode>(INPUTS.mode, get(INPUTS.mode), MODES, 'deploy')
  const service = get(INPUTS.service).trim()
  const release = readRelease(get, mode)
  const express = readExpressSettings(get)
  // Express Mode's one container is Main: with express true, image needs no container-name.
  const images = readImages(get, express.use === 'true' ? 'Main' : undefined)
  const taskDefinitionFile = get(INPUTS.taskDefinition).trim()
  const settings = {
    mode,
    cluster: get(INPUTS.cluster).trim() || 'default',
    service,
    release,
    taskDefinitionFile,
    render: readRenderInputs(get, images),
    ...readWatchSettings(get),
    rollbackTo: readRollbackTo(get, mode),
    githubEnvironment: get(INPUTS.environment).trim(),
    environmentUrl: httpUrl(INPUTS.environmentUrl, get(INPUTS.environmentUrl)),
    githubToken: get(INPUTS.githubToken).trim(),
    allowOlderCommit: parseBoolean(INPUTS.allowOlderCommit, get(INPUTS.allowOlderCommit), false),
    credentials: readCredentialSettings(get, env),
    codeDeploy: readCodeDeployInputs(get),
    ...readRunTaskInputs(get, { mode, taskDefinitionFile, containerNames: images.containerNames }),
    express
  }
  return {
    ...settings,
    ...readScheduledTaskSettings(get, settings),
    ...readKeepRevisions(get, settings)
  }
}

/** Inputs a release file gives per service instead. */
const PER_SERVICE = [
  INPUTS.service,
  INPUTS.taskDefinition,
  INPUTS.containerName,
  INPUTS.image,
  INPUTS.taskDefinitionArn,
  INPUTS.runTaskCommand
] as const

/** `release`: the path of a release file, for deploy mode, with no per-service input beside it. */
function readRelease(get: (name: string) => string, mode: Mode): string {
  const release = get(INPUTS.release).trim()
  if (release === '') return ''
  if (mode !== 'deploy')
    throw new InputError(INPUTS.release, `is for deploy mode; ${mode} mode acts on one service.`)
  const clash = PER_SERVICE.find(name => get(name).trim() !== '')
  if (clash !== undefined) {
    throw new InputError(
      INPUTS.release,
      `cannot be given together with ${clash}: the release file names each service's ${clash === INPUTS.service ? 'name' : clash} in its entry.`
    )
  }
  return release
}
