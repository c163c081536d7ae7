import type { ContainerDefinition, LogConfiguration } from '@aws-sdk/client-ecs'
import type { TaskDefinitionInput } from './task-definition-file.js'

/** One readable difference between what runs now and what is about to be registered. */
export interface Change {
  /** Container name, or undefined for task-level fields. */
  readonly container: string | undefined
  readonly what: 'container' | 'image' | 'environment' | 'secret' | 'cpu' | 'memory' | 'logging'
  readonly text: string
}

type Comparable = Partial<Pick<TaskDefinitionInput, 'containerDefinitions' | 'cpu' | 'memory'>>

/**
 * The changes from `current` (what the service runs; undefined for a first deploy) to `next`:
 * images, environment variables, secrets by name only, cpu and memory, log configuration.
 */
export function diffTaskDefinitions(current: Comparable | undefined, next: Comparable): Change[] {
  const changes: Change[] = []
  const task = (what: Change['what'], text: string) =>
    changes.push({ container: undefined, what, text })
  if (current?.cpu !== next.cpu)
    task('cpu', `cpu ${current?.cpu ?? 'unset'} → ${next.cpu ?? 'unset'}`)
  if (current?.memory !== next.memory) {
    task('memory', `memory ${current?.memory ?? 'unset'} → ${next.memory ?? 'unset'}`)
  }
  const before = new Map((current?.containerDefinitions ?? []).map(c => [c.name ?? '', c]))
  const after = new Map((next.containerDefinitions ?? []).map(c => [c.name ?? '', c]))
  for (const [name] of before) {
    if (!after.has(name))
      changes.push({ container: name, what: 'container', text: 'container removed' })
  }
  for (const [name, container] of after) {
    const old = before.get(name)
    if (old === undefined) {
      changes.push({
        container: name,
        what: 'container',
        text: `container added (${container.image ?? 'no image'})`
      })
      continue
    }
    changes.push(...diffContainer(name, old, container))
  }
  return changes
}

function diffContainer(
  name: string,
  old: ContainerDefinition,
  next: ContainerDefinition
): Change[] {
  const changes: Change[] = []
  const add = (what: Change['what'], text: string) => changes.push({ container: name, what, text })
  if (old.image !== next.image)
    add('image', `image ${old.image ?? 'unset'} → ${next.image ?? 'unset'}`)
  if (old.cpu !== next.cpu) add('cpu', `cpu ${old.cpu ?? 'unset'} → ${next.cpu ?? 'unset'}`)
  if (old.memory !== next.memory)
    add('memory', `memory ${old.memory ?? 'unset'} → ${next.memory ?? 'unset'}`)

  const oldEnv = toMap(old.environment, e => e.value ?? '')
  const newEnv = toMap(next.environment, e => e.value ?? '')
  for (const [key, value] of newEnv) {
    const was = oldEnv.get(key)
    if (was === undefined) add('environment', `env + ${key}=${value}`)
    else if (was !== value) add('environment', `env ~ ${key}: ${was} → ${value}`)
  }
  for (const key of oldEnv.keys()) if (!newEnv.has(key)) add('environment', `env - ${key}`)

  // Secrets by name only: the valueFrom may reveal more than it should in a public log.
  const oldSecrets = toMap(old.secrets, s => s.valueFrom ?? '')
  const newSecrets = toMap(next.secrets, s => s.valueFrom ?? '')
  for (const [key, ref] of newSecrets) {
    const was = oldSecrets.get(key)
    if (was === undefined) add('secret', `secret + ${key}`)
    else if (was !== ref) add('secret', `secret ~ ${key} (now from another source)`)
  }
  for (const key of oldSecrets.keys()) if (!newSecrets.has(key)) add('secret', `secret - ${key}`)

  const oldLog = describeLogging(old.logConfiguration)
  const newLog = describeLogging(next.logConfiguration)
  if (oldLog !== newLog) add('logging', `logging ${oldLog} → ${newLog}`)
  return changes
}

function toMap<T extends { name?: string | undefined }>(
  list: T[] | undefined,
  value: (item: T) => string
): Map<string, string> {
  return new Map((list ?? []).map(item => [item.name ?? '', value(item)]))
}

function describeLogging(log: LogConfiguration | undefined): string {
  if (log === undefined) return 'none'
  const group = log.options?.['awslogs-group']
  return group ? `${log.logDriver} ${group}` : `${log.logDriver ?? 'unknown'}`
}

/** Lines for the log: "backend: image a → b", "task: cpu 256 → 512", or a no-change note. */
export function formatChanges(changes: readonly Change[]): string[] {
  if (changes.length === 0)
    return ['No changes to images, environment, secrets, cpu, memory or logging.']
  return changes.map(c => `${c.container ?? 'task'}: ${c.text}`)
}
