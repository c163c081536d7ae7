import type { LogDriver } from '@aws-sdk/client-ecs'
import { InputError, parseInteger, parseKeyValueLines, parseLines } from '../../shared/parse.js'
import { FARGATE_LOG_DRIVERS, type ContainerSettings } from '../phases/render/render.js'

/*
 * The render inputs that amazon-ecs-render-task-definition v1.9.0 has beyond image, environment,
 * secrets and labels, under the same names and with the same effect, plus per-container sizes.
 * Each value is checked here, before anything is written to AWS. Pure: reads through `get`.
 */

export const RENDER_INPUTS = {
  command: 'command',
  envFiles: 'env-files',
  taskRoleArn: 'task-role-arn',
  executionRoleArn: 'execution-role-arn',
  logDriver: 'log-configuration-log-driver',
  logOptions: 'log-configuration-options',
  containerCpu: 'container-cpu',
  containerMemory: 'container-memory',
  containerMemoryReservation: 'container-memory-reservation'
} as const

/**
 * The log drivers ECS knows: the LogDriver enum of the ECS API model (the SDK's LogDriver type).
 * API reference, LogConfiguration: "For tasks hosted on Amazon EC2 instances, the supported log
 * drivers are awslogs, fluentd, gelf, json-file, journald, syslog, splunk, and awsfirelens."
 * (amazon-ecs-render-task-definition also lets "logentries" through, which the API no longer
 * lists; ECS refuses it at RegisterTaskDefinition, so it is refused here first.)
 */
export const LOG_DRIVERS: readonly LogDriver[] = [
  'awsfirelens',
  'awslogs',
  'fluentd',
  'gelf',
  'journald',
  'json-file',
  'splunk',
  'syslog'
]

/** amazon-ecs-render-task-definition's check for task-role-arn and execution-role-arn. */
const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f)?:iam::\d{12}:role\/.+$/

/**
 * An S3 object ARN (arn:PARTITION:s3:::BUCKET/KEY; bucket names are 3 to 63 of a-z 0-9 . -).
 * API reference, EnvironmentFile: value is "The Amazon Resource Name (ARN) of the Amazon S3
 * object containing the environment variable file", and "The file must have a .env file
 * extension." ContainerDefinition.environmentFiles: "You can specify up to ten environment files."
 */
const S3_OBJECT_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/
const MAX_ENV_FILES = 10

/**
 * Docker daemons reserve a minimum per container. API reference, ContainerDefinition.memory:
 * "The Docker 20.10.0 or later daemon reserves a minimum of 6 MiB of memory for a container.
 * So, don't specify less than 6 MiB of memory for your containers."
 */
const MIN_CONTAINER_MIB = 6

/** Reads and checks the inputs above; empty inputs leave the task definition as it is. */
export function readContainerSettings(get: (name: string) => string): ContainerSettings {
  const taskRoleArn = roleArn(RENDER_INPUTS.taskRoleArn, get(RENDER_INPUTS.taskRoleArn))
  const executionRoleArn = roleArn(
    RENDER_INPUTS.executionRoleArn,
    get(RENDER_INPUTS.executionRoleArn)
  )
  const driverText = get(RENDER_INPUTS.logDriver).trim()
  const logDriver = LOG_DRIVERS.find(d => d === driverText) ?? ''
  if (driverText !== '' && logDriver === '') {
    throw new InputError(
      RENDER_INPUTS.logDriver,
      `"${driverText}" is not a log driver ECS knows. Use one of ${LOG_DRIVERS.join(', ')} (on Fargate: ${FARGATE_LOG_DRIVERS.join(', ')}).`
    )
  }
  const memory = size(RENDER_INPUTS.containerMemory, get(RENDER_INPUTS.containerMemory))
  const memoryReservation = size(
    RENDER_INPUTS.containerMemoryReservation,
    get(RENDER_INPUTS.containerMemoryReservation)
  )
  // API reference, ContainerDefinition.memoryReservation: "If you specify both, memory must be
  // greater than memoryReservation." Equal is let through: ECS registers it.
  if (memory !== undefined && memoryReservation !== undefined && memoryReservation > memory) {
    throw new InputError(
      RENDER_INPUTS.containerMemoryReservation,
      `${memoryReservation} MiB is more than container-memory (${memory} MiB), the container's hard limit. The soft limit must not exceed it.`
    )
  }
  return {
    command: parseCommand(get(RENDER_INPUTS.command)),
    envFiles: parseEnvFiles(get(RENDER_INPUTS.envFiles)),
    taskRoleArn,
    executionRoleArn,
    logDriver,
    logOptions: parseKeyValueLines(
      RENDER_INPUTS.logOptions,
      get(RENDER_INPUTS.logOptions),
      'key=value'
    ),
    containerCpu: parseInteger(
      RENDER_INPUTS.containerCpu,
      get(RENDER_INPUTS.containerCpu),
      undefined,
      {
        min: 0
      }
    ),
    containerMemory: memory,
    containerMemoryReservation: memoryReservation
  }
}

/**
 * amazon-ecs-render-task-definition splits `command` at every space (`command.split(' ')`, no
 * quoting). The same here, with two additions that cannot change a command it renders well: a
 * JSON array of strings is taken as it is (for an argument with spaces, such as sh -c "..."),
 * and two spaces in a row, which it turns into an empty argument, are refused.
 */
export function parseCommand(text: string): readonly string[] | undefined {
  const value = text.trim()
  if (value === '') return undefined
  if (value.startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(value)
    } catch {
      parsed = undefined
    }
    if (!Array.isArray(parsed) || parsed.some(p => typeof p !== 'string') || parsed.length === 0) {
      throw new InputError(
        RENDER_INPUTS.command,
        'starts with "[" but is not a JSON array of strings such as ["sh", "-c", "npm start"].'
      )
    }
    return parsed as string[]
  }
  if (/[\r\n]/.test(value)) {
    throw new InputError(
      RENDER_INPUTS.command,
      'is one line, split at spaces (or a JSON array of strings). It has several lines.'
    )
  }
  if (value.includes('  ')) {
    throw new InputError(
      RENDER_INPUTS.command,
      `"${value}" has two spaces in a row, which would pass an empty argument. Separate arguments with one space, or give a JSON array of strings.`
    )
  }
  return value.split(' ')
}

function parseEnvFiles(text: string): readonly string[] {
  const arns = parseLines(text)
  for (const arn of arns) {
    if (!S3_OBJECT_ARN.test(arn)) {
      throw new InputError(
        RENDER_INPUTS.envFiles,
        `"${arn}" is not an S3 object ARN (arn:aws:s3:::BUCKET/KEY.env).`
      )
    }
    if (!arn.endsWith('.env')) {
      throw new InputError(
        RENDER_INPUTS.envFiles,
        `"${arn}" does not end in .env; ECS requires environment files to have the .env extension.`
      )
    }
  }
  if (arns.length > MAX_ENV_FILES) {
    throw new InputError(
      RENDER_INPUTS.envFiles,
      `${arns.length} files given; ECS takes up to ${MAX_ENV_FILES} per container.`
    )
  }
  return arns
}

function roleArn(input: string, text: string): string {
  const value = text.trim()
  if (value !== '' && !IAM_ROLE_ARN.test(value)) {
    throw new InputError(
      input,
      `"${value}" is not an IAM role ARN. Expected arn:aws:iam::ACCOUNT:role/NAME.`
    )
  }
  return value
}

function size(input: string, text: string): number | undefined {
  return parseInteger(input, text, undefined, { min: MIN_CONTAINER_MIB })
}
