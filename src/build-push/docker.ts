import type { KeyValue } from '../shared/parse.js'
import { InputError } from '../shared/parse.js'
import { retry, type RetryOptions } from '../aws/retry.js'
import { type CacheMode, INPUTS } from './inputs.js'

/*
 * Docker argument lists as pure data (tested as tables: request → exact argv), and the few
 * functions that run them through an injected exec. Nothing here reads inputs or the
 * environment; a password only ever travels on stdin. (Over 250 lines: every docker command the
 * action runs, as data beside the runner of each, so one file shows all that reaches argv.)
 */

export interface ExecRequest {
  readonly args: readonly string[]
  /** Extra environment variables for this command (merged over the process environment). */
  readonly env?: Readonly<Record<string, string>>
  /** Written to the command's stdin. */
  readonly input?: string
  /** Do not echo the command or its output to the log. */
  readonly silent?: boolean
}

export interface ExecResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `docker <args>`; never throws for a non-zero exit code. */
export type DockerExec = (request: ExecRequest) => Promise<ExecResult>

export interface Builder {
  /** `docker buildx version` answered. */
  readonly buildx: boolean
  /** The buildx builder's driver (docker, docker-container, ...), '' when unknown. */
  readonly driver: string
}

export type CacheKind = 'registry' | 'inline' | 'none'

export interface BuildPlan {
  readonly tool: 'buildx' | 'docker'
  readonly cache: CacheKind
  /** Things worth a warning annotation (a cache mode that had to change, ...). */
  readonly notes: readonly string[]
}

/**
 * Chooses the build tool and cache, and rejects what the machine cannot do (several
 * platforms or a registry cache without buildx) with an InputError naming the input.
 */
export function planBuild(
  request: {
    readonly cache: CacheMode
    readonly platforms: readonly string[]
    readonly repositoryMutability: string
  },
  builder: Builder
): BuildPlan {
  const notes: string[] = []
  if (!builder.buildx) {
    if (request.platforms.length > 1) {
      throw new InputError(
        INPUTS.platforms,
        `${request.platforms.length} platforms (${request.platforms.join(', ')}) need docker buildx, ` +
          'which this machine does not have (`docker buildx version` failed). Install buildx ' +
          '(for example with docker/setup-buildx-action) or build one platform.'
      )
    }
    if (request.cache === 'registry') {
      throw new InputError(
        INPUTS.cache,
        'registry needs docker buildx, which this machine does not have. Use inline or auto.'
      )
    }
    return { tool: 'docker', cache: request.cache === 'none' ? 'none' : 'inline', notes }
  }
  if (builder.driver === 'docker' && request.platforms.length > 1) {
    // buildx: "Multiple platforms feature is currently not supported for docker driver".
    throw new InputError(
      INPUTS.platforms,
      `${request.platforms.length} platforms (${request.platforms.join(', ')}) cannot be built by ` +
        'the buildx "docker" driver this machine uses. Create a docker-container builder ' +
        '(docker/setup-buildx-action, or `docker buildx create --use`) or build one platform.'
    )
  }
  let cache: CacheKind
  switch (request.cache) {
    case 'none':
      cache = 'none'
      break
    case 'inline':
      cache = 'inline'
      break
    case 'registry':
      cache = 'registry'
      if (builder.driver === 'docker') {
        notes.push(
          'cache: registry with the buildx "docker" driver needs the containerd image store; ' +
            'if the cache export fails, use docker/setup-buildx-action or cache: inline.'
        )
      }
      if (request.repositoryMutability !== 'MUTABLE') {
        notes.push(
          `the repository's tags are ${request.repositoryMutability}: the "buildcache" tag cannot be ` +
            'overwritten after the first build; use cache: inline or auto.'
        )
      }
      break
    case 'auto':
      cache =
        builder.driver !== 'docker' && request.repositoryMutability === 'MUTABLE'
          ? 'registry'
          : 'inline'
      break
  }
  return { tool: 'buildx', cache, notes }
}

export interface SecretFile {
  readonly id: string
  /** A file holding the secret's value; only its path is ever on argv. */
  readonly path: string
}

