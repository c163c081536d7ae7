import type { Registry } from '../../harness/registry.js'
import { ACCOUNT, AwsError, REGION, asRecord, asString, asStrings, epoch } from '../wire.js'
import { EcrImages } from './images.js'

/*
 * Amazon ECR as the stand-in plays it, for the e2e suite and the integration tests alike:
 * repositories in memory; the authorization token logs in to the real local registry
 * (docker-registry with htpasswd), and DescribeImages, BatchGetImage and GetDownloadUrlForLayer
 * are answered from that registry's manifests, tags and blobs (images.ts). Without a registry (no
 * Docker here), repositories still exist but hold no images and no login can be given.
 */

interface RepositoryRecord {
  readonly name: string
  readonly mutability: string
  readonly scanOnPush: boolean
  readonly createdAt: number
  lifecyclePolicy?: string
}

type Operations = Record<
  string,
  (input: Record<string, unknown>) => Promise<Record<string, unknown>>
>

export class EcrModel {
  readonly repositories = new Map<string, RepositoryRecord>()
  /** Blobs fetched through a download URL, as repository@digest. */
  readonly downloads: string[]
  readonly operations: Operations
  private readonly images: EcrImages

  constructor(private readonly registry: Registry | undefined) {
    this.images = new EcrImages(registry, name => this.need(name))
    this.downloads = this.images.downloads
    this.operations = { ...this.repositoryOperations, ...this.images.operations }
  }

  /** Stops the blob server GetDownloadUrlForLayer's URLs point at, if one was started. */
  async close(): Promise<void> {
    await this.images.close()
  }

  /** host[:port] image references start with. */
  get registryHost(): string {
    return this.registry?.host ?? `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`
  }

  /** The base64 authorization token handed out (a secret: user:password). */
  get authorizationToken(): string | undefined {
    if (this.registry === undefined) return undefined
    return Buffer.from(`${this.registry.username}:${this.registry.password}`).toString('base64')
  }

  /** Repositories, their lifecycle policies, and the registry login. */
  private readonly repositoryOperations: Operations = {
    DescribeRepositories: async input => {
      const names = asStrings(input.repositoryNames)
      const list = names.length > 0 ? names.map(n => this.need(n)) : [...this.repositories.values()]
      return { repositories: list.map(r => this.describe(r)) }
    },
    CreateRepository: async input => {
      const name = asString(input.repositoryName)
      if (!/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name)) {
        throw new AwsError(
          'InvalidParameterException',
          `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`
        )
      }
      if (this.repositories.has(name)) {
        throw new AwsError(
          'RepositoryAlreadyExistsException',
          `The repository with name '${name}' already exists in the registry with id '${ACCOUNT}'`
        )
      }
      const scanning = asRecord(input.imageScanningConfiguration)
      const record: RepositoryRecord = {
        name,
        mutability: asString(input.imageTagMutability) || 'MUTABLE',
        scanOnPush: scanning.scanOnPush === true,
        createdAt: Date.now()
      }
      this.repositories.set(name, record)
      return { repository: this.describe(record) }
    },
    PutLifecyclePolicy: async input => {
      const repo = this.need(asString(input.repositoryName))
      repo.lifecyclePolicy = asString(input.lifecyclePolicyText)
      return {
        registryId: ACCOUNT,
        repositoryName: repo.name,
        lifecyclePolicyText: repo.lifecyclePolicy
      }
    },
    GetAuthorizationToken: async () => {
      const token = this.authorizationToken
      if (this.registry === undefined || token === undefined) {
        throw new AwsError(
          'ServerException',
          'stand-in: no registry is running here (Docker is not available), so there is no login.',
          500
        )
      }
      return {
        authorizationData: [
          {
            authorizationToken: token,
            expiresAt: epoch(Date.now() + 12 * 3600_000),
            proxyEndpoint: this.registry.url
          }
        ]
      }
    }
  }

  private need(name: string): RepositoryRecord {
    const repo = this.repositories.get(name)
    if (repo === undefined) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT}'`
      )
    }
    return repo
  }

  private describe(r: RepositoryRecord): Record<string, unknown> {
    return {
      repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${r.name}`,
      registryId: ACCOUNT,
      repositoryName: r.name,
      repositoryUri: `${this.registryHost}/${r.name}`,
      createdAt: epoch(r.createdAt),
      imageTagMutability: r.mutability,
      imageScanningConfiguration: { scanOnPush: r.scanOnPush },
      encryptionConfiguration: { encryptionType: 'AES256' }
    }
  }
}
