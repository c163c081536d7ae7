import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  PutLifecyclePolicyCommand,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from '../../../../src/actions/build-push/main.js'
import type { Runtime } from '../../../../src/actions/build-push/runtime.js'
import { DIGEST, type FakeDocker, fakeDocker } from '../../../support/fakes/fake-docker.js'
import { VirtualClock, fakeBuildRuntime } from '../../../support/fakes/fake-runtime.js'
import { type RunnerEnv, startRunnerEnv } from '../../../support/runner-env.js'

/*
 * action-build-push's main step in-process, against mocked ECR and a docker stand-in: what a user
 * sees for a first build, skip-existing, the checks before the first write, bad input and failures
 * after the login. Over 250 lines: one describe per phase of the one step, sharing one set-up, read
 * top to bottom.
 */

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const URI = `${REGISTRY}/megilance-backend`
const PASSWORD = 'eyJwYXlsb2FkIjoiZWNyLXBhc3N3b3JkIn0-very-secret'
const SHA = '0123456789abcdef0123456789abcdef01234567'
const OLD_DIGEST = `sha256:${'0f'.repeat(32)}`
/** GITHUB_RUN_ID of the step's environment. */
const THIS_RUN = '4242'

const ecr = mockClient(ECRClient)
let workspace: string
let runner: RunnerEnv | undefined

beforeEach(() => {
  ecr.reset()
  workspace = mkdtempSync(join(tmpdir(), 'build-push-ws-'))
  mkdirSync(join(workspace, 'backend'))
  writeFileSync(join(workspace, 'backend', 'Dockerfile'), 'FROM scratch\n')
})

afterEach(() => {
  runner?.close()
  runner = undefined
  rmSync(workspace, { recursive: true, force: true })
  process.exitCode = undefined
})

function start(inputs: Record<string, string> = {}): RunnerEnv {
  runner = startRunnerEnv(
    {
      'aws-region': 'us-east-1',
      repository: 'megilance-backend',
      context: join(workspace, 'backend'),
      'image-tag-mutability': 'MUTABLE',
      ...inputs
    },
    {
      GITHUB_SHA: SHA,
      GITHUB_REPOSITORY: 'megilance/megilance',
      GITHUB_RUN_ID: THIS_RUN,
      GITHUB_SERVER_URL: 'https://github.com'
    }
  )
  return runner
}

/** A clock that moves on 42 s each time it is read. */
class Ticking extends VirtualClock {
  override t = Date.parse('2026-11-25T10:00:00Z')
  override now = () => (this.t += 42_000)
}

function deps(docker: FakeDocker, idTokens: string[] = []): Runtime {
  return fakeBuildRuntime(docker.exec, workspace, { clock: new Ticking(), idTokens })
}

const repository = (mutability = 'MUTABLE') => ({
  repositoryName: 'megilance-backend',
  repositoryUri: URI,
  registryId: '123456789012',
  imageTagMutability: mutability as 'MUTABLE'
})

function authorizes(): void {
  ecr.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [
      {
        authorizationToken: Buffer.from(`AWS:${PASSWORD}`).toString('base64'),
        proxyEndpoint: `https://${REGISTRY}`,
        expiresAt: new Date('2026-11-25T22:00:00Z')
      }
    ]
  })
}

function repositoryMissing(): void {
  ecr
    .on(DescribeRepositoriesCommand)
    .rejects(new RepositoryNotFoundException({ message: 'not found', $metadata: {} }))
  ecr.on(CreateRepositoryCommand).resolves({ repository: repository() })
}

function imageMissing(): void {
  ecr.on(BatchGetImageCommand).resolves({
    images: [],
    failures: [
      { imageId: { imageTag: SHA }, failureCode: 'ImageNotFound', failureReason: 'not found' }
    ]
  })
  ecr.on(DescribeImagesCommand, { filter: { tagStatus: 'TAGGED' } }).resolves({ imageDetails: [] })
}

function repositoryExists(mutability = 'MUTABLE'): void {
  ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [repository(mutability)] })
}

