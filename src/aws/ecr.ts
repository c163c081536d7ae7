import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  type DescribeImagesCommandOutput,
  DescribeRepositoriesCommand,
  type ECRClient,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  type ImageDetail,
  PutLifecyclePolicyCommand,
  type Repository
} from '@aws-sdk/client-ecr'
import { errorName } from './errors.js'

/*
 * The ECR layer: EcrApi and the small pure helpers its answers need. Over 250 lines: the helpers
 * are kept with the class so the ECR layer is one file, as the ECS layer is.
 */

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

/** An image found under a tag: its digest and manifest, as BatchGetImage returns them. */
export interface TaggedImage {
  readonly tag: string
  readonly digest: string
  readonly manifest: string
  readonly mediaType: string
}

export interface RegistryAuthorization {
  readonly username: string
  readonly password: string
  /** The registry to log in to, without scheme: 123456789012.dkr.ecr.us-east-1.amazonaws.com */
  readonly registry: string
  readonly expiresAt?: Date
}

export interface CreateRepositoryRequest {
  readonly name: string
  readonly mutability: TagMutability
  readonly scanOnPush: boolean
}

/** Reads a URL's body as text (the pre-signed layer URL GetDownloadUrlForLayer returns). */
export type FetchText = (url: string) => Promise<string>

const fetchText: FetchText = async url => {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`GET of an ECR layer URL answered HTTP ${response.status}.`)
  return response.text()
}

/**
 * The manifest types asked of BatchGetImage: single-platform manifests (the API reference's
 * "Valid values": Docker v2 and OCI) and the indexes buildx pushes for several platforms or
 * with attestations.
 */
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json'
]

/** The label a build records its commit in (OCI image spec, annotations/labels). */
export const REVISION_LABEL = 'org.opencontainers.image.revision'

/**
 * Thin, typed wrapper on the ECR client, in the style of EcsApi (aws/ecs.ts): one method per
 * question the suite asks, each returning the part of the answer it uses.
 */
export class EcrApi {
  constructor(
    private readonly client: Pick<ECRClient, 'send'>,
    private readonly fetchText_: FetchText = fetchText
  ) {}

  /** The repository, or undefined when ECR says it does not exist. */
  async describeRepository(name: string): Promise<RepositoryInfo | undefined> {
    try {
      const out = await this.client.send(
        new DescribeRepositoriesCommand({ repositoryNames: [name] })
      )
      const repo = out.repositories?.[0]
      return repo ? toRepositoryInfo(repo) : undefined
    } catch (error) {
      if (errorName(error) === 'RepositoryNotFoundException') return undefined
      throw error
    }
  }

