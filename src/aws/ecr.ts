import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  type DescribeImagesCommandOutput,
  DescribeRepositoriesCommand,
  type ECRClient,
  GetAuthorizationTokenCommand,
  type ImageDetail,
  PutLifecyclePolicyCommand,
  type Repository
} from '@aws-sdk/client-ecr'

/** What these wrappers need of an ECR client: its send (an ECRClient, or a mock of one). */
export type EcrSender = Pick<ECRClient, 'send'>

export type TagMutability = 'MUTABLE' | 'IMMUTABLE'

export interface RepositoryInfo {
  readonly name: string
  /** registry/name, for example 123456789012.dkr.ecr.us-east-1.amazonaws.com/megilance-backend */
  readonly uri: string
  /** The registry host part of the uri. */
  readonly registry: string
  readonly registryId: string
  readonly mutability: string
}

export interface ImageInfo {
  readonly digest: string
  readonly tags: readonly string[]
  readonly pushedAt?: Date
}

export interface RegistryAuthorization {
  readonly username: string
  readonly password: string
  /** The registry to log in to, without scheme: 123456789012.dkr.ecr.us-east-1.amazonaws.com */
  readonly registry: string
  readonly expiresAt?: Date
}

/** The repository, or undefined when ECR says it does not exist. */
export async function describeRepository(
  ecr: EcrSender,
  name: string
): Promise<RepositoryInfo | undefined> {
  try {
    const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))
    const repo = out.repositories?.[0]
    return repo ? toRepositoryInfo(repo) : undefined
  } catch (error) {
    if (errorName(error) === 'RepositoryNotFoundException') return undefined
    throw error
  }
}

export interface CreateRepositoryRequest {
  readonly name: string
  readonly mutability: TagMutability
  readonly scanOnPush: boolean
}

/**
 * Creates the repository. When another job created it a moment earlier
 * (RepositoryAlreadyExistsException), the existing one is returned with `created: false`.
 */
export async function createRepository(
  ecr: EcrSender,
  request: CreateRepositoryRequest
): Promise<{ repository: RepositoryInfo; created: boolean }> {
  try {
    const out = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: request.name,
        imageTagMutability: request.mutability,
        imageScanningConfiguration: { scanOnPush: request.scanOnPush }
      })
    )
    if (!out.repository) throw new Error(`ECR returned no repository for ${request.name}.`)
    return { repository: toRepositoryInfo(out.repository), created: true }
  } catch (error) {
    if (errorName(error) !== 'RepositoryAlreadyExistsException') throw error
    const existing = await describeRepository(ecr, request.name)
    if (!existing) throw error
    return { repository: existing, created: false }
  }
}

export async function putLifecyclePolicy(
  ecr: EcrSender,
  name: string,
  policyText: string
): Promise<void> {
  await ecr.send(
    new PutLifecyclePolicyCommand({ repositoryName: name, lifecyclePolicyText: policyText })
  )
}

/** The lifecycle policy that expires all but the newest `count` images, tagged or not. */
export function keepNewestImagesPolicy(count: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the newest ${count} images`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: count },
        action: { type: 'expire' }
      }
    ]
  })
}

/** The image carrying `tag`, or undefined when there is none (or no repository). */
export async function describeImageByTag(
  ecr: EcrSender,
  repository: string,
  tag: string
): Promise<ImageInfo | undefined> {
  try {
    const out = await ecr.send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] })
    )
    const detail = out.imageDetails?.find(d => d.imageDigest)
    return detail ? toImageInfo(detail) : undefined
  } catch (error) {
    const name = errorName(error)
    if (name === 'ImageNotFoundException' || name === 'RepositoryNotFoundException') {
      return undefined
    }
    throw error
  }
}

/**
 * The most recently pushed tagged image, skipping images whose only tags are in `exclude`
 * (such as a build cache tag). Reads at most `maxPages` pages of 1000 images.
 */
export async function newestTaggedImage(
  ecr: EcrSender,
  repository: string,
  exclude: readonly string[] = [],
  maxPages = 10
): Promise<ImageInfo | undefined> {
  let newest: ImageInfo | undefined
  let nextToken: string | undefined
  for (let page = 0; page < maxPages; page++) {
    let out: DescribeImagesCommandOutput
    try {
      out = await ecr.send(
        new DescribeImagesCommand({
          repositoryName: repository,
          filter: { tagStatus: 'TAGGED' },
          maxResults: 1000,
          ...(nextToken ? { nextToken } : {})
        })
      )
    } catch (error) {
      if (errorName(error) === 'RepositoryNotFoundException') return undefined
      throw error
    }
    for (const detail of out.imageDetails ?? []) {
      if (!detail.imageDigest) continue
      const tags = detail.imageTags ?? []
      if (tags.length === 0 || tags.every(t => exclude.includes(t))) continue
      const image = toImageInfo(detail)
      if (!newest || time(image) > time(newest)) newest = image
    }
    nextToken = out.nextToken
    if (!nextToken) break
  }
  return newest
}

/** A registry login from GetAuthorizationToken: base64("AWS:<password>") and the endpoint. */
export async function getAuthorization(ecr: EcrSender): Promise<RegistryAuthorization> {
  const out = await ecr.send(new GetAuthorizationTokenCommand({}))
  const data = out.authorizationData?.[0]
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new Error('ECR GetAuthorizationToken returned no authorization data.')
  }
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) throw new Error('ECR returned an authorization token that is not user:password.')
  return {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    registry: registryHost(data.proxyEndpoint),
    ...(data.expiresAt ? { expiresAt: data.expiresAt } : {})
  }
}

/** The host[:port] of an endpoint or image reference: https://host/ → host, host/repo → host. */
export function registryHost(endpointOrUri: string): string {
  const withoutScheme = endpointOrUri.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
  const slash = withoutScheme.indexOf('/')
  return slash === -1 ? withoutScheme : withoutScheme.slice(0, slash)
}

function toRepositoryInfo(repo: Repository): RepositoryInfo {
  const name = repo.repositoryName ?? ''
  const uri = repo.repositoryUri ?? ''
  return {
    name,
    uri,
    registry: registryHost(uri),
    registryId: repo.registryId ?? '',
    mutability: repo.imageTagMutability ?? 'MUTABLE'
  }
}

function toImageInfo(detail: ImageDetail): ImageInfo {
  return {
    digest: detail.imageDigest ?? '',
    tags: detail.imageTags ?? [],
    ...(detail.imagePushedAt ? { pushedAt: detail.imagePushedAt } : {})
  }
}

const time = (image: ImageInfo): number => image.pushedAt?.getTime() ?? 0

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : ''
}