function expectNoEcrWrites(): void {
  expect(ecr).not.toHaveReceivedCommand(CreateRepositoryCommand)
  expect(ecr).not.toHaveReceivedCommand(PutLifecyclePolicyCommand)
}

describe('a first build: repository created, image built, pushed and read back by digest', () => {
  it('creates the repository with the lifecycle rule, logs in, builds, pushes every tag', async () => {
    repositoryMissing()
    authorizes()
    const env = start({ tags: `${SHA}\nlatest`, 'keep-images': '30', 'scan-on-push': 'true' })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(env.log()).not.toContain('::error')
    expect(process.exitCode).toBeUndefined()
    expect(ecr).toHaveReceivedCommandWith(CreateRepositoryCommand, {
      repositoryName: 'megilance-backend',
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: true }
    })
    const policy = ecr.commandCalls(PutLifecyclePolicyCommand)[0]?.args[0].input
    expect(policy?.repositoryName).toBe('megilance-backend')
    expect(JSON.parse(policy?.lifecyclePolicyText ?? '{}')).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: 'Keep the newest 30 images',
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
          action: { type: 'expire' }
        }
      ]
    })
    // A new repository holds no image to skip to or take a cache from.
    expect(ecr).not.toHaveReceivedCommand(DescribeImagesCommand)
    expect(ecr).not.toHaveReceivedCommand(BatchGetImageCommand)

    expect(docker.commands()).toEqual([
      'buildx version',
      `login --username AWS --password-stdin ${REGISTRY}`,
      expect.stringMatching(/^build --file .*backend\/Dockerfile --tag /),
      `push ${URI}:${SHA}`,
      `push ${URI}:latest`
    ])
    const build = docker.calls[2]
    expect(build?.env).toEqual({ DOCKER_BUILDKIT: '1' })
    expect(build?.args).toEqual([
      'build',
      '--file',
      join(workspace, 'backend', 'Dockerfile'),
      '--tag',
      `${URI}:${SHA}`,
      '--tag',
      `${URI}:latest`,
      '--label',
      'org.opencontainers.image.created=2026-11-25T10:00:42.000Z',
      '--label',
      'org.opencontainers.image.source=https://github.com/megilance/megilance',
      '--label',
      `org.opencontainers.image.revision=${SHA}`,
      '--label',
      `ecs-deploy-actions.run-id=${THIS_RUN}`,
      '--build-arg',
      'BUILDKIT_INLINE_CACHE=1',
      '--progress',
      'plain',
      join(workspace, 'backend')
    ])

    expect(env.outputs()).toEqual({
      image: `${URI}@${DIGEST}`,
      'tagged-image': `${URI}:${SHA}`,
      digest: DIGEST,
      registry: REGISTRY,
      tags: `${SHA}\nlatest`,
      built: 'true'
    })
    expect(env.state()).toEqual({ registry: REGISTRY })
    const summary = env.summary()
    expect(summary).toContain(`\`${URI}@${DIGEST}\``)
    expect(summary).toContain(`\`${SHA}\` \`latest\``)
    expect(summary).toContain('built and pushed')
    expect(summary).toContain('42.0 s')
    expect(summary).toContain('created `megilance-backend`')
  })

  it('never puts the password on argv or in a log line; it is masked first', async () => {
    repositoryMissing()
    authorizes()
    const env = start()
    const docker = fakeDocker({
      logins: [{ exitCode: 1, stdout: '', stderr: 'net/http: TLS handshake timeout' }]
    })
    await run(deps(docker))

    expect(env.log()).not.toContain('::error')
    expect(process.exitCode).toBeUndefined()
    const logins = docker.calls.filter(c => c.args[0] === 'login')
    expect(logins).toHaveLength(2)
    for (const call of docker.calls) {
      expect(call.args.join(' ')).not.toContain(PASSWORD)
      expect(JSON.stringify(call.env ?? {})).not.toContain(PASSWORD)
    }
    expect(logins.map(c => c.input)).toEqual([PASSWORD, PASSWORD])
    const log = env.log()
    const mask = log.indexOf(`::add-mask::${PASSWORD}`)
    expect(mask).toBeGreaterThanOrEqual(0)
    expect(mask).toBeLessThan(log.indexOf('docker login failed'))
    const lines = log.split('\n').filter(l => l.includes(PASSWORD))
    expect(lines).toEqual([`::add-mask::${PASSWORD}`])
    expect(
      env.summary() + JSON.stringify(env.outputs()) + JSON.stringify(env.state())
    ).not.toContain(PASSWORD)
  })

  it('takes the inline cache from the newest pushed image of an existing repository', async () => {
    repositoryExists()
    authorizes()
    imageMissing()
    ecr.on(DescribeImagesCommand, { filter: { tagStatus: 'TAGGED' } }).resolves({
      imageDetails: [
        { imageDigest: OLD_DIGEST, imageTags: ['v1'], imagePushedAt: new Date('2026-11-01') },
        {
          imageDigest: `sha256:${'11'.repeat(32)}`,
          imageTags: ['buildcache'],
          imagePushedAt: new Date('2026-11-24')
        },
        {
          imageDigest: `sha256:${'22'.repeat(32)}`,
          imageTags: ['v2'],
          imagePushedAt: new Date('2026-11-20')
        }
      ]
    })
    const env = start({ 'create-repository': 'false' })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(env.log()).not.toContain('::error')
    expect(process.exitCode).toBeUndefined()
    expectNoEcrWrites()
    const build = docker.calls.find(c => c.args[0] === 'build')
    const at = build?.args.indexOf('--cache-from') ?? -1
    expect(build?.args[at + 1]).toBe(`${URI}@sha256:${'22'.repeat(32)}`)
    expect(env.outputs().built).toBe('true')
  })

  it('builds with buildx and an ECR registry cache, reading the digest from its metadata', async () => {
    repositoryExists()
    authorizes()
    imageMissing()
    const env = start({
      platforms: 'linux/amd64,linux/arm64',
      secrets: `npm_token=${'s3cr3t-npm'}`,
      'build-args': 'NODE_ENV=production'
    })
    const docker = fakeDocker({ buildx: true, driver: 'docker-container' })
    await run(deps(docker))

    expect(env.log()).not.toContain('::error')
    expect(process.exitCode).toBeUndefined()
    expect(docker.commands().map(c => c.split(' ').slice(0, 2).join(' '))).toEqual([
      'buildx version',
      'buildx inspect',
      'login --username',
      'buildx build'
    ])
    const args = docker.calls[3]?.args ?? []
    expect(args).toContain(`type=registry,ref=${URI}:buildcache`)
    expect(args).toContain(
      `type=registry,ref=${URI}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`
    )
    expect(args).toContain('--push')
    expect(args.join(' ')).not.toContain('s3cr3t-npm')
    expect(args.join(' ')).toMatch(/--secret id=npm_token,src=\S+secret-0/)
    expect(env.log()).toContain('::add-mask::s3cr3t-npm')
    expect(env.outputs().digest).toBe(DIGEST)
    // Secret files and metadata are removed after the build.
    expect(readdirSync(workspace).filter(f => f.startsWith('build-push-'))).toEqual([])
  })

  it('opens with the Inputs group (build secrets by id, build arguments by name), then AWS credentials', async () => {
    repositoryExists()
    authorizes()
    imageMissing()
    const env = start({ secrets: 'npm_token=s3cr3t-npm', 'build-args': 'NODE_ENV=production' })
    await run(deps(fakeDocker()))

    const log = env.log()
    expect(log).not.toContain('::error')
    const inputsAt = log.indexOf('::group::Inputs')
    const awsAt = log.indexOf('::group::AWS credentials')
    expect(inputsAt).toBeGreaterThanOrEqual(0)
    expect(awsAt).toBeGreaterThan(inputsAt)
    const inputs = log.slice(inputsAt, awsAt)
    expect(inputs).toContain('repository: megilance-backend')
    expect(inputs).toContain('secrets: npm_token\n')
    expect(inputs).toContain('buildArgs: NODE_ENV\n')
    expect(inputs).not.toContain('production')
    expect(log.split('\n').filter(l => l.includes('s3cr3t-npm'))).toEqual([
      '::add-mask::s3cr3t-npm'
    ])
  })
})

