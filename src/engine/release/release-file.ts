import { parseDocument } from 'yaml'
import type { Files } from '../../shared/files.js'
import { InputError } from '../../shared/parse.js'
import { imageReferenceProblem } from '../phases/validate/image.js'
import { waves } from './waves.js'

/*
 * The release file (input `release`): several services released as one, in YAML or JSON.
 *
 *   cluster: megilance-cluster        # optional; default: the cluster input
 *   services:
 *     - service: megilance-backend    # required
 *       task-definition: deploy/backend-task-definition.json
 *       container-name: backend
 *       image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/megilance-backend@sha256:…
 *       run-task-command: alembic upgrade head
 *     - service: megilance-frontend
 *       after: [megilance-backend]    # these must have succeeded first
 *
 * Every problem names the file and the entry; nothing is written to AWS before the file is read.
 */

export interface ReleaseEntry {
  readonly service: string
  /** Path of the task definition file; '' for the revision the service runs. */
  readonly taskDefinition: string
  readonly containerName: string
  readonly image: string
  readonly after: readonly string[]
  readonly runTaskCommand: string
  readonly runTaskContainer: string
  readonly environmentUrl: string
}

export interface ReleaseFile {
  readonly path: string
  readonly cluster: string | undefined
  readonly entries: readonly ReleaseEntry[]
  /** The services in waves: each wave's `after` met by the waves before it. */
  readonly waves: readonly (readonly string[])[]
}

const KEYS: Record<string, keyof ReleaseEntry> = {
  service: 'service',
  'task-definition': 'taskDefinition',
  'container-name': 'containerName',
  image: 'image',
  after: 'after',
  'run-task-command': 'runTaskCommand',
  'run-task-container': 'runTaskContainer',
  'environment-url': 'environmentUrl'
}

/**
 * Reads and checks the release file (and that each task definition file it names exists); throws
 * an InputError naming the file and the entry.
 */
export function readReleaseFile(
  path: string,
  files: Pick<Files, 'exists' | 'readText'>
): ReleaseFile {
  const fail = (message: string): never => {
    throw new InputError('release', `${path}: ${message}`)
  }
  if (!files.exists(path)) fail('no such file. Give a path relative to the workspace.')
  const top = parseYaml(files.readText(path), fail)
  const list = Array.isArray(top) ? top : isRecord(top) ? top.services : undefined
  if (!Array.isArray(list) || list.length === 0) {
    fail('has no services. Give a list of entries under `services:`, each with `service:`.')
  }
  const cluster = isRecord(top) && typeof top.cluster === 'string' ? top.cluster : undefined
  const entries = (list as unknown[]).map((raw, i) => readEntry(raw, i + 1, fail))
  checkEntries(entries, files, fail)
  return { path, cluster, entries, waves: waves(entries, fail) }
}

function parseYaml(text: string, fail: (message: string) => never): unknown {
  const doc = parseDocument(text, { uniqueKeys: true })
  const error = doc.errors[0]
  if (error !== undefined) {
    const at = error.linePos?.[0]
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
    fail(`${at ? `line ${at.line}, column ${at.col}: ` : ''}${message}`)
  }
  return doc.toJS() as unknown
}

function readEntry(raw: unknown, n: number, fail: (message: string) => never): ReleaseEntry {
  if (!isRecord(raw)) return fail(`entry ${n} is not a mapping (service: NAME, ...).`)
  const name = typeof raw.service === 'string' ? raw.service.trim() : ''
  const where = `entry ${n}${name ? ` (${name})` : ''}`
  if (name === '') fail(`${where} has no service. Give service: the ECS service name.`)
  const entry: Record<string, unknown> = { after: [] }
  for (const [key, value] of Object.entries(raw)) {
    const field = KEYS[key]
    if (field === undefined)
      fail(`${where}: unknown key "${key}". Known keys: ${Object.keys(KEYS).join(', ')}.`)
    entry[field as string] =
      field === 'after' ? afterList(value, where, fail) : text(value, key, where, fail)
  }
  const image = String(entry.image ?? '')
  const problem = image === '' ? undefined : imageReferenceProblem(image)
  if (problem !== undefined)
    fail(`${where}: image "${image}" is not an image reference: ${problem}.`)
  if (image !== '' && !entry.containerName)
    fail(`${where}: image needs container-name, the container it is for.`)
  return {
    service: name,
    taskDefinition: String(entry.taskDefinition ?? ''),
    containerName: String(entry.containerName ?? ''),
    image,
    after: entry.after as string[],
    runTaskCommand: String(entry.runTaskCommand ?? ''),
    runTaskContainer: String(entry.runTaskContainer ?? ''),
    environmentUrl: String(entry.environmentUrl ?? '')
  }
}

function text(
  value: unknown,
  key: string,
  where: string,
  fail: (message: string) => never
): string {
  if (typeof value !== 'string') fail(`${where}: ${key} must be a string.`)
  return (value as string).trim()
}

function afterList(value: unknown, where: string, fail: (message: string) => never): string[] {
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.some(v => typeof v !== 'string'))
    fail(`${where}: after must be a service name or a list of them.`)
  return (list as string[]).map(v => v.trim())
}

/** No service twice; every `after` names a service of the release; every file exists. */
function checkEntries(
  entries: readonly ReleaseEntry[],
  files: Pick<Files, 'exists'>,
  fail: (message: string) => never
): void {
  const names = entries.map(e => e.service)
  entries.forEach((e, i) => {
    const where = `entry ${i + 1} (${e.service})`
    if (names.indexOf(e.service) !== i)
      fail(
        `${where}: service ${e.service} is listed twice (also entry ${names.indexOf(e.service) + 1}).`
      )
    for (const before of e.after) {
      if (!names.includes(before))
        fail(`${where}: after names ${before}, which is not a service of this release.`)
    }
    if (e.taskDefinition !== '' && !files.exists(e.taskDefinition))
      fail(
        `${where}: task-definition ${e.taskDefinition} does not exist. Give a path relative to the workspace.`
      )
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
