import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { TaskDefinitionInput } from '../render/task-definition-file.js'
import { cpuUnits, memoryMiB } from './size.js'

/*
 * The containers' sizes against the task's: only what RegisterTaskDefinition refuses, as the ECS
 * API reference states it (ContainerDefinition,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html):
 *   cpu: "This field is optional for tasks using the Fargate launch type, and the only requirement
 *     is that the total amount of CPU reserved for all containers within a task be lower than the
 *     task-level cpu value."
 *   memory: "The total amount of memory reserved for all containers within a task must be lower
 *     than the task memory value, if one is specified." and "If you specify memoryReservation,
 *     then that value is subtracted from the available memory resources for the container
 *     instance where the container is placed. Otherwise, the value of memory is used."
 *   memoryReservation: "If you specify both, memory must be greater than memoryReservation."
 * ECS does refuse them at registration, Fargate included: "ClientException: The 'memory' setting
 * for container 'blah' is greater than for the task." (a Fargate container with memory 1024 in a
 * task of less, pulumi/pulumi-awsx#188) and "The sum of all container 'cpu' values cannot be
 * greater than the value of the task 'cpu'." (aws/aws-cdk#1553). So a container whose memory is
 * above the task's is refused here too, whatever file it came from.
 * A sum equal to the task's size is accepted: the developer guide (Choosing Fargate task sizes,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-size-best-practice.html)
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
  const taskCpu = cpuUnits(td.cpu ?? undefined)
  const cpus = containers.filter(c => c.cpu !== undefined && c.cpu > 0)
  const cpuSum = cpus.reduce((n, c) => n + (c.cpu ?? 0), 0)
  if (taskCpu !== undefined && cpuSum > taskCpu) {
    problems.push(
      `Inputs "container-cpu"/"cpu": the containers reserve ${cpuSum} CPU units (${list(cpus, c => c.cpu)}), more than the task's ${taskCpu}. Lower container-cpu or raise cpu.`
    )
  }
  const taskMemory = memoryMiB(td.memory ?? undefined)
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
