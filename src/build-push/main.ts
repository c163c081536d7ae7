import * as core from '@actions/core'
import type { EcrApi } from '../aws/ecr.js'
import type { RepositoryInfo, TaggedImage } from '../aws/ecr-images.js'
import { connectAws } from '../aws/connection.js'
import { failStep } from '../runner/fail-step.js'
import { InputError } from '../shared/parse.js'
import { writeSummary } from '../runner/summary.js'
import { buildImage } from './build.js'
import { STATE_REGISTRY } from '../actions/build-push/post.js'
import { planBuild } from './build-plan.js'
import { detectBuilder, login } from './docker.js'
import {
  CACHE_TAG,
  INPUTS,
  maskSecretValues,
  OUTPUTS,
  readSettings,
  type Settings
} from './settings.js'
import { ensureRepository } from './repository.js'
import { findReusable, immutableConflict, logReuse, type Reuse } from './reuse.js'
import { awsDeps } from '../actions/runtime.js'
import { type BuildRuntime, createBuildRuntime } from '../actions/build-push/runtime.js'
import { type BuildOutcome, renderFailure, renderSummary } from './summary.js'

/*
 * Entry of action-build-push: inputs → build and push → outputs and summary. The phases, each a
 * module: credentials (common/aws.ts), the repository look-up and reuse decision (reuse.ts), the
 * builder checks (docker.ts planBuild), the repository (repository.ts), the login (docker.ts),
 * the build (build.ts). Every check that can refuse runs before the first write.
 */
export async function run(rt: BuildRuntime = createBuildRuntime()): Promise<void> {
  let repository = ''
  try {
    const settings = await rt.runner.log.group('Inputs', async () => {
      maskSecretValues(rt.runner.input(INPUTS.secrets), value => rt.runner.setSecret(value))
      return readSettings(name => rt.runner.input(name), rt.env)
    })
    repository = settings.repository
    const result = await buildAndPush(settings, rt)
    setOutputs(result, rt)
    await writeSummary(renderSummary(result), rt.runner.log, rt.env)
  } catch (error) {
    const message = failStep(rt.runner.log, error, 'Build and push failed')
    await writeSummary(renderFailure(repository, message), rt.runner.log, rt.env)
  }
}

export async function buildAndPush(settings: Settings, rt: BuildRuntime): Promise<BuildOutcome> {
  const primary = settings.tags[0] as string
  const aws = await rt.runner.log.group('AWS credentials', () =>
    connectAws(awsDeps(rt), settings.credentials)
  )
  const ecr = aws.ecr

  // Read-only look-ups first: the repository, the requested tags, and whether to reuse.
  const found = await rt.runner.log.group(`ECR repository ${settings.repository}`, () =>
    lookUp(ecr, settings, rt)
  )
  if (found.repo && found.reuse?.reuse) {
    return skipped(settings, found.repo, found.reuse, found.images, rt)
  }

  // What would fail later is refused now, before anything is written.
  const conflict = immutableConflict(found.repo?.mutability ?? '', settings.push, found.images)
  if (conflict) {
    throw new InputError(
      INPUTS.tags,
      `the repository ${settings.repository} has IMMUTABLE tags and "${conflict.tag}" already names ` +
        `${conflict.digest}, so ECR would refuse the push (ImageTagAlreadyExistsException). ` +
        'Use tags that name the commit (the default is the commit SHA), or a MUTABLE repository.'
    )
  }
  const plan = await rt.runner.log.group('Docker builder', async () => {
    const builder = await detectBuilder(rt.docker)
    const p = planBuild(
      {
        cache: settings.cache,
        platforms: settings.platforms,
        repositoryMutability: found.repo?.mutability ?? settings.imageTagMutability
      },
      builder
    )
    rt.runner.log.info(
      builder.buildx
        ? `docker buildx (driver: ${builder.driver || 'unknown'}), cache: ${p.cache}.`
        : `No docker buildx: docker build with BuildKit, cache: ${p.cache}.`
    )
    for (const note of p.notes) rt.runner.log.warning(note)
    return p
  })

  let repo = found.repo
  let repositoryCreated = false
  if (!repo && settings.push) {
    const ensured = await rt.runner.log.group(`Create ECR repository ${settings.repository}`, () =>
      ensureRepository(ecr, settings, rt.runner.log)
    )
    repo = ensured.repository
    repositoryCreated = ensured.created
  }

  const auth = await rt.runner.log.group('Log in to ECR', async () => {
    const a = await ecr.getAuthorization()
    rt.runner.setSecret(a.password)
    rt.runner.setSecret(Buffer.from(`${a.username}:${a.password}`).toString('base64'))
    await login(
      rt.docker,
      { registry: a.registry, username: a.username, password: a.password },
      { attempts: rt.loginAttempts ?? 4, sleep: rt.sleep, log: m => rt.runner.log.info(m) }
    )
    rt.runner.state.save(STATE_REGISTRY, a.registry)
    return a
  })

  const registry = repo?.registry ?? auth.registry
  const uri = repo?.uri ?? `${registry}/${settings.repository}`
  let cacheFrom = ''
  if (plan.cache === 'inline' && found.repo) {
    const newest = await ecr.newestTaggedImage(settings.repository, [CACHE_TAG])
    if (newest) cacheFrom = `${uri}@${newest.digest}`
  }

  const started = rt.now()
  const digest = await rt.runner.log.group(`Build ${uri}:${primary}`, () =>
    buildImage(settings, rt, plan, uri, cacheFrom, new Date(started))
  )
  return {
    outcome: 'built',
    repository: settings.repository,
    registry,
    image: digest ? `${uri}@${digest}` : '',
    taggedImage: `${uri}:${primary}`,
    digest: digest ?? '',
    tags: settings.tags,
    pushed: settings.push,
    buildSeconds: (rt.now() - started) / 1000,
    tool: plan.tool,
    cache: plan.cache,
    repositoryCreated,
    ...(found.reuse ? { because: found.reuse.because } : {})
  }
}

