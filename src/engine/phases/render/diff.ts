import type { ContainerDefinition, LogConfiguration } from '@aws-sdk/client-ecs'
import { commandForLog, HIDDEN, labelForLog } from '../../../shared/redact.js'
import type { TaskDefinitionInput } from './task-definition-file.js'

/** One readable difference between what runs now and what is about to be registered. */
export interface Change {
  /** Container name, or undefined for task-level fields. */
  readonly container: string | undefined
  readonly what:
    | 'container'
    | 'image'
    | 'command'
    | 'environment'
    | 'environment-file'
    | 'secret'
    | 'cpu'
    | 'memory'
    | 'logging'
    | 'label'
    | 'role'
  readonly text: string
}

type Comparable = Partial<
  Pick<
    TaskDefinitionInput,
    'containerDefinitions' | 'cpu' | 'memory' | 'taskRoleArn' | 'executionRoleArn'
  >
>

/**
 * The changes from `current` (what the service runs; undefined for a first deploy) to `next`:
 * task size and roles; per container the image, command, environment variables and secrets by
 * name only, environment files by ARN, sizes, log configuration and docker labels.
 *
 * Environment values are never shown: the old ones come from AWS, so the runner does not know to
 * mask them, and a public repository's log is public. For the same reason a command and a docker
 * label show what may hold a credential as *** (shared/redact.ts). The rendered file keeps all.
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
  if (current?.taskRoleArn !== next.taskRoleArn) {
    task('role', `task role ${current?.taskRoleArn ?? 'unset'} → ${next.taskRoleArn ?? 'unset'}`)
  }
  if (current?.executionRoleArn !== next.executionRoleArn) {
    task(
      'role',
      `execution role ${current?.executionRoleArn ?? 'unset'} → ${next.executionRoleArn ?? 'unset'}`
    )
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
  if (JSON.stringify(old.command) !== JSON.stringify(next.command)) {
    add('command', `command ${commandForLog(old.command)} → ${commandForLog(next.command)}`)
  }
  // A container's cpu 0 is no reservation, as unset is: DescribeTaskDefinition answers 0 for both.
  if ((old.cpu ?? 0) !== (next.cpu ?? 0))
    add('cpu', `cpu ${old.cpu || 'unset'} → ${next.cpu || 'unset'}`)
  if (old.memory !== next.memory)
    add('memory', `memory ${old.memory ?? 'unset'} → ${next.memory ?? 'unset'}`)
  if (old.memoryReservation !== next.memoryReservation) {
    add(
      'memory',
      `memoryReservation ${old.memoryReservation ?? 'unset'} → ${next.memoryReservation ?? 'unset'}`
    )
  }

  // Environment variables by name only (see above).
  const oldEnv = toMap(old.environment, e => e.value ?? '')
  const newEnv = toMap(next.environment, e => e.value ?? '')
  for (const [key, value] of newEnv) {
    const was = oldEnv.get(key)
    if (was === undefined) add('environment', `env + ${key}`)
    else if (was !== value) add('environment', `env ~ ${key} (value changed)`)
  }
  for (const key of oldEnv.keys()) if (!newEnv.has(key)) add('environment', `env - ${key}`)

  const oldFiles = new Set((old.environmentFiles ?? []).map(f => f.value ?? ''))
  const newFiles = new Set((next.environmentFiles ?? []).map(f => f.value ?? ''))
  for (const arn of newFiles) if (!oldFiles.has(arn)) add('environment-file', `env file + ${arn}`)
  for (const arn of oldFiles) if (!newFiles.has(arn)) add('environment-file', `env file - ${arn}`)

  // Secrets by name only: the valueFrom may reveal more than it should in a public log.
  const oldSecrets = toMap(old.secrets, s => s.valueFrom ?? '')
  const newSecrets = toMap(next.secrets, s => s.valueFrom ?? '')
  for (const [key, ref] of newSecrets) {
    const was = oldSecrets.get(key)
    if (was === undefined) add('secret', `secret + ${key}`)
    else if (was !== ref) add('secret', `secret ~ ${key} (now from another source)`)
  }
  for (const key of oldSecrets.keys()) if (!newSecrets.has(key)) add('secret', `secret - ${key}`)

  for (const text of diffLogging(old.logConfiguration, next.logConfiguration)) add('logging', text)
  for (const text of diffRecord('label', old.dockerLabels, next.dockerLabels, labelForLog)) {
    add('label', text)
  }
  return changes
}

function toMap<T extends { name?: string | undefined }>(
  list: T[] | undefined,
  value: (item: T) => string
): Map<string, string> {
  return new Map((list ?? []).map(item => [item.name ?? '', value(item)]))
}

function diffLogging(old: LogConfiguration | undefined, next: LogConfiguration | undefined) {
  const lines: string[] = []
  const driver = (log: LogConfiguration | undefined) =>
    log === undefined ? 'none' : (log.logDriver ?? 'no driver')
  if (driver(old) !== driver(next)) lines.push(`logging ${driver(old)} → ${driver(next)}`)
  lines.push(...diffRecord('log option', old?.options, next?.options))
  return lines
}

/**
 * Option values are shown, except where the key names a credential: a log driver option such as
 * splunk-token holds one in plain text (ECS's secretOptions is the place for it).
 */
const HIDDEN_KEY = /token|secret|password|passwd|credential|api-?key/i
const optionForLog = (key: string, value: string) => (HIDDEN_KEY.test(key) ? HIDDEN : value)

function diffRecord(
  label: string,
  old: Record<string, string> | undefined,
  next: Record<string, string> | undefined,
  shown: (key: string, value: string) => string = optionForLog
): string[] {
  const lines: string[] = []
  const before = old ?? {}
  const after = next ?? {}
  for (const [key, value] of Object.entries(after)) {
    const was = before[key]
    if (was === undefined) lines.push(`${label} + ${key}=${shown(key, value)}`)
    else if (was !== value) {
      const [from, to] = [shown(key, was), shown(key, value)]
      lines.push(
        from === HIDDEN || to === HIDDEN
          ? `${label} ~ ${key} (value changed)`
          : `${label} ~ ${key}: ${from} → ${to}`
      )
    }
  }
  for (const key of Object.keys(before)) if (!(key in after)) lines.push(`${label} - ${key}`)
  return lines
}

/** Lines for the log: "backend: image a → b", "task: cpu 256 → 512", or a no-change note. */
export function formatChanges(changes: readonly Change[]): string[] {
  if (changes.length === 0)
    return ['No changes to images, command, environment, secrets, sizes, roles, logging or labels.']
  return changes.map(c => `${c.container ?? 'task'}: ${c.text}`)
}