const OTHER_SHA = 'fedcba9876543210fedcba9876543210fedcba98'
const CONFIG = `sha256:${'c0'.repeat(32)}`
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: CONFIG, size: 1 },
  layers: []
})

/** ECR answers BatchGetImage for these tags (the others: ImageNotFound). */
function tagsName(found: Record<string, string>, asked: readonly string[]): void {
  ecr.on(BatchGetImageCommand).resolves({
    images: Object.entries(found).map(([tag, digest]) => ({
      imageId: { imageTag: tag, imageDigest: digest },
      imageManifest: manifest,
      imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json'
    })),
    failures: asked
      .filter(t => !(t in found))
      .map(t => ({ imageId: { imageTag: t }, failureCode: 'ImageNotFound' as const }))
  })
}

/** The image config behind GetDownloadUrlForLayer carries these labels. */
function configLabels(labels: Record<string, string>): string[] {
  const fetched: string[] = []
  ecr
    .on(GetDownloadUrlForLayerCommand, { layerDigest: CONFIG })
    .resolves({ downloadUrl: 'https://prod-us-east-1-starport-layer-bucket.s3.example/config' })
  jest.spyOn(globalThis, 'fetch').mockImplementation(async url => {
    fetched.push(String(url))
    return new Response(JSON.stringify({ config: { Labels: labels } }))
  })
  return fetched
}

