import { describe, expect, it } from '@jest/globals'
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { EcrApi, fetchLayerText } from '../../../src/aws/ecr.js'
import { keepNewestImagesPolicy, registryHost } from '../../../src/aws/ecr-images.js'

const URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app'
const repo = {
  repositoryName: 'team/app',
  repositoryUri: URI,
  registryId: '123456789012',
  imageTagMutability: 'IMMUTABLE' as const
}
const meta = { $metadata: {} }

describe('ECR wrapper', () => {
  it('describes a repository, or undefined when it does not exist', async () => {
    const ecr = mockClient(ECRClient)
    ecr
      .on(DescribeRepositoriesCommand, { repositoryNames: ['team/app'] })
      .resolves({ repositories: [repo] })
    ecr
      .on(DescribeRepositoriesCommand, { repositoryNames: ['nope'] })
      .rejects(new RepositoryNotFoundException({ message: 'x', ...meta }))
    const client = new EcrApi(new ECRClient({ region: 'eu-west-1' }))
    await expect(client.describeRepository('team/app')).resolves.toEqual({
      name: 'team/app',
      uri: URI,
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      registryId: '123456789012',
      mutability: 'IMMUTABLE'
    })
    await expect(client.describeRepository('nope')).resolves.toBeUndefined()
  })

  it('uses a repository another job created meanwhile', async () => {
    const ecr = mockClient(ECRClient)
    ecr
      .on(CreateRepositoryCommand)
      .rejects(new RepositoryAlreadyExistsException({ message: 'x', ...meta }))
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [repo] })
    const result = await new EcrApi(new ECRClient({ region: 'eu-west-1' })).createRepository({
      name: 'team/app',
      mutability: 'IMMUTABLE',
      scanOnPush: false
    })
    expect(result).toMatchObject({ created: false, repository: { uri: URI } })
  })

  it('finds the images tags name in one BatchGetImage; a missing tag is a failure, not an error', async () => {
    const ecr = mockClient(ECRClient)
    ecr.on(BatchGetImageCommand).resolves({
      images: [
        {
          imageId: { imageTag: 'v1', imageDigest: 'sha256:1' },
          imageManifest: '{}',
          imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json'
        }
      ],
      failures: [{ imageId: { imageTag: 'v2' }, failureCode: 'ImageNotFound' }]
    })
    const client = new EcrApi(new ECRClient({ region: 'eu-west-1' }))
    await expect(client.imagesByTag('team/app', ['v1', 'v2'])).resolves.toEqual([
      {
        tag: 'v1',
        digest: 'sha256:1',
        manifest: '{}',
        mediaType: 'application/vnd.oci.image.manifest.v1+json'
      }
    ])
    expect(ecr.commandCalls(BatchGetImageCommand)[0]?.args[0].input.imageIds).toEqual([
      { imageTag: 'v1' },
      { imageTag: 'v2' }
    ])
  })

  it('reads the revision label from the config blob, through the platform image of an index', async () => {
    const ecr = mockClient(ECRClient)
    const index = {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { digest: 'sha256:amd64', platform: { os: 'linux', architecture: 'amd64' } },
        { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } }
      ]
    }
    ecr.on(BatchGetImageCommand, { imageIds: [{ imageDigest: 'sha256:amd64' }] }).resolves({
      images: [{ imageManifest: JSON.stringify({ config: { digest: 'sha256:config' } }) }]
    })
    ecr
      .on(GetDownloadUrlForLayerCommand, { layerDigest: 'sha256:config' })
      .resolves({ downloadUrl: 'https://layers.example/config' })
    const asked: string[] = []
    const client = new EcrApi(new ECRClient({ region: 'eu-west-1' }), async url => {
      asked.push(url)
      return JSON.stringify({
        config: { Labels: { 'org.opencontainers.image.revision': 'abc123' } }
      })
    })
    const image = {
      tag: 'latest',
      digest: 'sha256:index',
      manifest: JSON.stringify(index),
      mediaType: index.mediaType
    }
    await expect(client.revisionLabel('team/app', image)).resolves.toBe('abc123')
    expect(asked).toEqual(['https://layers.example/config'])
  })

  it('finds the newest tagged image across pages, skipping the cache tag', async () => {
    const ecr = mockClient(ECRClient)
    ecr
      .on(DescribeImagesCommand)
      .resolvesOnce({
        imageDetails: [
          { imageDigest: 'sha256:old', imageTags: ['v1'], imagePushedAt: new Date('2026-01-01') },
          {
            imageDigest: 'sha256:cache',
            imageTags: ['buildcache'],
            imagePushedAt: new Date('2026-12-01')
          }
        ],
        nextToken: 'page2'
      })
      .resolvesOnce({
        imageDetails: [
          { imageDigest: 'sha256:new', imageTags: ['v2'], imagePushedAt: new Date('2026-06-01') }
        ]
      })
    const newest = await new EcrApi(new ECRClient({ region: 'eu-west-1' })).newestTaggedImage(
      'team/app',
      ['buildcache']
    )
    expect(newest?.digest).toBe('sha256:new')
    expect(ecr.commandCalls(DescribeImagesCommand)[1]?.args[0].input.nextToken).toBe('page2')
  })

  it('decodes the authorization token and strips the endpoint scheme', async () => {
    const ecr = mockClient(ECRClient)
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from('AWS:pa:ss').toString('base64'),
          proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com'
        }
      ]
    })
    await expect(
      new EcrApi(new ECRClient({ region: 'eu-west-1' })).getAuthorization()
    ).resolves.toEqual({
      username: 'AWS',
      password: 'pa:ss',
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
    })
  })

  it('extracts registry hosts', () => {
    expect(registryHost('https://host.example:5000/')).toBe('host.example:5000')
    expect(registryHost('http://127.0.0.1:5000')).toBe('127.0.0.1:5000')
    expect(registryHost(URI)).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com')
  })

  it('writes a keep-newest lifecycle policy', () => {
    expect(JSON.parse(keepNewestImagesPolicy(5)).rules[0].selection).toEqual({
      tagStatus: 'any',
      countType: 'imageCountMoreThan',
      countNumber: 5
    })
  })
})

describe('the GET of a pre-signed layer URL', () => {
  it('gives up after its timeout when the server never answers, and by a deadline', async () => {
    const { createServer } = await import('node:http')
    const { byDeadline, DeadlineReached } = await import('../../../src/aws/call-deadline.js')
    const server = createServer(request => request.resume())
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
    const address = server.address()
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/blob`
    try {
      const started = Date.now()
      await expect(fetchLayerText(150)(url)).rejects.toMatchObject({ name: 'TimeoutError' })
      expect(Date.now() - started).toBeLessThan(1_000)
      await expect(byDeadline(150, () => fetchLayerText(60_000)(url))).rejects.toBeInstanceOf(
        DeadlineReached
      )
    } finally {
      server.closeAllConnections()
      await new Promise(done => server.close(done))
    }
  })
})
