import { join, resolve } from 'node:path'
import type { CredentialSettings } from '../aws/credentials.js'
import type { TagMutability } from '../aws/ecr-images.js'
import { CREDENTIAL_INPUTS, readCredentialSettings } from '../shared/credential-settings.js'
import type { Files } from '../shared/files.js'
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

/*
 * action-build-push's inputs, read and checked into the one typed settings object the engine
 * runs on. Nothing here knows the runner: the entry (src/actions/build-push/start.ts) hands in
 * its input reader, the environment and its files, tests a table. The only outside reads are the
 * context folder and Dockerfile checks, through `files`.
 */

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
  /** GITHUB_RUN_ID, or '': the run whose attempts may reuse what it pushed. */
  readonly runId: string
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

/**
 * Reads and checks every input through `get` (the runner's input reader, or a table in tests),
 * with the commit and repository from `env` (GITHUB_SHA, GITHUB_REPOSITORY) and paths relative
 * to `cwd`, checked in `files`. Throws an InputError naming the input on the first problem,
 * before anything is written. Build secrets are masked by maskSecretValues, which the entry
 * calls first.
 */
export function readSettings(
  get: (name: string) => string,
  env: NodeJS.ProcessEnv,
  files: Pick<Files, 'isFile' | 'isDirectory'>,
  cwd: string
): Settings {
  const credentials = readCredentialSettings(get, env)
  const repository = readRepository(get)
  const { context, file } = readBuildFiles(get, files, cwd)
  const buildArgs = parseKeyValueLines(INPUTS.buildArgs, get(INPUTS.buildArgs), 'NAME=value')
  const secrets = parseSecrets(get(INPUTS.secrets))
  const platforms = readPlatforms(get)
  const git = gitContext(env)
  const tags = readTags(get, git.revision)
  const cache = readCache(get, tags)
  return {
    credentials,
    repository,
    context,
    file,
    buildArgs,
    secrets,
    target: get(INPUTS.target).trim(),
    platforms,
    tags,
    labels: parseKeyValueLines(INPUTS.labels, get(INPUTS.labels), 'key=value'),
    push: parseBoolean(INPUTS.push, get(INPUTS.push), true),
    skipExisting: parseBoolean(INPUTS.skipExisting, get(INPUTS.skipExisting), true),
    cache,
    ...readRepositoryOptions(get),
    git
  }
}

/**
 * Registers every build secret value (the text of the secrets input) with the runner's masking,
 * before anything else reads the inputs: a malformed line is masked whole (it may be a bare
 * secret pasted by mistake).
 */
export function maskSecretValues(text: string, setSecret: (value: string) => void): void {
  for (const line of parseLines(text)) {
    const at = line.indexOf('=')
    const value = at >= 0 ? line.slice(at + 1).trim() : line
    if (value !== '') setSecret(value)
  }
}

function readRepository(get: (name: string) => string): string {
  const repository = get(INPUTS.repository).trim()
  const problem = repositoryNameProblem(repository)
  if (problem) throw new InputError(INPUTS.repository, problem)
  return repository
}

/** The build context folder and the Dockerfile, both checked to exist. */
function readBuildFiles(
  get: (name: string) => string,
  files: Pick<Files, 'isFile' | 'isDirectory'>,
  cwd: string
): { context: string; file: string } {
  const context = get(INPUTS.context).trim() || '.'
  if (!files.isDirectory(resolve(cwd, context))) {
    throw new InputError(
      INPUTS.context,
      `the build context folder "${context}" does not exist (relative to ${cwd}).`
    )
  }
  const givenFile = get(INPUTS.file).trim()
  const file = givenFile || join(context, 'Dockerfile')
  if (!files.isFile(resolve(cwd, file))) {
    throw new InputError(
      INPUTS.file,
      givenFile
        ? `the Dockerfile "${file}" does not exist (relative to ${cwd}).`
        : `no Dockerfile at "${file}". Add one or set the file input.`
    )
  }
  return { context, file }
}

/**
 * Lines of id=value (masked beforehand by maskSecretValues). No error ever echoes a line (a
 * malformed line may be a bare secret).
 */
function parseSecrets(text: string): KeyValue[] {
  return parseLines(text).map((line, index) => {
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

/** Platforms, by line or comma, each os/arch[/variant]; each once. */
function readPlatforms(get: (name: string) => string): string[] {
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
  return unique(platforms)
}

/** The tags given, each once, or the commit SHA; the first is the primary tag. */
function readTags(get: (name: string) => string, revision: string): string[] {
  const givenTags = parseLines(get(INPUTS.tags))
  const tags = givenTags.length > 0 ? unique(givenTags) : revision ? [revision] : []
  if (tags.length === 0) {
    throw new InputError(INPUTS.tags, 'no tags given and no GITHUB_SHA to default to.')
  }
  for (const tag of tags) {
    const problem = tagProblem(tag)
    if (problem) throw new InputError(INPUTS.tags, problem)
  }
  return tags
}

/** The cache mode; a registry cache needs the buildcache tag for itself. */
function readCache(get: (name: string) => string, tags: readonly string[]): CacheMode {
  const cache = parseChoice(INPUTS.cache, get(INPUTS.cache), CACHE_MODES, 'auto')
  if (tags.includes(CACHE_TAG) && cache !== 'none' && cache !== 'inline') {
    throw new InputError(
      INPUTS.tags,
      `"${CACHE_TAG}" is the tag of the registry build cache; choose another tag.`
    )
  }
  return cache
}

/** How a repository this step creates is set up. */
function readRepositoryOptions(
  get: (name: string) => string
): Pick<Settings, 'createRepository' | 'imageTagMutability' | 'scanOnPush' | 'keepImages'> {
  return {
    createRepository: parseBoolean(INPUTS.createRepository, get(INPUTS.createRepository), true),
    imageTagMutability: parseChoice(
      INPUTS.imageTagMutability,
      get(INPUTS.imageTagMutability).toUpperCase(),
      MUTABILITIES,
      'MUTABLE'
    ),
    scanOnPush: parseBoolean(INPUTS.scanOnPush, get(INPUTS.scanOnPush), true),
    keepImages: parseInteger(INPUTS.keepImages, get(INPUTS.keepImages), 0, { min: 0, max: 10000 })
  }
}

/** The repository's URL, the commit and the run, for the image labels and the reuse decision. */
function gitContext(env: NodeJS.ProcessEnv): GitContext {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')
  return {
    sourceUrl: env.GITHUB_REPOSITORY ? `${server}/${env.GITHUB_REPOSITORY}` : '',
    revision: env.GITHUB_SHA ?? '',
    runId: env.GITHUB_RUN_ID ?? ''
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}
