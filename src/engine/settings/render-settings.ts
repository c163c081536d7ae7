import { InputError, parseKeyValueLines, type KeyValue } from '../../shared/parse.js'
import type { RenderOptions } from '../phases/render/render.js'
import { isSecretReference } from '../phases/validate/secret-reference.js'
import { cpuUnits, memoryMiB } from '../phases/validate/size.js'
import type { ImageSettings } from './image-inputs.js'
import { INPUTS } from './inputs.js'
import { readContainerSettings } from './render-inputs.js'

/** The render options that come from inputs (the region and the run's tags come from elsewhere). */
export type RenderInputs = Omit<RenderOptions, 'region' | 'tags'>

/** What the inputs change in the task definition, each value checked. */
export function readRenderInputs(
  get: (name: string) => string,
  { images, settingsContainers }: ImageSettings
): RenderInputs {
  const secrets = readSecrets(get(INPUTS.secrets))
  const cpu = size(
    INPUTS.cpu,
    get(INPUTS.cpu),
    cpuUnits,
    'a CPU size. Use CPU units such as 512, or "0.5 vCPU"'
  )
  const memory = size(
    INPUTS.memory,
    get(INPUTS.memory),
    memoryMiB,
    'a memory size. Use MiB such as 1024, or "1 GB"'
  )
  const logGroup = get(INPUTS.logGroup).trim()
  if (logGroup !== '' && !/^[\w./#-]{1,512}$/.test(logGroup)) {
    throw new InputError(
      INPUTS.logGroup,
      `"${logGroup}" is not a CloudWatch Logs group name (letters, digits, _ - / . #).`
    )
  }
  return {
    images,
    settingsContainers,
    environment: parseKeyValueLines(INPUTS.environmentVariables, get(INPUTS.environmentVariables)),
    secrets,
    dockerLabels: parseKeyValueLines(INPUTS.dockerLabels, get(INPUTS.dockerLabels), 'key=value'),
    logGroup,
    cpu,
    memory,
    ...readContainerSettings(get)
  }
}

/** NAME=valueFrom lines: where each secret lives, never its value. */
function readSecrets(text: string): KeyValue[] {
  const secrets = parseKeyValueLines(INPUTS.secrets, text, 'NAME=valueFrom')
  for (const secret of secrets) {
    if (!isSecretReference(secret.value)) {
      throw new InputError(
        INPUTS.secrets,
        `${secret.key}: "${secret.value}" is not a Secrets Manager ARN, an SSM parameter ARN or an SSM parameter name. Give where the value lives, never the value itself.`
      )
    }
  }
  return secrets
}

function size(
  input: string,
  text: string,
  parse: (value: string) => number | undefined,
  what: string
): string {
  const value = text.trim()
  if (value !== '' && parse(value) === undefined) {
    throw new InputError(input, `"${value}" is not ${what}.`)
  }
  return value
}