/** Everything a build command needs, as plain data. */
export interface BuildRequest {
  readonly context: string
  readonly file: string
  /** Full references: registry/repository:tag. */
  readonly tags: readonly string[]
  readonly labels: readonly KeyValue[]
  readonly buildArgs: readonly KeyValue[]
  readonly secrets: readonly SecretFile[]
  readonly target: string
  readonly platforms: readonly string[]
  readonly cache: CacheKind
  /** Registry cache reference (registry/repository:buildcache), for cache: registry. */
  readonly cacheRef: string
  /** The last pushed image to take an inline cache from, or ''. */
  readonly cacheFrom: string
  readonly push: boolean
  /** Where buildx writes its metadata (the pushed digest). */
  readonly metadataFile: string
}

export interface CommandLine {
  readonly args: readonly string[]
  readonly env?: Readonly<Record<string, string>>
}

function commonBuildArgs(request: BuildRequest): string[] {
  const args = ['--file', request.file]
  for (const tag of request.tags) args.push('--tag', tag)
  for (const label of request.labels) args.push('--label', `${label.key}=${label.value}`)
  for (const arg of request.buildArgs) args.push('--build-arg', `${arg.key}=${arg.value}`)
  for (const secret of request.secrets) args.push('--secret', `id=${secret.id},src=${secret.path}`)
  if (request.target !== '') args.push('--target', request.target)
  if (request.platforms.length > 0) args.push('--platform', request.platforms.join(','))
  return args
}

/** `docker buildx build`: pushes itself and writes the digest to the metadata file. */
export function buildxBuildCommand(request: BuildRequest): CommandLine {
  const args = ['buildx', 'build', ...commonBuildArgs(request)]
  switch (request.cache) {
    case 'registry':
      args.push('--cache-from', `type=registry,ref=${request.cacheRef}`)
      if (request.push) {
        args.push(
          '--cache-to',
          `type=registry,ref=${request.cacheRef},mode=max,image-manifest=true,oci-mediatypes=true`
        )
      }
      break
    case 'inline':
      if (request.cacheFrom !== '') {
        args.push('--cache-from', `type=registry,ref=${request.cacheFrom}`)
      }
      args.push('--cache-to', 'type=inline')
      break
    case 'none':
      break
  }
  args.push('--progress', 'plain', '--metadata-file', request.metadataFile)
  if (request.push) args.push('--push')
  else if (request.platforms.length <= 1) args.push('--load')
  args.push(request.context)
  return { args }
}

/** `docker build` with BuildKit and an inline cache; pushing is a separate `docker push`. */
export function dockerBuildCommand(request: BuildRequest): CommandLine {
  const args = ['build', ...commonBuildArgs(request)]
  if (request.cache === 'inline') {
    if (request.cacheFrom !== '') args.push('--cache-from', request.cacheFrom)
    args.push('--build-arg', 'BUILDKIT_INLINE_CACHE=1')
  }
  args.push('--progress', 'plain', request.context)
  return { args, env: { DOCKER_BUILDKIT: '1' } }
}

export const buildxVersionArgs = (): string[] => ['buildx', 'version']
export const buildxInspectArgs = (): string[] => ['buildx', 'inspect']
export const loginArgs = (registry: string, username: string): string[] => [
  'login',
  '--username',
  username,
  '--password-stdin',
  registry
]
export const logoutArgs = (registry: string): string[] => ['logout', registry]
export const pushArgs = (reference: string): string[] => ['push', reference]
export const repoDigestsArgs = (reference: string): string[] => [
  'image',
  'inspect',
  '--format',
  '{{json .RepoDigests}}',
  reference
]

/** The driver line of `docker buildx inspect`. */
export function parseBuildxDriver(output: string): string {
  const match = /^Driver:\s*(\S+)/m.exec(output)
  return match?.[1] ?? ''
}

/** The manifest digest `docker push` reports: "<tag>: digest: sha256:… size: N". */
export function parsePushDigest(output: string): string | undefined {
  const match = /digest: (sha256:[0-9a-f]{64})/.exec(output)
  return match?.[1]
}

/** The digest of `repository` among an image's RepoDigests (JSON array of name@sha256:…). */
export function pickRepoDigest(repoDigestsJson: string, repositoryUri: string): string | undefined {
  let list: unknown
  try {
    list = JSON.parse(repoDigestsJson.trim() || '[]')
  } catch {
    return undefined
  }
  if (!Array.isArray(list)) return undefined
  for (const entry of list) {
    if (typeof entry !== 'string') continue
    const at = entry.lastIndexOf('@')
    if (at > 0 && entry.slice(0, at) === repositoryUri) return entry.slice(at + 1)
  }
  return undefined
}