/** The image config behind GetDownloadUrlForLayer carries this revision label. */
function configRevision(revision: string): string[] {
  return configLabels({ 'org.opencontainers.image.revision': revision })
}

describe('skip-existing', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('a tag naming the commit, this commit in its label, pushed by this run: no docker command at all', async () => {
    repositoryExists()
    tagsName({ [SHA]: OLD_DIGEST }, [SHA, 'latest'])
    const fetched = configLabels({
      'org.opencontainers.image.revision': SHA,
      'ecs-deploy-actions.run-id': THIS_RUN
    })
    const env = start({ tags: `${SHA}\nlatest` })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(env.log()).not.toContain('::error')
    expect(process.exitCode).toBeUndefined()
    expect(docker.calls).toEqual([])
    expect(ecr).not.toHaveReceivedCommand(GetAuthorizationTokenCommand)
    expect(fetched).toHaveLength(1)
    expect(ecr).toHaveReceivedCommandWith(BatchGetImageCommand, {
      repositoryName: 'megilance-backend',
      imageIds: [{ imageTag: SHA }, { imageTag: 'latest' }]
    })
    expectNoEcrWrites()
    expect(env.outputs()).toEqual({
      image: `${URI}@${OLD_DIGEST}`,
      'tagged-image': `${URI}:${SHA}`,
      digest: OLD_DIGEST,
      registry: REGISTRY,
      tags: SHA,
      built: 'false'
    })
    expect(env.state()).toEqual({})
    expect(env.log()).toMatch(/::warning::skip-existing: .* the tags latest were not added/)
    expect(env.log()).toContain(
      `Reusing ${URI}@${OLD_DIGEST}: ${SHA} names ${OLD_DIGEST}, whose tag and org.opencontainers.image.revision label both name this commit, pushed by this run (${THIS_RUN}) (skip-existing).`
    )
    expect(env.summary()).toContain("skipped: this commit's image is already in ECR")
  })

  it('the same image in a repository with IMMUTABLE tags: reused whichever run pushed it', async () => {
    repositoryExists('IMMUTABLE')
    tagsName({ [SHA]: OLD_DIGEST }, [SHA])
    configRevision(SHA)
    const env = start({ tags: SHA })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(docker.calls).toEqual([])
    expect(env.outputs()).toMatchObject({ built: 'false', digest: OLD_DIGEST })
    expect(env.log()).toContain('in a repository with IMMUTABLE tags (skip-existing).')
  })

  it('a MUTABLE repository, the image pushed by another run: built and pushed again', async () => {
    repositoryExists()
    authorizes()
    tagsName({ [SHA]: OLD_DIGEST }, [SHA])
    configLabels({ 'org.opencontainers.image.revision': SHA, 'ecs-deploy-actions.run-id': '77' })
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [] })
    const env = start({ tags: SHA })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(env.log()).toContain(
      "Building: ${SHA} names ${OLD_DIGEST}, whose tag and org.opencontainers.image.revision label both name this commit, but the repository's tags are MUTABLE and run 77 pushed it: only an image this run pushed is reused there."
        .replace('${SHA}', SHA)
        .replace('${OLD_DIGEST}', OLD_DIGEST)
    )
    expect(docker.commands()).toContain(`push ${URI}:${SHA}`)
    expect(env.outputs()).toMatchObject({ built: 'true', digest: DIGEST })
    const build = docker.calls.find(c => c.args[0] === 'build')
    expect(build?.args).toContain(`ecs-deploy-actions.run-id=${THIS_RUN}`)
  })

  it("a moving tag naming another commit's image: built and pushed, its image not read", async () => {
    repositoryExists()
    authorizes()
    tagsName({ latest: OLD_DIGEST }, ['latest'])
    const fetched = configRevision(OTHER_SHA)
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [] })
    const env = start({ tags: 'latest' })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(env.log()).not.toContain('::error')
    expect(fetched).toHaveLength(0)
    expect(env.log()).toContain(
      `Building: no requested tag names commit ${SHA.slice(0, 12)} (latest names ${OLD_DIGEST}); only an image under such a tag is reused.`
    )
    expect(docker.commands()).toContain(`push ${URI}:latest`)
    expect(env.outputs()).toMatchObject({
      built: 'true',
      digest: DIGEST,
      image: `${URI}@${DIGEST}`
    })
  })

  it("a moving tag whose image carries this commit's label: built all the same", async () => {
    repositoryExists('IMMUTABLE')
    authorizes()
    tagsName({ latest: OLD_DIGEST }, ['latest'])
    configRevision(SHA)
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [] })
    const env = start({ tags: 'latest', push: 'false' })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(env.log()).not.toContain('::error')
    expect(docker.commands().some(c => c.startsWith('build '))).toBe(true)
    expect(env.outputs()).toMatchObject({ built: 'true' })
    expect(env.log()).toContain('only an image under such a tag is reused')
  })

  it('builds again when skip-existing is false, without asking for the tag', async () => {
    repositoryExists()
    authorizes()
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [] })
    const env = start({ 'skip-existing': 'false', cache: 'none' })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(env.log()).not.toContain('::error')
    expect(process.exitCode).toBeUndefined()
    expect(ecr).not.toHaveReceivedCommand(DescribeImagesCommand)
    expect(ecr).not.toHaveReceivedCommand(BatchGetImageCommand)
    expect(docker.commands()).toContain(`push ${URI}:${SHA}`)
    expect(env.outputs().built).toBe('true')
  })
})

