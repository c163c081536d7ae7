import { describe, expect, it } from '@jest/globals'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import {
  containerMemoryWarnings,
  validateContainerSizes
} from '../../../../../src/engine/phases/validate/container-size.js'

/*
 * The containers' sizes against the task's (container-size.ts quotes the API reference): the
 * containers' cpu sum may not exceed the task's, nor a container's memoryReservation its memory
 * (problems); what they reserve of memory (memoryReservation, else memory) above the task's is a
 * warning: ECS decides.
 */
const td = (cpu: string | undefined, memory: string | undefined, ...c: ContainerDefinition[]) => ({
  family: 'f',
  ...(cpu !== undefined ? { cpu } : {}),
  ...(memory !== undefined ? { memory } : {}),
  containerDefinitions: c.map((x, i) => ({ name: `c${i + 1}`, image: 'i', ...x }))
})

describe('validateContainerSizes', () => {
  const cases: Array<{
    name: string
    td: ReturnType<typeof td>
    problems: RegExp[]
    warnings?: RegExp[]
  }> = [
    { name: 'no container sizes', td: td('512', '1024', {}, {}), problems: [] },
    {
      name: 'sums equal to the task size',
      td: td('512', '1024', { cpu: 256, memory: 512 }, { cpu: 256, memory: 512 }),
      problems: []
    },
    {
      name: 'task size in vCPU and GB',
      td: td('0.5 vCPU', '1 GB', { cpu: 512, memory: 1024 }),
      problems: []
    },
    {
      name: 'cpu sum over the task',
      td: td('512', '1024', { cpu: 256 }, { cpu: 512 }),
      problems: [
        /the containers reserve 768 CPU units \(c1 256, c2 512\), more than the task's 512/
      ]
    },
    {
      name: 'cpu over a task given in vCPU',
      td: td('0.25 vcpu', undefined, { cpu: 512 }),
      problems: [/reserve 512 CPU units .* more than the task's 256/]
    },
    {
      name: 'memory: the reservation counts where there is one, else the hard limit',
      td: td('512', '1024', { memory: 2048, memoryReservation: 512 }, { memory: 512 }),
      problems: []
    },
    {
      name: 'memory sum over the task',
      td: td('512', '1024', { memoryReservation: 768 }, { memory: 512 }),
      problems: [],
      warnings: [/reserve 1280 MiB of memory \(c1 768, c2 512\), more than the task's 1024 MiB/]
    },
    {
      name: 'one container above a Fargate task of 512: a warning (ECS decides)',
      td: td('256', '512', { memory: 1024 }),
      problems: [],
      warnings: [
        /^The containers reserve 1024 MiB of memory \(c1 1024\), more than the task's 512 MiB\. ECS decides/
      ]
    },
    {
      name: 'task size written ".25 vcpu" / ".5 gb", as the developer guide does',
      td: td('.25 vcpu', '.5 gb', { cpu: 512, memory: 1024 }),
      problems: [/reserve 512 CPU units .* more than the task's 256/],
      warnings: [/more than the task's 512 MiB/]
    },
    {
      name: 'a reservation equal to its hard limit',
      td: td(undefined, undefined, { memory: 512, memoryReservation: 512 }),
      problems: []
    },
    {
      name: 'a reservation above its own hard limit',
      td: td(undefined, undefined, { memory: 256, memoryReservation: 512 }),
      problems: [
        /Container "c1": memoryReservation 512 MiB is more than its memory limit of 256 MiB/
      ]
    },
    {
      name: 'no task-level size (EC2): nothing to exceed',
      td: td(undefined, undefined, { cpu: 4096, memory: 8192 }),
      problems: []
    }
  ]
  it.each(cases)('$name', ({ td: definition, problems, warnings = [] }) => {
    const found = validateContainerSizes(definition)
    expect(found).toHaveLength(problems.length)
    problems.forEach((p, i) => expect(found[i]).toMatch(p))
    const warned = containerMemoryWarnings(definition)
    expect(warned).toHaveLength(warnings.length)
    warnings.forEach((w, i) => expect(warned[i]).toMatch(w))
  })
})
