import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { TaskDefinitionInput } from '../render/task-definition-file.js'

/*
 * The containers' sizes against the task's, as the ECS API reference states them
 * (ContainerDefinition):
 *   cpu: "This field is optional for tasks using the Fargate launch type, and the only requirement
 *     is that the total amount of CPU reserved for all containers within a task be lower than the
 *     task-level cpu value."
 *   memory: "The total amount of memory reserved for all containers within a task must be lower
 *     than the task memory value, if one is specified." and "If you specify memoryReservation,
 *     then that value is subtracted from the available memory resources for the container
 *     instance where the container is placed. Otherwise, the value of memory is used."
 *   memoryReservation: "If you specify both, memory must be greater than memoryReservation."
 * A sum equal to the task's size is accepted: the developer guide (Choosing Fargate task sizes)
 * says of the task's limits "In most cases, you can set them to the sum of the reservations of
 * each of the container that's declared in your task definition." So the rule checked is: the
 * sum may not exceed the task's size. Without a task-level size there is nothing to exceed.
 */

/** Problems with the containers' cpu and memory against the task's (empty when none). */
export function validateContainerSizes(td: TaskDefinitionInput): string[] {
  const problems: string[] = []
  const containers = td.containerDefinitions ?? []
  for (const c of containers) {
    if (c.memory !== undefined && c.memoryReservation !== undefined) {
      if (c.memoryReservation > c.memory) {
        problems.push(
          `Container "${c.name ?? '(unnamed)'}": memoryReservation ${c.memoryReservation} MiB is more than its memory limit of ${c.memory} MiB (container-memory-reservation, container-memory).`
        )
      }
    }
  }
  const taskCpu = units(td.cpu, 'vcpu')
  const cpus = containers.filter(c => c.cpu !== undefined && c.cpu > 0)
  const cpuSum = cpus.reduce((n, c) => n + (c.cpu ?? 0), 0)
  if (taskCpu !== undefined && cpuSum > taskCpu) {
    problems.push(
      `Inputs "container-cpu"/"cpu": the containers reserve ${cpuSum} CPU units (${list(cpus, c => c.cpu)}), more than the task's ${taskCpu}. Lower container-cpu or raise cpu.`
    )
  }
  const taskMemory = units(td.memory, 'gb')
  const reserving = containers.filter(c => reserved(c) !== undefined)
  const memorySum = reserving.reduce((n, c) => n + (reserved(c) ?? 0), 0)
  if (taskMemory !== undefined && memorySum > taskMemory) {
    problems.push(
      `Inputs "container-memory"/"memory": the containers reserve ${memorySum} MiB (${list(reserving, reserved)}), more than the task's ${taskMemory} MiB. Lower container-memory-reservation or container-memory, or raise memory.`
    )
  }
  return problems
}

/** What a container takes from the task: its memoryReservation, else its memory. */
function reserved(c: ContainerDefinition): number | undefined {
  return c.memoryReservation ?? c.memory
}

function list(
  containers: readonly ContainerDefinition[],
  value: (c: ContainerDefinition) => number | undefined
): string {
  return containers.map(c => `${c.name ?? '(unnamed)'} ${value(c) ?? 0}`).join(', ')
}

/**
 * Task-level cpu and memory are strings. API reference, RegisterTaskDefinition.cpu: "It can be
 * expressed as an integer using CPU units (for example, 1024) or as a string using vCPUs (for
 * example, 1 vCPU or 1 vcpu) in a task definition." Memory likewise, in MiB or GB.
 */
function units(value: string | undefined, unit: 'vcpu' | 'gb'): number | undefined {
  if (value === undefined) return undefined
  const m = new RegExp(`^\\s*(\\d+(?:\\.\\d+)?)\\s*(${unit})?\\s*$`, 'i').exec(value)
  if (!m) return undefined
  return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1])
}
