import type { KeyValue } from '../shared/parse.js'
import { labelForLog } from '../shared/redact.js'

/*
 * Every docker command the action runs, as pure data (tested as tables: request → exact argv,
 * as docker/build-push-action tests its getArgs), and the parsers of what docker answers.
 * Nothing here runs anything, reads inputs or the environment; a password is never on argv.
 */

/** The build cache a command uses: a registry cache (buildx), an inline one, or none. */
export type CacheKind = 'registry' | 'inline' | 'none'

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

/**
 * A command's argv as the log shows it: build arguments by name only (`--build-arg NAME`; docker
 * is given NAME=value), label values that may hold a credential hidden (shared/redact.ts). Build
 * secrets are only ever paths, passwords only ever on stdin.
 */
export function argsForLog(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const flag = args[i - 1]
    const eq = arg.indexOf('=')
    if (flag === '--build-arg') return eq < 0 ? arg : arg.slice(0, eq)
    if (flag === '--label' && eq > 0)
      return `${arg.slice(0, eq)}=${labelForLog(arg.slice(0, eq), arg.slice(eq + 1))}`
    return arg
  })
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
