import type { TaskDefinitionInput } from '../render/task-definition-file.js'

/*
 * Task-level cpu and memory, as RegisterTaskDefinition accepts them (API reference,
 * RegisterTaskDefinition):
 *   cpu: "It can be expressed as an integer using CPU units (for example, 1024) or as a string
 *   using vCPUs (for example, 1 vCPU or 1 vcpu) in a task definition. String values are
 *   converted to an integer indicating the CPU units when the task definition is registered."
 *   "Supported values are between 128 CPU units (0.125 vCPUs) and 196608 CPU units (192 vCPUs)."
 *   "This field is required for Fargate."
 *   memory: "It can be expressed as an integer using MiB (for example ,1024) or as a string using
 *   GB (for example, 1GB or 1 GB) in a task definition. String values are converted to an integer
 *   indicating the MiB when the task definition is registered."
 *   "If using the Fargate launch type, this field is required and you must use one of the
 *   following values": the table in FARGATE_SIZES. "The CPU units cannot be less than 1 vCPU
 *   when you use Windows containers on Fargate."
 * The ECS developer guide's ECS Exec example registers "cpu": ".25 vcpu", "memory": ".5 gb".
 */

const CPU_FORMS = 'CPU units such as "512", or vCPUs such as "0.5 vCPU" or ".25 vcpu"'
const MEMORY_FORMS = 'MiB such as "1024", or GB such as "1 GB", "1GB" or ".5 gb"'
const NUMBER = '(\\d+(?:\\.\\d*)?|\\.\\d+)'

/** "512", "0.5 vCPU", "1 vcpu", ".25 vcpu" → CPU units; undefined for any other form. */
export function cpuUnits(value: string | undefined): number | undefined {
  return parseSize(value, 'vcpu')
}

/** "1024", "1 GB", "0.5GB", ".5 gb" → MiB; undefined for any other form. */
export function memoryMiB(value: string | undefined): number | undefined {
  return parseSize(value, 'gb')
}

function parseSize(value: string | undefined, unit: 'vcpu' | 'gb'): number | undefined {
  if (value === undefined) return undefined
  if (/^\s*\d+\s*$/.test(value)) return Number(value)
  const m = new RegExp(`^\\s*${NUMBER}\\s*${unit}\\s*$`, 'i').exec(value)
  return m ? Math.round(Number(m[1]) * 1024) : undefined
}

/** Fargate's task sizes: CPU units → the memory (MiB) it is offered with. */
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

const WHERE =
  'Set "cpu" and "memory" in the task definition file, or with the cpu and memory inputs.'

/** Problems with the task-level cpu and memory (after the cpu/memory inputs are applied). */
export function sizeProblems(td: TaskDefinitionInput): string[] {
  const problems: string[] = []
  const cpu = td.cpu === undefined || td.cpu === null ? undefined : cpuUnits(td.cpu)
  const memory = td.memory === undefined || td.memory === null ? undefined : memoryMiB(td.memory)
  if (isSet(td.cpu) && cpu === undefined) {
    problems.push(`Task "cpu" is "${td.cpu}", which is not a CPU size: use ${CPU_FORMS}. ${WHERE}`)
  } else if (cpu !== undefined && (cpu < 128 || cpu > 196608)) {
    problems.push(
      `Task "cpu" is "${td.cpu}" (${cpu} CPU units); ECS supports 128 to 196608 CPU units (0.125 to 192 vCPUs). ${WHERE}`
    )
  }
  if (isSet(td.memory) && memory === undefined) {
    problems.push(
      `Task "memory" is "${td.memory}", which is not a memory size: use ${MEMORY_FORMS}. ${WHERE}`
    )
  }
  if (!(td.requiresCompatibilities ?? []).includes('FARGATE')) return problems

  const missing = [!isSet(td.cpu) ? 'cpu' : '', !isSet(td.memory) ? 'memory' : ''].filter(Boolean)
  if (missing.length > 0) {
    problems.push(
      `Fargate needs task-level "cpu" and "memory"; ${missing.map(m => `"${m}"`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ${WHERE}`
    )
    return problems
  }
  if (cpu === undefined || memory === undefined) return problems // named above
  if (!isValidFargatePair(cpu, memory)) {
    problems.push(
      `Fargate does not offer cpu "${td.cpu}" (${cpu} CPU units) with memory "${td.memory}" (${memory} MiB). ${allowed(cpu)} ${WHERE}`
    )
  }
  const os = td.runtimePlatform?.operatingSystemFamily ?? ''
  if (os.startsWith('WINDOWS') && cpu < 1024) {
    problems.push(
      `Windows containers on Fargate need at least 1 vCPU, but "cpu" is "${td.cpu}" (${cpu} CPU units). ${WHERE}`
    )
  }
  return problems
}

function allowed(cpu: number): string {
  const sizes = FARGATE_SIZES.get(cpu)
  if (sizes === undefined)
    return `Fargate's cpu sizes are ${[...FARGATE_SIZES.keys()].join(', ')} CPU units.`
  const list =
    sizes.length <= 4
      ? `${sizes.slice(0, -1).join(', ')} or ${sizes[sizes.length - 1]} MiB`
      : `${sizes[0]} to ${sizes[sizes.length - 1]} MiB in steps of ${sizes[1]! - sizes[0]!}`
  return `With ${cpu} CPU units the memory is ${list}.`
}

function isSet(value: string | undefined | null): value is string {
  return value !== undefined && value !== null && value !== ''
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let n = from; n <= to; n += step) out.push(n)
  return out
}
