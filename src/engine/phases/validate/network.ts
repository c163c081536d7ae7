import { NetworkMode } from '@aws-sdk/client-ecs'
import type { TaskDefinitionInput } from '../render/task-definition-file.js'

/*
 * The network mode and the port mappings it allows (API reference, TaskDefinition.networkMode
 * and PortMapping):
 *   "The Docker networking mode to use for the containers in the task. The valid values are none,
 *   bridge, awsvpc, and host. If no network mode is specified, the default is bridge."
 *   "If you use containers in a task with the awsvpc or host network mode, specify the exposed
 *   ports using containerPort. The hostPort can be left blank or it must be the same value as the
 *   containerPort."
 *   "If the network mode is set to none, you cannot specify port mappings in your container
 *   definitions."
 */

const MODES: readonly string[] = Object.values(NetworkMode)

export function networkProblems(td: TaskDefinitionInput): string[] {
  const problems: string[] = []
  const mode = td.networkMode
  if (mode !== undefined && mode !== null && !MODES.includes(mode)) {
    problems.push(
      `"networkMode" is "${mode}", which ECS does not know: use ${MODES.map(m => `"${m}"`).join(', ')}, or leave it out for "bridge".`
    )
    return problems
  }
  for (const container of td.containerDefinitions ?? []) {
    const name = container.name ?? ''
    const mappings = container.portMappings ?? []
    if (mode === 'none' && mappings.length > 0) {
      problems.push(
        `Container "${name}": with "networkMode": "none" a container cannot have "portMappings". Remove them, or use another network mode.`
      )
      continue
    }
    if (mode !== 'awsvpc' && mode !== 'host') continue
    mappings.forEach((mapping, i) => {
      if (mapping === null) return
      const { containerPort, hostPort } = mapping
      if (hostPort === undefined || hostPort === null || hostPort === containerPort) return
      problems.push(
        `Container "${name}": portMappings[${i}] has hostPort ${hostPort} and containerPort ${containerPort ?? '(none)'}; with "networkMode": "${mode}" the hostPort must be left out or equal the containerPort. Remove "hostPort", or set it to ${containerPort ?? 'the containerPort'}.`
      )
    })
  }
  return problems
}
