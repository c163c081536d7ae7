import type { CredentialSettings } from '../../aws/credentials.js'
import { CREDENTIAL_INPUTS, readCredentialSettings } from '../../shared/credential-settings.js'
import {
  InputError,
  parseBoolean,
  parseChoice,
  parseInteger,
  parseKeyValueLines
} from '../../shared/parse.js'
import type { ImageAssignment, RenderOptions } from '../phases/render/render.js'
import { RENDER_INPUTS, readContainerSettings } from './render-inputs.js'
import { cpuUnits, isSecretReference, memoryMiB } from '../phases/validate/validate.js'
import { RUN_TASK_INPUTS, readRunTaskInputs, type RunTaskInputSettings } from './run-task-inputs.js'
import { imageReferenceProblem } from '../phases/validate/image.js'
import { isTaskDefinitionArn } from '../common/task-definition-arn.js'
import { MODES, type Mode } from './mode.js'

/*
 * action-ecs-deploy's inputs, read and checked. Over 250 lines: the one file that reads inputs,
 * each check beside its input; the render inputs and the one-off task's live in render-inputs.ts
 * and run-task-inputs.ts.
 */

/** Every input of action-ecs-deploy/action.yml, by the name the runner knows it. */
export const INPUTS = {
  ...CREDENTIAL_INPUTS,
  mode: 'mode',
  cluster: 'cluster',
  service: 'service',
  taskDefinition: 'task-definition',
  containerName: 'container-name',
  image: 'image',
  images: 'images',
  environmentVariables: 'environment-variables',
  secrets: 'secrets',
  logGroup: 'log-group',
  cpu: 'cpu',
  memory: 'memory',
  dockerLabels: 'docker-labels',
  ...RENDER_INPUTS,
  desiredCount: 'desired-count',
  forceNewDeployment: 'force-new-deployment',
  waitForServiceStability: 'wait-for-service-stability',
  waitForMinutes: 'wait-for-minutes',
  waitUntil: 'wait-until',
  pollIntervalSeconds: 'poll-interval-seconds',
  maxFailedTasks: 'max-failed-tasks',
  rollbackOnFailure: 'rollback-on-failure',
  healthCheckUrl: 'health-check-url',
  dryRun: 'dry-run',
  rollbackTo: 'rollback-to',
  environment: 'environment',
  environmentUrl: 'environment-url',
  githubToken: 'github-token',
  ...RUN_TASK_INPUTS
} as const

export const OUTPUTS = {
  taskDefinitionArn: 'task-definition-arn',
  previousTaskDefinitionArn: 'previous-task-definition-arn',
  deploymentId: 'deployment-id',
  outcome: 'outcome',
  renderedTaskDefinition: 'rendered-task-definition',
  runTaskArn: 'run-task-arn',
  runTaskExitCode: 'run-task-exit-code'
} as const

export type { Mode }

/** Blue/green, linear, canary: wait for the end (completed), or for production traffic wholly shifted. */
export type WaitUntil = 'completed' | 'traffic-shifted'

/** The render options that come from inputs (the region and the run's tags come from elsewhere). */
export type RenderInputs = Omit<RenderOptions, 'region' | 'tags'>

/** Every setting of a step; the one-off task's, log lines' and base ARN's in run-task-inputs.ts. */
export interface Settings extends RunTaskInputSettings {
  readonly credentials: CredentialSettings
  readonly mode: Mode
  readonly cluster: string
  readonly service: string
  /** Path of the task definition file; empty: the service's current task definition. */
  readonly taskDefinitionFile: string
  /** What the inputs change in the task definition (render.ts). */
  readonly render: RenderInputs
  readonly desiredCount: number | undefined
  readonly forceNewDeployment: boolean
  readonly waitForServiceStability: boolean
  readonly waitForMinutes: number
  /** Blue/green, linear, canary: the end (completed) or production traffic wholly shifted. */
  readonly waitUntil: WaitUntil
  readonly pollIntervalSeconds: number
  readonly maxFailedTasks: number
  readonly rollbackOnFailure: boolean
  readonly healthCheckUrl: string
  readonly dryRun: boolean
  /** previous | a revision number | a task definition ARN (rollback mode). */
  readonly rollbackTo: string
  readonly githubEnvironment: string
  readonly environmentUrl: string
  readonly githubToken: string
}

/**
 * Reads and checks every input. Throws an InputError naming the input before anything is written.
 */
