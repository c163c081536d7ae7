import type { ContainerDefinition, KeyValuePair, LogDriver, Secret } from '@aws-sdk/client-ecs'
import { InputError, type KeyValue } from '../../../shared/parse.js'
import type { TaskDefinitionInput } from './task-definition-file.js'

export interface ImageAssignment {
  readonly container: string
  readonly image: string
  /** The input that named the container (container-name or images), for error messages. */
  readonly input?: string
  /** Applies only where the task definition has the container (a release's shared images lines). */
  readonly optional?: boolean
}

/**
 * The inputs amazon-ecs-render-task-definition v1.9.0 has beyond images and environment, plus
 * per-container sizes (render-inputs.ts reads and checks them). Empty/undefined: unchanged.
 */
export interface ContainerSettings {
  /** Replaces the containers' command. */
  readonly command: readonly string[] | undefined
  /** S3 object ARNs; replace the containers' environmentFiles, as the render action does. */
  readonly envFiles: readonly string[]
  readonly taskRoleArn: string
  readonly executionRoleArn: string
  /** Sets logConfiguration.logDriver of the containers (keeping their options). */
  readonly logDriver: LogDriver | ''
  /** Merged into logConfiguration.options of the containers (inputs win). */
  readonly logOptions: readonly KeyValue[]
  readonly containerCpu: number | undefined
  readonly containerMemory: number | undefined
  readonly containerMemoryReservation: number | undefined
}

/** Everything the inputs change in a task definition. Pure data. */
export interface RenderOptions extends ContainerSettings {
  readonly images: readonly ImageAssignment[]
  /** Containers that get environment, secrets, labels and ContainerSettings; empty: every one. */
  readonly settingsContainers: readonly string[]
  readonly environment: readonly KeyValue[]
  readonly secrets: readonly KeyValue[]
  readonly dockerLabels: readonly KeyValue[]
  readonly logGroup: string
  readonly region: string
  readonly cpu: string
  readonly memory: string
  readonly tags: readonly KeyValue[]
}

/**
 * Applies the inputs to a base task definition and returns a new one; the base is not changed.
 * Environment variables and secrets are merged by name (inputs win); log configuration is added
 * only where a container has none.
 */
export function renderTaskDefinition(
  base: TaskDefinitionInput,
  options: RenderOptions
): TaskDefinitionInput {
  const rendered = structuredClone(base)
  const containers = rendered.containerDefinitions ?? []
  const names = containers.map(c => c.name ?? '')

  for (const { container, image, input: named, optional } of options.images) {
    const target = containers.find(c => c.name === container)
    if (target === undefined && optional === true) continue
    if (target === undefined) {
      const input =
        named ??
        (options.images.length === 1 && options.settingsContainers.length === 1
          ? 'container-name'
          : 'images')
      throw new InputError(
        input,
        `container "${container}" is not in task definition family "${base.family}". Its containers are: ${names.join(', ')}.`
      )
    }
    if (image.trim() === '') {
      throw new InputError(
        'image',
        `the image for container "${container}" is empty. Pass the image built for it (for example the build step's image output).`
      )
    }
    target.image = image.trim()
  }

  for (const name of options.settingsContainers) {
    if (!names.includes(name)) {
      throw new InputError(
        'container-name',
        `container "${name}" is not in task definition family "${base.family}". Its containers are: ${names.join(', ')}.`
      )
    }
  }
  const settingsTargets =
    options.settingsContainers.length === 0
      ? containers
      : containers.filter(c => options.settingsContainers.includes(c.name ?? ''))

  for (const container of settingsTargets) {
    if (options.environment.length > 0) {
      container.environment = mergeByName<KeyValuePair>(
        container.environment ?? [],
        options.environment.map(({ key, value }) => ({ name: key, value }))
      )
    }
    if (options.secrets.length > 0) {
      container.secrets = mergeByName<Secret>(
        container.secrets ?? [],
        options.secrets.map(({ key, value }) => ({ name: key, valueFrom: value }))
      )
    }
    if (options.dockerLabels.length > 0) {
      container.dockerLabels = {
        ...(container.dockerLabels ?? {}),
        ...Object.fromEntries(options.dockerLabels.map(({ key, value }) => [key, value]))
      }
    }
  }

  for (const container of settingsTargets) applyContainerSettings(container, options)
  applyLogging(rendered, settingsTargets, options)
  if (options.taskRoleArn !== '') rendered.taskRoleArn = options.taskRoleArn
  if (options.executionRoleArn !== '') rendered.executionRoleArn = options.executionRoleArn
  if (options.cpu !== '') rendered.cpu = options.cpu
  if (options.memory !== '') rendered.memory = options.memory
  if (options.tags.length > 0) {
    const ours = new Set(options.tags.map(t => t.key))
    rendered.tags = [
      ...(rendered.tags ?? []).filter(t => !ours.has(t.key ?? '')),
      ...options.tags.map(({ key, value }) => ({ key, value }))
    ]
  }
  return rendered
}

