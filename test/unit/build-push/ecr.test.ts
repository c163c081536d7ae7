import { describe, expect, it } from '@jest/globals'
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException
} from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import {
  createRepository,
  describeImageByTag,
  describeRepository,
  getAuthorization,
  keepNewestImagesPolicy,
  newestTaggedImage,
  registryHost
} from '../../../src/aws/ecr.js'

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
    const client = new ECRClient({ region: 'eu-west-1' })
    await expect(describeRepository(client, 'team/app')).resolves.toEqual({
      name: 'team/app',
      uri: URI,
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      registryId: '123456789012',
      mutability: 'IMMUTABLE'
    })
    await expect(describeRepository(client, 'nope')).resolves.toBeUndefined()
  })

  it('uses a repository another job created meanwhile', async () => {
    const ecr = mockClient(ECRClient)
    ecr
      .on(CreateRepositoryCommand)
      .rejects(new RepositoryAlreadyExistsException({ message: 'x', ...meta }))
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [repo] })
    const result = await createRepository(new ECRClient({ region: 'eu-west-1' }), {
      name: 'team/app',
      mutability: 'IMMUTABLE',
      scanOnPush: false
    })
    expect(result).toMatchObject({ created: false, repository: { uri: URI } })
  })

  it('finds an image by tag, or undefined', async () => {
    const ecr = mockClient(ECRClient)
    ecr.on(DescribeImagesCommand, { imageIds: [{ imageTag: 'v1' }] }).resolves({
      imageDetails: [{ imageDigest: 'sha256:1', imageTags: ['v1', 'latest'] }]
    })
    ecr
      .on(DescribeImagesCommand, { imageIds: [{ imageTag: 'v2' }] })
      .rejects(new ImageNotFoundException({ message: 'x', ...meta }))
    const client = new ECRClient({ region: 'eu-west-1' })
    await expect(describeImageByTag(client, 'team/app', 'v1')).resolves.toEqual({
      digest: 'sha256:1',
      tags: ['v1', 'latest']
    })
    await expect(describeImageByTag(client, 'team/app', 'v2')).resolves.toBeUndefined()
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
    const newest = await newestTaggedImage(new ECRClient({ region: 'eu-west-1' }), 'team/app', [
      'buildcache'
    ])
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
    await expect(getAuthorization(new ECRClient({ region: 'eu-west-1' }))).resolves.toEqual({
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
