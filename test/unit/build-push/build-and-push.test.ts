import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EcrApi } from '../../../src/aws/ecr.js'
import { buildAndPush } from '../../../src/build-push/build-and-push.js'
import type { Deps } from '../../../src/build-push/deps.js'
import { readSettings } from '../../../src/build-push/settings.js'
import { diskFiles } from '../../../src/shared/files.js'
import { DIGEST, type FakeDocker, fakeDocker } from '../../support/fakes/fake-docker.js'
import { recordingLog } from '../../support/recording-log.js'

/*
 * The engine on its own deps, with no runner at all: what a front end hands in (ECR, docker, a
 * log, a clock, masking, where the login is remembered) and the Report it gets back.
 */

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const URI = `${REGISTRY}/megilance-backend`
const SHA = '0123456789abcdef0123456789abcdef01234567'
const OLD_DIGEST = `sha256:${'0f'.repeat(32)}`

const ecr = mockClient(ECRClient)
let cwd: string
let configLabels: Record<string, string> = {}
const CONFIG = `sha256:${'c0'.repeat(32)}`
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: CONFIG, size: 1 }
})

beforeEach(() => {
  ecr.reset()
  configLabels = {}
  cwd = mkdtempSync(join(tmpdir(), 'build-push-engine-'))
  mkdirSync(join(cwd, 'backend'))
  writeFileSync(join(cwd, 'backend', 'Dockerfile'), 'FROM scratch\n')
})
afterEach(() => rmSync(cwd, { recursive: true, force: true }))

const settings = () =>
  readSettings(
    name =>
      ({ 'aws-region': 'us-east-1', repository: 'megilance-backend', context: 'backend' })[name] ??
      '',
    { GITHUB_SHA: SHA, GITHUB_REPOSITORY: 'megilance/megilance' },
    diskFiles,
    cwd
  )

function deps(docker: FakeDocker) {
  const { seen, log } = recordingLog()
  const masked: string[] = []
  const saved: string[] = []
  let t = Date.parse('2026-11-25T10:00:00Z')
  const engineDeps: Deps = {
    // The image config behind a pre-signed layer URL: its labels.
    ecr: new EcrApi(new ECRClient({ region: 'us-east-1' }), async () =>
      JSON.stringify({ config: { Labels: configLabels } })
    ),
    docker: docker.exec,
    log,
    now: () => (t += 1500),
    sleep: async () => undefined,
    setSecret: value => void masked.push(value),
    saveRegistry: registry => void saved.push(registry),
    tempDir: cwd,
    files: diskFiles
  }
  return { engineDeps, seen, masked, saved }
}

describe('buildAndPush', () => {
  it("reuses this commit's image: a skipped report, nothing run, nothing saved", async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({
      repositories: [
        { repositoryName: 'megilance-backend', repositoryUri: URI, imageTagMutability: 'IMMUTABLE' }
      ]
    })
    ecr.on(BatchGetImageCommand).resolves({
      images: [{ imageId: { imageTag: SHA, imageDigest: OLD_DIGEST }, imageManifest: MANIFEST }]
    })
    ecr.on(GetDownloadUrlForLayerCommand, { layerDigest: CONFIG }).resolves({
      downloadUrl: 'https://layer-bucket.s3.example/config'
    })
    configLabels = { 'org.opencontainers.image.revision': SHA }
    const docker = fakeDocker()
    const { engineDeps, saved } = deps(docker)

    const report = await buildAndPush(settings(), engineDeps)

    expect(report).toMatchObject({
      outcome: 'skipped',
      image: `${URI}@${OLD_DIGEST}`,
      taggedImage: `${URI}:${SHA}`,
      registry: REGISTRY,
      tags: [SHA],
      pushed: false
    })
    expect(docker.calls).toEqual([])
    expect(saved).toEqual([])
  })

  it('builds and pushes: the password masked, the registry saved for the post step', async () => {
    ecr
      .on(DescribeRepositoriesCommand)
      .rejects(new RepositoryNotFoundException({ message: 'not found', $metadata: {} }))
    ecr.on(CreateRepositoryCommand).resolves({
      repository: { repositoryName: 'megilance-backend', repositoryUri: URI }
    })
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from('AWS:pw').toString('base64'),
          proxyEndpoint: `https://${REGISTRY}`
        }
      ]
    })
    const docker = fakeDocker()
    const { engineDeps, seen, masked, saved } = deps(docker)

    const report = await buildAndPush(settings(), engineDeps)

    expect(report).toMatchObject({
      outcome: 'built',
      image: `${URI}@${DIGEST}`,
      digest: DIGEST,
      tool: 'docker',
      cache: 'inline',
      repositoryCreated: true,
      buildSeconds: 1.5
    })
    expect(masked).toEqual(['pw', Buffer.from('AWS:pw').toString('base64')])
    expect(saved).toEqual([REGISTRY])
    expect(docker.commands()).toContain(`push ${URI}:${SHA}`)
    expect(seen).toContain(`info Logged in to ${REGISTRY}.`)
  })
})