describe('checks before the first write', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('an IMMUTABLE repository whose tag names another image: refused, nothing run', async () => {
    repositoryExists('IMMUTABLE')
    authorizes()
    tagsName({ latest: OLD_DIGEST }, [SHA, 'latest'])
    configRevision(OTHER_SHA)
    const env = start({ tags: `${SHA}\nlatest` })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(process.exitCode).toBe(1)
    expect(env.log()).toMatch(
      /::error title=Invalid input%3A tags::Input "tags": the repository megilance-backend has IMMUTABLE tags and "latest" already names sha256:0f0f/
    )
    expectNoEcrWrites()
    expect(ecr).not.toHaveReceivedCommand(GetAuthorizationTokenCommand)
    expect(docker.calls).toEqual([])
    expect(env.outputs()).toEqual({})
  })

  it('several platforms on the buildx "docker" driver: refused before the repository is created', async () => {
    repositoryMissing()
    authorizes()
    const env = start({ platforms: 'linux/amd64,linux/arm64' })
    const docker = fakeDocker({ buildx: true, driver: 'docker' })
    await run(deps(docker))

    expect(process.exitCode).toBe(1)
    expect(env.log()).toMatch(
      /::error title=Invalid input%3A platforms::Input "platforms": 2 platforms .* the buildx "docker" driver/
    )
    expectNoEcrWrites()
    expect(ecr).not.toHaveReceivedCommand(GetAuthorizationTokenCommand)
    expect(docker.commands()).toEqual(['buildx version', 'buildx inspect'])
  })
})

