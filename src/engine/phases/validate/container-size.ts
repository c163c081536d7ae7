import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { TaskDefinitionInput } from '../render/task-definition-file.js'
import { cpuUnits, memoryMiB } from './size.js'

/*
 * The containers' sizes against the task's, as the ECS API reference states them
 * (ContainerDefinition, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html):
 *   cpu: "This field is optional for tasks using the Fargate launch type, and the only requirement
 *     is that the total amount of CPU reserved for all containers within a task be lower than the
 *     task-level cpu value." ECS refuses it at registration: "The sum of all container 'cpu'
 *     values cannot be greater than the value of the task 'cpu'." (aws/aws-cdk#1553). Refused.
 *   memoryReservation: "If you specify both, memory must be greater than memoryReservation."
 *     Refused.
 *   memory: "The total amount of memory reserved for all containers within a task must be lower
 *     than the task memory value, if one is specified." and "If you specify memoryReservation,
 *     then that value is subtracted from the available memory resources for the container
 *     instance where the container is placed. Otherwise, the value of memory is used."
 * The memory rule is a warning, not a refusal: files that came back from DescribeTaskDefinition,
 * so that ECS registered them, carry container memory above the task's (a Fargate container of
 * 1024 in a task of 512). ECS decides: RegisterTaskDefinition answers, and its refusal is what
 * the step shows ("ClientException: The 'memory' setting for container 'blah' is greater than
 * for the task.", pulumi/pulumi-awsx#188). The warning names the containers and both numbers.
 * A sum equal to the task's size draws nothing: the developer guide (Choosing Fargate task sizes,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-size-best-practice.html)
 * says of the task's limits "In most cases, you can set them to the sum of the reservations of
 * each of the container that's declared in your task definition." Without a task-level size
 * there is nothing to exceed.
 */

/** What RegisterTaskDefinition refuses of the containers' sizes (empty when none). */
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
  const taskCpu = cpuUnits(td.cpu ?? undefined)
  const cpus = containers.filter(c => c.cpu !== undefined && c.cpu > 0)
  const cpuSum = cpus.reduce((n, c) => n + (c.cpu ?? 0), 0)
  if (taskCpu !== undefined && cpuSum > taskCpu) {
    problems.push(
      `Inputs "container-cpu"/"cpu": the containers reserve ${cpuSum} CPU units (${list(cpus, c => c.cpu)}), more than the task's ${taskCpu}. Lower container-cpu or raise cpu.`
    )
  }
  return problems
}

/** The warning when the containers reserve more memory than the task has; ECS decides. */
export function containerMemoryWarnings(td: TaskDefinitionInput): string[] {
  const taskMemory = memoryMiB(td.memory ?? undefined)
  const reserving = (td.containerDefinitions ?? []).filter(c => reserved(c) !== undefined)
  const memorySum = reserving.reduce((n, c) => n + (reserved(c) ?? 0), 0)
  if (taskMemory === undefined || memorySum <= taskMemory) return []
  return [
    `The containers reserve ${memorySum} MiB of memory (${list(reserving, reserved)}), more than the task's ${taskMemory} MiB. ECS decides whether it registers (the API reference: the containers' total "must be lower than the task memory value"); RegisterTaskDefinition answers next. To fit, lower container-memory-reservation or container-memory, or raise memory.`
  ]
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