  /**
   * Creates the repository. When another job created it a moment earlier
   * (RepositoryAlreadyExistsException), the existing one is returned with `created: false`.
   */
  async createRepository(
    request: CreateRepositoryRequest
  ): Promise<{ repository: RepositoryInfo; created: boolean }> {
    try {
      const out = await this.client.send(
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
      const existing = await this.describeRepository(request.name)
      if (!existing) throw error
      return { repository: existing, created: false }
    }
  }

  async putLifecyclePolicy(name: string, policyText: string): Promise<void> {
    await this.client.send(
      new PutLifecyclePolicyCommand({ repositoryName: name, lifecyclePolicyText: policyText })
    )
  }

  /**
   * The images the tags name, one BatchGetImage call (at most 100 tags). A tag that names no
   * image is left out: BatchGetImage answers it in `failures` (ImageNotFound), not as an error.
   */
  async imagesByTag(repository: string, tags: readonly string[]): Promise<TaggedImage[]> {
    if (tags.length === 0) return []
    const out = await this.client.send(
      new BatchGetImageCommand({
        repositoryName: repository,
        imageIds: tags.slice(0, 100).map(imageTag => ({ imageTag })),
        acceptedMediaTypes: MANIFEST_TYPES
      })
    )
    const found: TaggedImage[] = []
    for (const image of out.images ?? []) {
      const tag = image.imageId?.imageTag
      const digest = image.imageId?.imageDigest
      if (tag === undefined || digest === undefined) continue
      found.push({
        tag,
        digest,
        manifest: image.imageManifest ?? '',
        mediaType: image.imageManifestMediaType ?? ''
      })
    }
    return found
  }

  /**
   * The image's org.opencontainers.image.revision label, read from its config blob: the manifest
   * (an index: its first platform image) names the config by digest, and
   * GetDownloadUrlForLayer gives "the pre-signed Amazon S3 download URL" of a blob "referenced
   * in an image". '' when the image carries no such label.
   */
  async revisionLabel(repository: string, image: TaggedImage): Promise<string> {
    let manifest = parseJson(image.manifest)
    const child = platformManifestDigest(manifest)
    if (child !== undefined) {
      const out = await this.client.send(
        new BatchGetImageCommand({
          repositoryName: repository,
          imageIds: [{ imageDigest: child }],
          acceptedMediaTypes: MANIFEST_TYPES
        })
      )
      manifest = parseJson(out.images?.[0]?.imageManifest ?? '')
    }
    const config = asRecord(manifest.config).digest
    if (typeof config !== 'string') return ''
    const url = await this.client.send(
      new GetDownloadUrlForLayerCommand({ repositoryName: repository, layerDigest: config })
    )
    if (!url.downloadUrl) return ''
    const labels = asRecord(
      asRecord(parseJson(await this.fetchText_(url.downloadUrl)).config).Labels
    )
    const revision = labels[REVISION_LABEL]
    return typeof revision === 'string' ? revision : ''
  }

  /**
   * The most recently pushed tagged image, skipping images whose only tags are in `exclude`
   * (such as a build cache tag). Reads at most `maxPages` pages of 1000 images.
   */
  async newestTaggedImage(
    repository: string,
    exclude: readonly string[] = [],
    maxPages = 10
  ): Promise<ImageInfo | undefined> {
    let newest: ImageInfo | undefined
    let nextToken: string | undefined
    for (let page = 0; page < maxPages; page++) {
      let out: DescribeImagesCommandOutput
      try {
        out = await this.client.send(
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
  async getAuthorization(): Promise<RegistryAuthorization> {
    const out = await this.client.send(new GetAuthorizationTokenCommand({}))
    const data = out.authorizationData?.[0]
    if (!data?.authorizationToken || !data.proxyEndpoint) {
      throw new Error('ECR GetAuthorizationToken returned no authorization data.')
    }
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon <= 0)
      throw new Error('ECR returned an authorization token that is not user:password.')
    return {
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
      registry: registryHost(data.proxyEndpoint),
      ...(data.expiresAt ? { expiresAt: data.expiresAt } : {})
    }
  }
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

/** The host[:port] of an endpoint or image reference: https://host/ → host, host/repo → host. */
export function registryHost(endpointOrUri: string): string {
  const withoutScheme = endpointOrUri.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
  const slash = withoutScheme.indexOf('/')
  return slash === -1 ? withoutScheme : withoutScheme.slice(0, slash)
}

/**
 * Of an index (manifests[]), the digest of the first image for a real platform: attestation
 * manifests carry the platform unknown/unknown. undefined for a single-platform manifest.
 */
export function platformManifestDigest(manifest: Record<string, unknown>): string | undefined {
  if (!Array.isArray(manifest.manifests)) return undefined
  for (const entry of manifest.manifests.map(asRecord)) {
    if (asRecord(entry.platform).os === 'unknown') continue
    if (typeof entry.digest === 'string') return entry.digest
  }
  return undefined
}

function toRepositoryInfo(repo: Repository): RepositoryInfo {
  const uri = repo.repositoryUri ?? ''
  return {
    name: repo.repositoryName ?? '',
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

function parseJson(text: string): Record<string, unknown> {
  try {
    return asRecord(JSON.parse(text))
  } catch {
    return {}
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