describe('bad input stops the step before any AWS write', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'missing context folder',
      { context: 'no-such-folder' },
      /Input "context": the build context folder "no-such-folder" does not exist/
    ],
    ['missing Dockerfile', { file: 'backend/Dockerfile.prod' }, /Input "file": the Dockerfile/],
    [
      'repository name ECR rejects',
      { repository: 'MegiLance_Backend' },
      /Input "repository": "MegiLance_Backend" is not a valid ECR repository name/
    ],
    [
      'repository given as an image URI',
      { repository: `${URI}:latest` },
      /Input "repository": .* is an image reference/
    ],
    ['invalid tag', { tags: 'release candidate' }, /Input "tags": "release candidate"/],
    ['a tag with a registry', { tags: `${URI}:v1` }, /Input "tags": .* is not a tag/],
    ['invalid platform', { platforms: 'amd64' }, /Input "platforms": "amd64" is not a platform/],
    ['unknown cache mode', { cache: 'gha' }, /Input "cache": "gha" is not one of auto/],
    ['negative keep-images', { 'keep-images': '-1' }, /Input "keep-images"/]
  ]
  it.each(cases)('%s', async (_name, inputs, message) => {
    const env = start({ 'role-to-assume': 'arn:aws:iam::123456789012:role/deploy', ...inputs })
    const docker = fakeDocker()
    const idTokens: string[] = []
    await run(deps(docker, idTokens))
    expect(process.exitCode).toBe(1)
    const log = env.log()
    expect(log).toMatch(message)
    expect(log).toMatch(/::error title=Invalid input%3A [a-z-]+::/)
    expect(ecr.calls()).toHaveLength(0)
    expect(idTokens).toHaveLength(0)
    expect(docker.calls).toEqual([])
    expect(env.outputs()).toEqual({})
  })

  it('several platforms without buildx: read-only look-ups only, then an error', async () => {
    repositoryMissing()
    authorizes()
    const env = start({ platforms: 'linux/amd64\nlinux/arm64' })
    const docker = fakeDocker({ buildx: false })
    await run(deps(docker))

    expect(process.exitCode).toBe(1)
    expect(env.log()).toMatch(
      /::error title=Invalid input%3A platforms::Input "platforms": 2 platforms/
    )
    expectNoEcrWrites()
    expect(ecr).not.toHaveReceivedCommand(GetAuthorizationTokenCommand)
    expect(docker.commands()).toEqual(['buildx version'])
  })

  it('a missing repository with create-repository false is a clear error', async () => {
    repositoryMissing()
    const env = start({ 'create-repository': 'false' })
    const docker = fakeDocker()
    await run(deps(docker))

    expect(process.exitCode).toBe(1)
    expect(env.log()).toMatch(
      /::error title=Build and push failed::The ECR repository megilance-backend does not exist in us-east-1 and create-repository is false/
    )
    expect(ecr).not.toHaveReceivedCommand(CreateRepositoryCommand)
    expect(docker.commands()).toEqual(['buildx version'])
    expect(env.summary()).toContain('Failed:')
  })
})

describe('failures after the login', () => {
  it('a failing build fails the step with the tail of its output', async () => {
    repositoryExists()
    authorizes()
    imageMissing()
    const env = start()
    const docker = fakeDocker({ buildExitCode: 1 })
    await run(deps(docker))

    expect(process.exitCode).toBe(1)
    expect(env.log()).toMatch(
      /::error title=Build and push failed::docker build failed \(exit code 1\): #5 ERROR: process/
    )
    expect(docker.commands().some(c => c.startsWith('push'))).toBe(false)
    expect(env.state()).toEqual({ registry: REGISTRY })
  })
})
