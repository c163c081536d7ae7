import { join } from 'node:path'
import type { EcrApi } from '../aws/ecr.js'
import type { Files } from '../shared/files.js'
import type { BuildPlan } from './build-plan.js'
import type { Deps } from './deps.js'
import {
  type BuildRequest,
  buildxBuildCommand,
  dockerBuildCommand,
  parseMetadataDigest,
  type SecretFile
} from './docker-commands.js'
import { type DockerExec, push, readRepoDigest, runOrThrow } from './docker.js'
import { imageLabels } from './labels.js'
import type { Destination } from './repository.js'
import type { Found } from './reuse.js'
import { CACHE_TAG, type Settings } from './settings.js'

/** What the phases before the build decided. */
export interface BuildInput {
  readonly found: Found
  readonly plan: BuildPlan
  readonly destination: Destination
  /** The registry logged in to. */
  readonly registry: string
}

export interface Built {
  readonly registry: string
  /** registry/repository */
  readonly uri: string
  /** The pushed manifest digest; undefined when nothing was pushed. */
  readonly digest: string | undefined
  readonly seconds: number
}

/** Builds the image with every tag, and pushes it when asked; times the build. */
export async function build(
  settings: Settings,
  { found, plan, destination, registry: loggedIn }: BuildInput,
  deps: Pick<Deps, 'ecr' | 'docker' | 'log' | 'now' | 'tempDir' | 'files'>
): Promise<Built> {
  const registry = destination.repo?.registry ?? loggedIn
  const uri = destination.repo?.uri ?? `${registry}/${settings.repository}`
  const cacheFrom =
    plan.cache === 'inline' && found.repo ? await inlineCacheFrom(deps.ecr, settings, uri) : ''
  const started = deps.now()
  const digest = await deps.log.group(`Build ${uri}:${settings.tags[0] as string}`, () =>
    buildImage(settings, deps, plan, { uri, cacheFrom, created: new Date(started) })
  )
  return { registry, uri, digest, seconds: (deps.now() - started) / 1000 }
}

/** The newest pushed image (not the build cache) to take an inline cache from, or ''. */
async function inlineCacheFrom(ecr: EcrApi, settings: Settings, uri: string): Promise<string> {
  const newest = await ecr.newestTaggedImage(settings.repository, [CACHE_TAG])
  return newest ? `${uri}@${newest.digest}` : ''
}

interface Target {
  readonly uri: string
  readonly cacheFrom: string
  /** The org.opencontainers.image.created label. */
  readonly created: Date
}

/**
 * Builds (and pushes, when asked) and returns the pushed digest. Build secrets live in files in
 * a private folder under RUNNER_TEMP for the length of the build; only their paths reach argv.
 */
async function buildImage(
  settings: Settings,
  deps: Pick<Deps, 'docker' | 'tempDir' | 'files'>,
  plan: BuildPlan,
  target: Target
): Promise<string | undefined> {
  const { files } = deps
  const dir = files.makeTempDir(deps.tempDir, 'build-push-')
  try {
    const request = buildRequest(settings, plan, target, { dir, files })
    return plan.tool === 'buildx'
      ? await buildxBuild(deps.docker, request, files)
      : await dockerBuildAndPush(deps.docker, request, target.uri)
  } finally {
    files.remove(dir)
  }
}

/** The build command's data; each build secret written to a file of its own in `dir`. */
function buildRequest(
  settings: Settings,
  plan: BuildPlan,
  { uri, cacheFrom, created }: Target,
  { dir, files }: { readonly dir: string; readonly files: Pick<Files, 'writeText'> }
): BuildRequest {
  const secrets: SecretFile[] = settings.secrets.map((s, i) => {
    const path = join(dir, `secret-${i}`)
    files.writeText(path, s.value, 0o600)
    return { id: s.key, path }
  })
  return {
    context: settings.context,
    file: settings.file,
    tags: settings.tags.map(t => `${uri}:${t}`),
    labels: imageLabels(settings.git, created, settings.labels),
    buildArgs: settings.buildArgs,
    secrets,
    target: settings.target,
    platforms: settings.platforms,
    cache: plan.cache,
    cacheRef: `${uri}:${CACHE_TAG}`,
    cacheFrom,
    push: settings.push,
    metadataFile: join(dir, 'metadata.json')
  }
}

/** `docker buildx build` pushes itself; the digest is in its metadata file. */
async function buildxBuild(
  docker: DockerExec,
  request: BuildRequest,
  files: Pick<Files, 'readText'>
): Promise<string | undefined> {
  await runOrThrow(docker, buildxBuildCommand(request), 'docker buildx build')
  if (!request.push) return undefined
  const digest = parseMetadataDigest(readText(files, request.metadataFile))
  if (!digest) {
    throw new Error('docker buildx build pushed, but wrote no containerimage.digest.')
  }
  return digest
}

/** `docker build`, then `docker push` of each tag; the digest as push reported it, or read back. */
async function dockerBuildAndPush(
  docker: DockerExec,
  request: BuildRequest,
  uri: string
): Promise<string | undefined> {
  await runOrThrow(docker, dockerBuildCommand(request), 'docker build')
  if (!request.push) return undefined
  const primaryRef = request.tags[0] as string
  let digest: string | undefined
  for (const ref of request.tags) {
    const pushed = await push(docker, ref)
    if (ref === primaryRef) digest = pushed
  }
  digest ??= await readRepoDigest(docker, primaryRef, uri)
  if (!digest) throw new Error(`Pushed ${primaryRef}, but could not read its digest back.`)
  return digest
}

/** A file's text, or '' when it cannot be read. */
function readText(files: Pick<Files, 'readText'>, path: string): string {
  try {
    return files.readText(path)
  } catch {
    return ''
  }
}