export function readSettings(get: (name: string) => string): Settings {
  const mode = parseChoice<Mode>(INPUTS.mode, get(INPUTS.mode), MODES, 'deploy')
  const service = get(INPUTS.service).trim()
  if (service === '')
    throw new InputError(INPUTS.service, 'is required. Give the ECS service name.')
  const cluster = get(INPUTS.cluster).trim() || 'default'

  const containerName = get(INPUTS.containerName).trim()
  const image = get(INPUTS.image).trim()
  if (image !== '' && containerName === '') {
    throw new InputError(
      INPUTS.containerName,
      'is required with image: name the container the image is for.'
    )
  }
  const images: ImageAssignment[] = []
  // Several names, comma-separated, as amazon-ecs-render-task-definition takes them (v1.8.0):
  // each gets the image. ECS container names have no commas ("Up to 255 letters (uppercase and
  // lowercase), numbers, underscores, and hyphens are allowed.", ContainerDefinition.name).
  const containerNames = containerName === '' ? [] : containerName.split(',').map(n => n.trim())
  if (containerNames.some(n => n === '')) {
    throw new InputError(
      INPUTS.containerName,
      `"${containerName}" has an empty name. Give one container name, or several separated by commas.`
    )
  }
  if (image !== '') {
    for (const container of containerNames) {
      checkImage(INPUTS.image, container, image)
      images.push({ container, image, input: INPUTS.containerName })
    }
  }
  for (const { key, value } of parseKeyValueLines(
    INPUTS.images,
    get(INPUTS.images),
    'container=image'
  )) {
    if (value === '')
      throw new InputError(INPUTS.images, `the image for container "${key}" is empty.`)
    checkImage(INPUTS.images, key, value)
    images.push({ container: key, image: value, input: INPUTS.images })
  }
  const settingsContainers =
    containerNames.length > 0 ? containerNames : [...new Set(images.map(i => i.container))]

  const secrets = parseKeyValueLines(INPUTS.secrets, get(INPUTS.secrets), 'NAME=valueFrom')
  for (const secret of secrets) {
    if (!isSecretReference(secret.value)) {
      throw new InputError(
        INPUTS.secrets,
        `${secret.key}: "${secret.value}" is not a Secrets Manager ARN, an SSM parameter ARN or an SSM parameter name. Give where the value lives, never the value itself.`
      )
    }
  }
  const cpu = get(INPUTS.cpu).trim()
  if (cpu !== '' && cpuUnits(cpu) === undefined) {
    throw new InputError(
      INPUTS.cpu,
      `"${cpu}" is not a CPU size. Use CPU units such as 512, or "0.5 vCPU".`
    )
  }
  const memory = get(INPUTS.memory).trim()
  if (memory !== '' && memoryMiB(memory) === undefined) {
    throw new InputError(
      INPUTS.memory,
      `"${memory}" is not a memory size. Use MiB such as 1024, or "1 GB".`
    )
  }
  const logGroup = get(INPUTS.logGroup).trim()
  if (logGroup !== '' && !/^[\w./#-]{1,512}$/.test(logGroup)) {
    throw new InputError(
      INPUTS.logGroup,
      `"${logGroup}" is not a CloudWatch Logs group name (letters, digits, _ - / . #).`
    )
  }
  const healthCheckUrl = get(INPUTS.healthCheckUrl).trim()
  if (healthCheckUrl !== '' && !isHttpUrl(healthCheckUrl)) {
    throw new InputError(INPUTS.healthCheckUrl, `"${healthCheckUrl}" is not an http(s) URL.`)
  }
  const rollbackTo = get(INPUTS.rollbackTo).trim() || 'previous'
  // The rollback workflow passes its `to` here in every mode; `continue` is a mode of its own.
  if (
    !(mode === 'continue' && rollbackTo === 'continue') &&
    !(rollbackTo === 'previous' || /^\d+$/.test(rollbackTo) || isTaskDefinitionArn(rollbackTo))
  ) {
    throw new InputError(
      INPUTS.rollbackTo,
      `"${rollbackTo}" is not "previous", a revision number or a task definition ARN (arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION).`
    )
  }
  const environmentUrl = get(INPUTS.environmentUrl).trim()
  if (environmentUrl !== '' && !isHttpUrl(environmentUrl)) {
    throw new InputError(INPUTS.environmentUrl, `"${environmentUrl}" is not an http(s) URL.`)
  }

  return {
    credentials: readCredentialSettings(get),
    mode,
    cluster,
    service,
    taskDefinitionFile: get(INPUTS.taskDefinition).trim(),
    render: {
      images,
      settingsContainers,
      environment: parseKeyValueLines(
        INPUTS.environmentVariables,
        get(INPUTS.environmentVariables)
      ),
      secrets,
      dockerLabels: parseKeyValueLines(INPUTS.dockerLabels, get(INPUTS.dockerLabels), 'key=value'),
      logGroup,
      cpu,
      memory,
      ...readContainerSettings(get)
    },
    desiredCount: parseInteger(INPUTS.desiredCount, get(INPUTS.desiredCount), undefined, {
      min: 0
    }),
    forceNewDeployment: parseBoolean(
      INPUTS.forceNewDeployment,
      get(INPUTS.forceNewDeployment),
      false
    ),
    waitForServiceStability: parseBoolean(
      INPUTS.waitForServiceStability,
      get(INPUTS.waitForServiceStability),
      true
    ),
    waitForMinutes: parseInteger(INPUTS.waitForMinutes, get(INPUTS.waitForMinutes), 30, {
      min: 1,
      max: 360
    }),
    waitUntil: parseChoice<WaitUntil>(
      INPUTS.waitUntil,
      get(INPUTS.waitUntil),
      ['completed', 'traffic-shifted'],
      'completed'
    ),
    pollIntervalSeconds: parseInteger(
      INPUTS.pollIntervalSeconds,
      get(INPUTS.pollIntervalSeconds),
      10,
      {
        min: 1,
        max: 300
      }
    ),
    maxFailedTasks: parseInteger(INPUTS.maxFailedTasks, get(INPUTS.maxFailedTasks), 3, { min: 0 }),
    rollbackOnFailure: parseBoolean(INPUTS.rollbackOnFailure, get(INPUTS.rollbackOnFailure), true),
    healthCheckUrl,
    dryRun: parseBoolean(INPUTS.dryRun, get(INPUTS.dryRun), false),
    rollbackTo,
    githubEnvironment: get(INPUTS.environment).trim(),
    environmentUrl,
    githubToken: get(INPUTS.githubToken).trim(),
    ...readRunTaskInputs(get, {
      mode,
      taskDefinitionFile: get(INPUTS.taskDefinition).trim(),
      containerNames
    })
  }
}

/** An image input follows the image reference grammar (validate-image.ts), or the step stops. */
function checkImage(input: string, container: string, image: string): void {
  const problem = imageReferenceProblem(image)
  if (problem !== undefined) {
    throw new InputError(
      input,
      `the image for container "${container}", "${image}", is not an image reference: ${problem}. Give REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:DIGEST (for example the build step's image output).`
    )
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