/**
 * API reference, LogConfiguration: "For tasks on AWS Fargate, the supported log drivers are
 * awslogs, splunk, and awsfirelens."
 */
export const FARGATE_LOG_DRIVERS: readonly LogDriver[] = ['awslogs', 'splunk', 'awsfirelens']

/** command, env-files and sizes, on one of the containers the settings apply to. */
function applyContainerSettings(container: ContainerDefinition, options: ContainerSettings): void {
  if (options.command !== undefined) container.command = [...options.command]
  if (options.envFiles.length > 0) {
    container.environmentFiles = options.envFiles.map(value => ({ value, type: 's3' }))
  }
  if (options.containerCpu !== undefined) container.cpu = options.containerCpu
  if (options.containerMemory !== undefined) container.memory = options.containerMemory
  if (options.containerMemoryReservation !== undefined) {
    container.memoryReservation = options.containerMemoryReservation
  }
}

/**
 * log-configuration-log-driver on the settings targets, then log-group (awslogs) on every
 * container still without logging, then log-configuration-options on the targets.
 */
function applyLogging(
  rendered: TaskDefinitionInput,
  targets: readonly ContainerDefinition[],
  options: RenderOptions
): void {
  const driver = options.logDriver
  const fargate = (rendered.requiresCompatibilities ?? []).includes('FARGATE')
  if (driver !== '' && fargate && !FARGATE_LOG_DRIVERS.includes(driver)) {
    throw new InputError(
      'log-configuration-log-driver',
      `"${driver}" does not run on Fargate, which family "${rendered.family}" requires. ECS supports ${FARGATE_LOG_DRIVERS.join(', ')} there.`
    )
  }
  const newDriver = new Set<ContainerDefinition>()
  for (const container of targets) {
    if (driver === '') break
    // Another driver starts without the old one's options and secretOptions: Docker refuses a
    // log option its driver does not know, so the container would not start. (The render action
    // keeps them; a migration that switches drivers had to edit them out of the file.)
    if (container.logConfiguration?.logDriver !== driver) {
      container.logConfiguration = { logDriver: driver }
      newDriver.add(container)
    }
  }
  if (options.logGroup !== '') {
    for (const container of rendered.containerDefinitions ?? []) {
      if (container.logConfiguration === undefined) {
        container.logConfiguration = awslogs(container, options)
      } else if (newDriver.has(container) && driver === 'awslogs') {
        // an awslogs driver given by input takes its group, region and prefix from log-group
        container.logConfiguration.options = awslogs(container, options).options
      }
    }
  }
  if (options.logOptions.length === 0) return
  for (const container of targets) {
    if (container.logConfiguration?.logDriver === undefined) {
      throw new InputError(
        'log-configuration-options',
        `container "${container.name}" has no log driver to pass the options to. Give log-configuration-log-driver (or log-group for awslogs).`
      )
    }
    container.logConfiguration.options = {
      ...container.logConfiguration.options,
      ...Object.fromEntries(options.logOptions.map(({ key, value }) => [key, value]))
    }
  }
}

function awslogs(container: ContainerDefinition, options: RenderOptions) {
  return {
    logDriver: 'awslogs' as const,
    options: {
      'awslogs-group': options.logGroup,
      'awslogs-region': options.region,
      'awslogs-stream-prefix': container.name ?? 'app'
    }
  }
}

/** Existing entries keep their order; an update replaces in place; new names are appended. */
function mergeByName<T extends { name?: string | undefined }>(existing: T[], updates: T[]): T[] {
  const merged = existing.map(e => updates.find(u => u.name === e.name) ?? e)
  for (const update of updates) {
    if (!existing.some(e => e.name === update.name)) merged.push(update)
  }
  return merged
}
