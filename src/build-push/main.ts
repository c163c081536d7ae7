import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { CredentialSettings } from '../aws/credentials.js'
import {
  createRepository,
  describeImageByTag,
  describeRepository,
  type EcrSender,
  getAuthorization,
  type ImageInfo,
  keepNewestImagesPolicy,
  newestTaggedImage,
  putLifecyclePolicy,
  type RepositoryInfo
} from '../aws/ecr.js'
import { InputError } from '../common/parse.js'
import {
  type BuildPlan,
  type BuildRequest,
  buildxBuildCommand,
  detectBuilder,
  type DockerExec,
  dockerBuildCommand,
  login,
  parseMetadataDigest,
  planBuild,
  push,
  readRepoDigest,
  runOrThrow,
  type SecretFile
} from './docker.js'
import { STATE_REGISTRY } from './cleanup.js'
import { createDeps } from './deps.js'
import { CACHE_TAG, INPUTS, OUTPUTS, readInputs, type Settings } from './inputs.js'
import { imageLabels } from './labels.js'
import { type BuildOutcome, writeFailureSummary, writeSummary } from './summary.js'

/** Everything the action does to the outside world, built in one place (deps.ts). */
export interface Deps {
  readonly resolveCredentials: (
    settings: CredentialSettings
  ) => Promise<AwsCredentialIdentity | undefined>
  readonly ecr: (region: string, credentials: AwsCredentialIdentity | undefined) => EcrSender
  readonly docker: DockerExec
  readonly now: () => Date
  readonly sleep: (ms: number) => Promise<void>
  /** A folder for short-lived files (build secrets, buildx metadata): RUNNER_TEMP. */
  readonly tempRoot: string
  readonly loginAttempts?: number
}

export async function run(deps?: Deps): Promise<void> {
  let repository = ''
  try {
    const d = deps ?? createDeps()
    const settings = await core.group('Inputs', async () => readInputs())
    repository = settings.repository
    const result = await buildAndPush(settings, d)
    setOutputs(result)
    await writeSummary(result)
  } catch (error) {
    // core.setFailed, with a title on the annotation.
    const message = error instanceof Error ? error.message : String(error)
    const title =
      error instanceof InputError ? `Invalid input: ${error.input}` : 'Build and push failed'
    await writeFailureSummary(repository, message)
    core.error(message, { title })
    process.exitCode = core.ExitCode.Failure
  }
}

export async function buildAndPush(settings: Settings, deps: Deps): Promise<BuildOutcome> {
  const primary = settings.tags[0] as string
  const credentials = await core.group('AWS credentials', () =>
    deps.resolveCredentials(settings.credentials)
  )
  const ecr = deps.ecr(settings.credentials.region, credentials)

  // Read-only look-ups first: the repository, and the image when it may be skipped.
  const found = await core.group(`ECR repository ${settings.repository}`, async () => {
    const repo = await describeRepository(ecr, settings.repository)
    core.info(
      repo
        ? `Repository ${repo.uri} exists.`
        : `Repository ${settings.repository} does not exist yet.`
    )
    let existing: ImageInfo | undefined
    if (repo && settings.skipExisting) {
      existing = await describeImageByTag(ecr, settings.repository, primary)
      core.info(
        existing
          ? `${repo.uri}:${primary} already exists (${existing.digest}).`
          : `${repo.uri}:${primary} does not exist yet: building it.`
      )
    }
    return { repo, existing }
  })
  if (found.repo && found.existing) return skipped(settings, found.repo, found.existing)

  // Validate what the machine can do before anything is written to AWS.
  const plan = await core.group('Docker builder', async () => {
    const builder = await detectBuilder(deps.docker)
    const p = planBuild(
      {
        cache: settings.cache,
        platforms: settings.platforms,
        repositoryMutability: found.repo?.mutability ?? settings.imageTagMutability
      },
      builder
    )
    core.info(
      builder.buildx
        ? `docker buildx (driver: ${builder.driver || 'unknown'}), cache: ${p.cache}.`
        : `No docker buildx: docker build with BuildKit, cache: ${p.cache}.`
    )
    for (const note of p.notes) core.warning(note)
    return p
  })

  let repo = found.repo
  let repositoryCreated = false
  if (!repo && settings.push) {
    if (!settings.createRepository) {
      throw new Error(
        `The ECR repository ${settings.repository} does not exist in ${settings.credentials.region} ` +
          `and ${INPUTS.createRepository} is false. Create it, or set ${INPUTS.createRepository}: true.`
      )
    }
    repo = await core.group(`Create ECR repository ${settings.repository}`, async () => {
      const created = await createRepository(ecr, {
        name: settings.repository,
        mutability: settings.imageTagMutability,
        scanOnPush: settings.scanOnPush
      })
      repositoryCreated = created.created
      core.info(
        created.created
          ? `Created ${created.repository.uri} (tags ${settings.imageTagMutability}, scan on push ${settings.scanOnPush}).`
          : `${created.repository.uri} was created meanwhile by someone else; using it.`
      )
      if (created.created && settings.keepImages > 0) {
        await putLifecyclePolicy(
          ecr,
          settings.repository,
          keepNewestImagesPolicy(settings.keepImages)
        )
        core.info(`Lifecycle policy: keep the newest ${settings.keepImages} images.`)
      }
      return created.repository
    })
  }

  const auth = await core.group('Log in to ECR', async () => {
    const a = await getAuthorization(ecr)
    core.setSecret(a.password)
    core.setSecret(Buffer.from(`${a.username}:${a.password}`).toString('base64'))
    await login(
      deps.docker,
      { registry: a.registry, username: a.username, password: a.password },
      { attempts: deps.loginAttempts ?? 4, sleep: deps.sleep, log: core.info }
    )
    core.saveState(STATE_REGISTRY, a.registry)
    return a
  })

  const registry = repo?.registry ?? auth.registry
  const uri = repo?.uri ?? `${registry}/${settings.repository}`
  let cacheFrom = ''
  if (plan.cache === 'inline' && found.repo) {
    const newest = await newestTaggedImage(ecr, settings.repository, [CACHE_TAG])
    if (newest) cacheFrom = `${uri}@${newest.digest}`
  }

  const started = deps.now()
  const digest = await core.group(`Build ${uri}:${primary}`, () =>
    build(settings, deps, plan, uri, cacheFrom, started)
  )
  const buildSeconds = (deps.now().getTime() - started.getTime()) / 1000
  return {
    outcome: 'built',
    repository: settings.repository,
    registry,
    image: digest ? `${uri}@${digest}` : '',
    taggedImage: `${uri}:${primary}`,
    digest: digest ?? '',
    tags: settings.tags,
    pushed: settings.push,
    buildSeconds,
    tool: plan.tool,
    cache: plan.cache,
    repositoryCreated
  }
}

