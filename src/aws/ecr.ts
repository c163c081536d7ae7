import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  type DescribeImagesCommandOutput,
  DescribeRepositoriesCommand,
  type ECRClient,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  PutLifecyclePolicyCommand
} from '@aws-sdk/client-ecr'
import {
  configDigest,
  type CreateRepositoryRequest,
  type ImageInfo,
  MANIFEST_TYPES,
  newerImage,
  labelsOfConfig,
  parseJson,
  platformManifestDigest,
  type RegistryAuthorization,
  registryHost,
  REVISION_LABEL,
  type RepositoryInfo,
  type TaggedImage,
  toImageInfo,
  toRepositoryInfo
} from './ecr-images.js'
import { callSignal } from './call-deadline.js'
import { REQUEST_TIMEOUT_MS } from './clients.js'
import { errorName } from './errors.js'

/*
 * The ECR layer: EcrApi, one method per question the suite asks of ECR. What its answers mean
 * (shapes, manifests, labels, registry hosts, the lifecycle policy) is in ecr-images.ts.
 */

/** Reads a URL's body as text (the pre-signed layer URL GetDownloadUrlForLayer returns). */
export type FetchText = (url: string) => Promise<string>

/**
 * The GET of a pre-signed layer URL: at most `timeoutMs` (REQUEST_TIMEOUT_MS), the body included
 * (fetch's signal aborts the reading of the body too), and no later than the deadline it runs
 * under (call-deadline.ts).
 */
export function fetchLayerText(timeoutMs = REQUEST_TIMEOUT_MS): FetchText {
  return async url => {
    const deadline = callSignal()
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = deadline ? AbortSignal.any([timeout, deadline]) : timeout
    const response = await fetch(url, { signal })
    if (!response.ok) throw new Error(`GET of an ECR layer URL answered HTTP ${response.status}.`)
    return response.text()
  }
}

/**
 * Thin, typed wrapper on the ECR client, in the style of EcsApi (aws/ecs/ecs.ts): one method per
 * question the suite asks, each returning the part of the answer it uses.
 */
export class EcrApi {
  constructor(
    private readonly client: Pick<ECRClient, 'send'>,
    private readonly fetchText_: FetchText = fetchLayerText()
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
   * The image's labels, read from its config blob: the manifest (an index: its first platform
   * image) names the config by digest, and GetDownloadUrlForLayer gives "the pre-signed Amazon S3
   * download URL" of a blob "referenced in an image". {} when there is no config to read.
   */
  async imageLabels(repository: string, image: TaggedImage): Promise<Record<string, string>> {
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
    const config = configDigest(manifest)
    if (config === undefined) return {}
    const url = await this.client.send(
      new GetDownloadUrlForLayerCommand({ repositoryName: repository, layerDigest: config })
    )
    if (!url.downloadUrl) return {}
    return labelsOfConfig(await this.fetchText_(url.downloadUrl))
  }

  /** The image's org.opencontainers.image.revision label; '' when it carries none. */
  async revisionLabel(repository: string, image: TaggedImage): Promise<string> {
    return (await this.imageLabels(repository, image))[REVISION_LABEL] ?? ''
  }

  /**
   * The org.opencontainers.image.revision label of the image a reference names in this registry
   * (REPOSITORY:TAG or REPOSITORY@DIGEST); '' when it has none or ECR does not hold it.
   */
  async revisionOf(
    repository: string,
    reference: { tag?: string; digest?: string }
  ): Promise<string> {
    const imageId = reference.digest
      ? { imageDigest: reference.digest }
      : { imageTag: reference.tag }
    const out = await this.client.send(
      new BatchGetImageCommand({
        repositoryName: repository,
        imageIds: [imageId],
        acceptedMediaTypes: MANIFEST_TYPES
      })
    )
    const image = out.images?.[0]
    if (image === undefined) return ''
    const tagged = {
      tag: reference.tag ?? '',
      digest: image.imageId?.imageDigest ?? reference.digest ?? '',
      manifest: image.imageManifest ?? '',
      mediaType: image.imageManifestMediaType ?? ''
    }
    return this.revisionLabel(repository, tagged)
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
        newest = newerImage(newest, toImageInfo(detail))
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