interface Found {
  readonly repo: RepositoryInfo | undefined
  /** The images the requested tags name now. */
  readonly images: readonly TaggedImage[]
  /** The skip-existing decision; undefined when skip-existing is off or there is no repository. */
  readonly reuse: Reuse | undefined
}

async function lookUp(ecr: EcrApi, settings: Settings, rt: BuildRuntime): Promise<Found> {
  const repo = await ecr.describeRepository(settings.repository)
  if (!repo) {
    rt.runner.log.info(`Repository ${settings.repository} does not exist yet.`)
    return { repo, images: [], reuse: undefined }
  }
  rt.runner.log.info(`Repository ${repo.uri} exists (tags ${repo.mutability}).`)
  const immutable = settings.push && repo.mutability === 'IMMUTABLE'
  if (!settings.skipExisting && !immutable) return { repo, images: [], reuse: undefined }
  const images = await ecr.imagesByTag(settings.repository, settings.tags)
  for (const image of images) rt.runner.log.info(`${repo.uri}:${image.tag} names ${image.digest}.`)
  if (!settings.skipExisting) return { repo, images, reuse: undefined }
  const reuse = await findReusable(
    ecr,
    settings.repository,
    settings.git.revision,
    images,
    settings.tags[0] as string
  )
  logReuse(rt.runner.log, reuse, repo.uri)
  return { repo, images, reuse }
}

function skipped(
  settings: Settings,
  repo: RepositoryInfo,
  reuse: Reuse & { reuse: true },
  images: readonly TaggedImage[],
  rt: BuildRuntime
): BuildOutcome {
  const digest = reuse.image.digest
  const requested = settings.tags
  const present = requested.filter(t => images.some(i => i.tag === t && i.digest === digest))
  const missing = requested.filter(t => !present.includes(t))
  if (missing.length > 0) {
    rt.runner.log.warning(
      `skip-existing: ${repo.uri}@${digest} is this commit's image, so nothing was built or ` +
        `pushed; the tags ${missing.join(', ')} were not added to it.`
    )
  }
  return {
    outcome: 'skipped',
    repository: settings.repository,
    registry: repo.registry,
    image: `${repo.uri}@${digest}`,
    taggedImage: `${repo.uri}:${present[0] ?? reuse.image.tag}`,
    digest,
    tags: present,
    pushed: false,
    buildSeconds: 0,
    repositoryCreated: false,
    because: reuse.because
  }
}

function setOutputs(result: BuildOutcome, rt: BuildRuntime): void {
  core.setOutput(OUTPUTS.image, result.image)
  core.setOutput(OUTPUTS.taggedImage, result.taggedImage)
  core.setOutput(OUTPUTS.digest, result.digest)
  core.setOutput(OUTPUTS.registry, result.registry)
  core.setOutput(OUTPUTS.tags, result.tags.join('\n'))
  core.setOutput(OUTPUTS.built, String(result.outcome === 'built'))
  rt.runner.log.info(
    result.outcome === 'built'
      ? `Built ${result.image || result.taggedImage} in ${result.buildSeconds.toFixed(1)} s.`
      : `Using the existing ${result.image}.`
  )
}