/** Builds (and pushes, when asked) and returns the pushed digest. */
async function build(
  settings: Settings,
  deps: Deps,
  plan: BuildPlan,
  uri: string,
  cacheFrom: string,
  created: Date
): Promise<string | undefined> {
  const dir = mkdtempSync(join(deps.tempRoot, 'build-push-'))
  try {
    const secrets: SecretFile[] = settings.secrets.map((s, i) => {
      const path = join(dir, `secret-${i}`)
      writeFileSync(path, s.value, { mode: 0o600 })
      return { id: s.key, path }
    })
    const request: BuildRequest = {
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
    const primaryRef = request.tags[0] as string
    if (plan.tool === 'buildx') {
      await runOrThrow(deps.docker, buildxBuildCommand(request), 'docker buildx build')
      if (!settings.push) return undefined
      const digest = parseMetadataDigest(readText(request.metadataFile))
      if (!digest)
        throw new Error('docker buildx build pushed, but wrote no containerimage.digest.')
      return digest
    }
    await runOrThrow(deps.docker, dockerBuildCommand(request), 'docker build')
    if (!settings.push) return undefined
    let digest: string | undefined
    for (const ref of request.tags) {
      const pushed = await push(deps.docker, ref)
      if (ref === primaryRef) digest = pushed
    }
    digest ??= await readRepoDigest(deps.docker, primaryRef, uri)
    if (!digest) throw new Error(`Pushed ${primaryRef}, but could not read its digest back.`)
    return digest
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function skipped(settings: Settings, repo: RepositoryInfo, image: ImageInfo): BuildOutcome {
  const present = settings.tags.filter(t => image.tags.includes(t))
  const missing = settings.tags.filter(t => !image.tags.includes(t))
  core.info(`Skipping the build: ${repo.uri}@${image.digest} is already in ECR (skip-existing).`)
  if (missing.length > 0) {
    core.warning(
      `skip-existing: ${repo.uri}:${settings.tags[0]} exists, so nothing was built or pushed; ` +
        `the tags ${missing.join(', ')} were not added to it.`
    )
  }
  return {
    outcome: 'skipped',
    repository: settings.repository,
    registry: repo.registry,
    image: `${repo.uri}@${image.digest}`,
    taggedImage: `${repo.uri}:${settings.tags[0]}`,
    digest: image.digest,
    tags: present,
    pushed: false,
    buildSeconds: 0,
    repositoryCreated: false
  }
}

function setOutputs(result: BuildOutcome): void {
  core.setOutput(OUTPUTS.image, result.image)
  core.setOutput(OUTPUTS.taggedImage, result.taggedImage)
  core.setOutput(OUTPUTS.digest, result.digest)
  core.setOutput(OUTPUTS.registry, result.registry)
  core.setOutput(OUTPUTS.tags, result.tags.join('\n'))
  core.setOutput(OUTPUTS.built, String(result.outcome === 'built'))
  core.info(
    result.outcome === 'built'
      ? `Built ${result.image || result.taggedImage} in ${result.buildSeconds.toFixed(1)} s.`
      : `Using the existing ${result.image}.`
  )
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}
