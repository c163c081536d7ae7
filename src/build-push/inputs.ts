import * as core from '@actions/core'
import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CredentialSettings } from '../aws/credentials.js'
import type { TagMutability } from '../aws/ecr-images.js'
import { CREDENTIAL_INPUTS, readCredentialSettings } from '../shared/credential-settings.js'
import {
  InputError,
  type KeyValue,
  parseBoolean,
  parseChoice,
  parseInteger,
  parseKeyValueLines,
  parseLines
} from '../shared/parse.js'
import { isPlatform, repositoryNameProblem, tagProblem } from './names.js'

/** Every input of action-build-push/action.yml, by the name the code uses. */
export const INPUTS = {
  ...CREDENTIAL_INPUTS,
  repository: 'repository',
  context: 'context',
  file: 'file',
  buildArgs: 'build-args',
  secrets: 'secrets',
  target: 'target',
  platforms: 'platforms',
  tags: 'tags',
  labels: 'labels',
  push: 'push',
  skipExisting: 'skip-existing',
  cache: 'cache',
  createRepository: 'create-repository',
  imageTagMutability: 'image-tag-mutability',
  scanOnPush: 'scan-on-push',
  keepImages: 'keep-images'
} as const

/** Every output of action-build-push/action.yml. */
export const OUTPUTS = {
  image: 'image',
  taggedImage: 'tagged-image',
  digest: 'digest',
  registry: 'registry',
  tags: 'tags',
  built: 'built'
} as const

export const CACHE_MODES = ['auto', 'registry', 'inline', 'none'] as const
export type CacheMode = (typeof CACHE_MODES)[number]
const MUTABILITIES: readonly TagMutability[] = ['MUTABLE', 'IMMUTABLE']

/** The tag that holds the registry build cache (buildx). */
export const CACHE_TAG = 'buildcache'

export interface GitContext {
  /** https://github.com/OWNER/REPO, or '' outside GitHub Actions. */
  readonly sourceUrl: string
  /** The commit SHA, or ''. */
  readonly revision: string
}

export interface Settings {
  readonly credentials: CredentialSettings
  readonly repository: string
  /** The build context as given (relative to the working directory). */
  readonly context: string
  /** The Dockerfile path as given, or <context>/Dockerfile. */
  readonly file: string
  readonly buildArgs: readonly KeyValue[]
  /** Build secrets, id → value. Values are masked and never put on argv. */
  readonly secrets: readonly KeyValue[]
  readonly target: string
  readonly platforms: readonly string[]
  /** At least one; the first is the primary tag. */
  readonly tags: readonly string[]
  readonly labels: readonly KeyValue[]
  readonly push: boolean
  readonly skipExisting: boolean
  readonly cache: CacheMode
  readonly createRepository: boolean
  readonly imageTagMutability: TagMutability
  readonly scanOnPush: boolean
  /** 0: no lifecycle rule. */
  readonly keepImages: number
  readonly git: GitContext
}

/** Reads the action's inputs from the runner (INPUT_* variables) and validates them. */
export function readInputs(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd()
): Settings {
  return parseSettings(name => core.getInput(name), env, cwd, core.setSecret)
}

/**
 * Parses and validates all inputs: names, tags, platforms, the context folder and the
 * Dockerfile. Throws an InputError naming the input on the first problem.
 */
export function parseSettings(
  get: (name: string) => string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  setSecret: (value: string) => void
): Settings {
  const credentials = readCredentialSettings(get, env)

  const repository = get(INPUTS.repository).trim()
  const repositoryProblem = repositoryNameProblem(repository)
  if (repositoryProblem) throw new InputError(INPUTS.repository, repositoryProblem)

  const context = get(INPUTS.context).trim() || '.'
  if (!isDirectory(resolve(cwd, context))) {
    throw new InputError(
      INPUTS.context,
      `the build context folder "${context}" does not exist (relative to ${cwd}).`
    )
  }
  const givenFile = get(INPUTS.file).trim()
  const file = givenFile || join(context, 'Dockerfile')
  if (!isFile(resolve(cwd, file))) {
    throw new InputError(
      INPUTS.file,
      givenFile
        ? `the Dockerfile "${file}" does not exist (relative to ${cwd}).`
        : `no Dockerfile at "${file}". Add one or set the file input.`
    )
  }

  const buildArgs = parseKeyValueLines(INPUTS.buildArgs, get(INPUTS.buildArgs), 'NAME=value')
  const secrets = parseSecrets(get(INPUTS.secrets), setSecret)

  const platforms = get(INPUTS.platforms)
    .split(/[\n,]/)
    .map(p => p.trim())
    .filter(p => p !== '')
  for (const platform of platforms) {
    if (!isPlatform(platform)) {
      throw new InputError(
        INPUTS.platforms,
        `"${platform}" is not a platform such as linux/amd64 or linux/arm64.`
      )
    }
  }

  const revision = env.GITHUB_SHA ?? ''
  const givenTags = parseLines(get(INPUTS.tags))
  const tags = givenTags.length > 0 ? unique(givenTags) : revision ? [revision] : []
  if (tags.length === 0) {
    throw new InputError(INPUTS.tags, 'no tags given and no GITHUB_SHA to default to.')
  }
  for (const tag of tags) {
    const problem = tagProblem(tag)
    if (problem) throw new InputError(INPUTS.tags, problem)
  }

  const cache = parseChoice(INPUTS.cache, get(INPUTS.cache), CACHE_MODES, 'auto')
  if (tags.includes(CACHE_TAG) && cache !== 'none' && cache !== 'inline') {
    throw new InputError(
      INPUTS.tags,
      `"${CACHE_TAG}" is the tag of the registry build cache; choose another tag.`
    )
  }

  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')
  return {
    credentials,
    repository,
    context,
    file,
    buildArgs,
    secrets,
    target: get(INPUTS.target).trim(),
    platforms: unique(platforms),
    tags,
    labels: parseKeyValueLines(INPUTS.labels, get(INPUTS.labels), 'key=value'),
    push: parseBoolean(INPUTS.push, get(INPUTS.push), true),
    skipExisting: parseBoolean(INPUTS.skipExisting, get(INPUTS.skipExisting), true),
    cache,
    createRepository: parseBoolean(INPUTS.createRepository, get(INPUTS.createRepository), true),
    imageTagMutability: parseChoice(
      INPUTS.imageTagMutability,
      get(INPUTS.imageTagMutability).toUpperCase(),
      MUTABILITIES,
      'MUTABLE'
    ),
    scanOnPush: parseBoolean(INPUTS.scanOnPush, get(INPUTS.scanOnPush), true),
    keepImages: parseInteger(INPUTS.keepImages, get(INPUTS.keepImages), 0, { min: 0, max: 10000 }),
    git: {
      sourceUrl: env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}` : '',
      revision
    }
  }
}

/**
 * Lines of id=value. Each value is masked before anything else happens, and no error ever
 * echoes a line (a malformed line may be a bare secret).
 */
function parseSecrets(text: string, setSecret: (value: string) => void): KeyValue[] {
  const lines = parseLines(text)
  for (const line of lines) {
    const at = line.indexOf('=')
    const value = at >= 0 ? line.slice(at + 1).trim() : line
    if (value !== '') setSecret(value)
  }
  return lines.map((line, index) => {
    const at = line.indexOf('=')
    const key = at > 0 ? line.slice(0, at).trim() : ''
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) {
      throw new InputError(
        INPUTS.secrets,
        `line ${index + 1} is not id=value with an id of letters, digits, "_", "." and "-".`
      )
    }
    return { key, value: line.slice(at + 1).trim() }
  })
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}
