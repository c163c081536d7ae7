import type { TaskDefinitionInput } from './task-definition-file.js'
import { validateContainerSizes } from './validate-container-size.js'

/**
 * Checks a rendered task definition for what ECS would refuse or run wrongly. Returns every
 * problem found (empty when valid); each names the input or field and the fix.
 */
export function validateTaskDefinition(td: TaskDefinitionInput): string[] {
  const problems: string[] = []
  for (const container of td.containerDefinitions ?? []) {
    const name = container.name ?? '(unnamed)'
    if (container.name === undefined || container.name === '') {
      problems.push('Input "task-definition": a container has no "name".')
    }
    if (container.image === undefined || container.image.trim() === '') {
      problems.push(
        `Container "${name}" has no image. Set it with container-name + image, or an images line "${name}=IMAGE".`
      )
    }
    for (const variable of container.environment ?? []) {
      if (!variable.name || /\s/.test(variable.name)) {
        problems.push(
          `Container "${name}": environment variable name "${variable.name ?? ''}" is empty or has spaces (environment-variables).`
        )
      }
    }
    for (const secret of container.secrets ?? []) {
      if (!isSecretReference(secret.valueFrom ?? '')) {
        problems.push(
          `Input "secrets": secret ${secret.name ?? '(unnamed)'} of container "${name}" has valueFrom "${secret.valueFrom ?? ''}", which is neither a Secrets Manager ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME), an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME) nor an SSM parameter name.`
        )
      }
    }
  }
  const fargate = (td.requiresCompatibilities ?? []).includes('FARGATE')
  if (fargate) {
    if (td.networkMode !== 'awsvpc') {
      problems.push(
        `Input "task-definition": Fargate requires "networkMode": "awsvpc", but it is ${td.networkMode === undefined ? 'not set' : `"${td.networkMode}"`}.`
      )
    }
    const cpu = cpuUnits(td.cpu)
    const memory = memoryMiB(td.memory)
    if (cpu === undefined || memory === undefined) {
      problems.push(
        `Inputs "cpu"/"memory": Fargate needs task-level cpu and memory (got cpu ${td.cpu ?? 'unset'}, memory ${td.memory ?? 'unset'}). Set them in the task definition or with the cpu and memory inputs.`
      )
    } else if (!isValidFargatePair(cpu, memory)) {
      problems.push(
        `Inputs "cpu"/"memory": Fargate does not offer cpu ${cpu} with memory ${memory} MiB. With cpu ${cpu} the allowed memory is ${describeAllowed(cpu)}.`
      )
    }
  }
  problems.push(...validateContainerSizes(td))
  return problems
}

/** Fargate's allowed task sizes: cpu units → memory MiB (from the ECS developer guide). */
const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)]
])

export function isValidFargatePair(cpu: number, memory: number): boolean {
  return FARGATE_SIZES.get(cpu)?.includes(memory) ?? false
}

function describeAllowed(cpu: number): string {
  const allowed = FARGATE_SIZES.get(cpu)
  if (allowed === undefined)
    return `none: cpu must be one of ${[...FARGATE_SIZES.keys()].join(', ')}`
  return allowed.length <= 3
    ? `${allowed.join(', ')} MiB`
    : `${allowed[0]} to ${allowed[allowed.length - 1]} MiB in steps of ${allowed[1]! - allowed[0]!}`
}

/** "512", "0.5 vCPU", "1 vcpu" → CPU units. */
export function cpuUnits(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const m = /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(value)
  if (!m) return undefined
  return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1])
}

/** "1024", "1 GB", "0.5GB" → MiB. */
export function memoryMiB(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gb)?\s*$/i.exec(value)
  if (!m) return undefined
  return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1])
}

const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+(:[^:]*:[^:]*:[^:]*)?$/
const SSM_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[\w./-]+$/
const SSM_NAME = /^\/?[\w.-]+(\/[\w.-]+)*$/

export function isSecretReference(valueFrom: string): boolean {
  if (valueFrom.startsWith('arn:')) return SECRET_ARN.test(valueFrom) || SSM_ARN.test(valueFrom)
  return SSM_NAME.test(valueFrom)
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let n = from; n <= to; n += step) out.push(n)
  return out
}