/** containerimage.digest from buildx's --metadata-file. */
export function parseMetadataDigest(json: string): string | undefined {
  try {
    const data: unknown = JSON.parse(json)
    if (data !== null && typeof data === 'object' && 'containerimage.digest' in data) {
      const digest = (data as Record<string, unknown>)['containerimage.digest']
      return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined
    }
  } catch {
    return undefined
  }
  return undefined
}

// ---- running them -------------------------------------------------------------------

export async function detectBuilder(exec: DockerExec): Promise<Builder> {
  const version = await exec({ args: buildxVersionArgs(), silent: true })
  if (version.exitCode !== 0) return { buildx: false, driver: '' }
  const inspect = await exec({ args: buildxInspectArgs(), silent: true })
  return {
    buildx: true,
    driver: inspect.exitCode === 0 ? parseBuildxDriver(inspect.stdout) : ''
  }
}

export interface LoginRequest {
  readonly registry: string
  readonly username: string
  readonly password: string
}

export type LoginRetry = Omit<RetryOptions, 'isRetryable' | 'what'> & {
  readonly log: (message: string) => void
}

/** Answers that will not change on a retry: wrong credentials, no permission. */
const PERMANENT_LOGIN_FAILURE =
  /unauthorized|authentication required|incorrect username or password|denied|\b40[13]\b/i

class LoginFailure extends Error {
  override readonly name = 'DockerLoginFailure'
}

/** `docker login --password-stdin`, retried (common/retry.ts) on transient failures. */
export async function login(
  exec: DockerExec,
  request: LoginRequest,
  options: LoginRetry
): Promise<void> {
  let attempts = 0
  try {
    await retry(
      async attempt => {
        attempts = attempt
        const result = await exec({
          args: loginArgs(request.registry, request.username),
          input: request.password,
          silent: true
        })
        if (result.exitCode !== 0) {
          throw new LoginFailure(
            lastLines(result.stderr || result.stdout, 3) || `exit code ${result.exitCode}`
          )
        }
      },
      {
        baseDelayMs: 2000,
        ...options,
        what: 'docker login',
        isRetryable: e => e instanceof LoginFailure && !PERMANENT_LOGIN_FAILURE.test(e.message)
      }
    )
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(
      `docker login to ${request.registry} failed after ${attempts} attempt(s): ${reason}`,
      { cause: error }
    )
  }
  options.log(`Logged in to ${request.registry}.`)
}

export async function logout(exec: DockerExec, registry: string): Promise<boolean> {
  const result = await exec({ args: logoutArgs(registry), silent: true })
  return result.exitCode === 0
}

/** Runs a command and throws with the tail of its output when it fails. */
export async function runOrThrow(
  exec: DockerExec,
  command: CommandLine,
  what: string
): Promise<ExecResult> {
  const result = await exec({ args: command.args, ...(command.env ? { env: command.env } : {}) })
  if (result.exitCode !== 0) {
    const tail = lastLines(result.stderr || result.stdout, 5)
    throw new Error(`${what} failed (exit code ${result.exitCode}): ${hint(tail)}`)
  }
  return result
}

/** Pushes one reference and returns the manifest digest the registry reported. */
export async function push(exec: DockerExec, reference: string): Promise<string | undefined> {
  const result = await runOrThrow(exec, { args: pushArgs(reference) }, `docker push ${reference}`)
  return parsePushDigest(result.stdout)
}

/** The digest of a pushed image read back from the engine (RepoDigests). */
export async function readRepoDigest(
  exec: DockerExec,
  reference: string,
  repositoryUri: string
): Promise<string | undefined> {
  const result = await exec({ args: repoDigestsArgs(reference), silent: true })
  return result.exitCode === 0 ? pickRepoDigest(result.stdout, repositoryUri) : undefined
}

function lastLines(text: string, count: number): string {
  return text.trim().split(/\r?\n/).slice(-count).join(' | ')
}

function hint(tail: string): string {
  if (/buildx component is missing/i.test(tail)) {
    return (
      `${tail}. This Docker CLI needs the buildx plugin for BuildKit builds: install it ` +
      '(docker/setup-buildx-action, or the docker-buildx package).'
    )
  }
  return tail
}
