import { createServer, type Server } from 'node:http'
import { MANIFEST_TYPES, type Registry } from '../../harness/registry.js'
import { ACCOUNT, AwsError, asRecord, asRecords, asString, asStrings, epoch } from '../wire.js'

/*
 * ECR's images, answered from the real local registry's manifests, tags and blobs: BatchGetImage,
 * DescribeImages, and GetDownloadUrlForLayer with a small local server playing S3 for its URLs.
 */

/** What the image operations read of a repository. */
interface ImageRepository {
  readonly name: string
  readonly createdAt: number
}

export class EcrImages {
  /** Blobs fetched through a download URL, as repository@digest. */
  readonly downloads: string[] = []
  private s3: Promise<{ server: Server; url: string }> | undefined

  constructor(
    private readonly registry: Registry | undefined,
    /** The repository of that name, or RepositoryNotFoundException. */
    private readonly need: (name: string) => ImageRepository
  ) {}

  /** Stops the blob server GetDownloadUrlForLayer's URLs point at, if one was started. */
  async close(): Promise<void> {
    const s3 = await this.s3
    if (s3) await new Promise<void>(done => s3.server.close(() => done()))
  }

  readonly operations: Record<
    string,
    (input: Record<string, unknown>) => Promise<Record<string, unknown>>
  > = {
    /*
     * BatchGetImage: "Gets detailed information for an image. Images are specified with either an
     * imageTag or imageDigest. When an image is pulled, the BatchGetImage API is called once to
     * retrieve the image manifest." An id that names no image is answered in `failures`
     * (failureCode ImageNotFound), not as an error.
     */
    BatchGetImage: async input => {
      const repo = this.need(asString(input.repositoryName))
      const accepted = asStrings(input.acceptedMediaTypes)
      const images: Record<string, unknown>[] = []
      const failures: Record<string, unknown>[] = []
      for (const id of asRecords(input.imageIds)) {
        const tag = asString(id.imageTag)
        const reference = asString(id.imageDigest) || tag
        const manifest = await this.registry?.get(
          `/v2/${repo.name}/manifests/${reference}`,
          accepted.length > 0 ? accepted.join(', ') : MANIFEST_TYPES
        )
        if (manifest === undefined || manifest.status !== 200) {
          failures.push({
            imageId: id,
            failureCode: 'ImageNotFound',
            failureReason: 'Requested image not found'
          })
          continue
        }
        images.push({
          registryId: ACCOUNT,
          repositoryName: repo.name,
          imageId: {
            imageDigest: manifest.headers.get('docker-content-digest') ?? '',
            ...(tag !== '' ? { imageTag: tag } : {})
          },
          imageManifest: await manifest.text(),
          imageManifestMediaType: manifest.headers.get('content-type') ?? ''
        })
      }
      return { images, failures }
    },
    /*
     * GetDownloadUrlForLayer: "Retrieves the pre-signed Amazon S3 download URL corresponding to
     * an image layer. You can only get URLs for image layers that are referenced in an image."
     * The URL points at a small local server playing S3: it needs no AWS signature.
     */
    GetDownloadUrlForLayer: async input => {
      const repo = this.need(asString(input.repositoryName))
      const digest = asString(input.layerDigest)
      const blob = await this.registry?.get(`/v2/${repo.name}/blobs/${digest}`, undefined)
      if (blob === undefined || blob.status !== 200) {
        throw new AwsError(
          'LayersNotFoundException',
          `The layer with digest '${digest}' does not exist in the repository '${repo.name}'`
        )
      }
      const s3 = await this.startS3()
      return {
        layerDigest: digest,
        downloadUrl: `${s3.url}/${encodeURIComponent(repo.name)}/${digest}?X-Amz-Signature=${digest.slice(7, 23)}`
      }
    },
    DescribeImages: async input => {
      const repo = this.need(asString(input.repositoryName))
      const ids = asRecords(input.imageIds)
      const filter = asRecord(input.filter)
      const byDigest = await this.tagsByDigest(repo)
      if (ids.length > 0) {
        const details: Record<string, unknown>[] = []
        for (const id of ids) {
          const reference = asString(id.imageDigest) || asString(id.imageTag)
          const digest =
            this.registry === undefined
              ? undefined
              : await this.registry.manifestDigest(repo.name, reference)
          if (digest === undefined) {
            throw new AwsError(
              'ImageNotFoundException',
              `The image with imageId {imageDigest:'${asString(id.imageDigest) || 'null'}', imageTag:'${asString(id.imageTag) || 'null'}'} does not exist within the repository with name '${repo.name}' in the registry with id '${ACCOUNT}'`
            )
          }
          details.push(await this.detail(repo, digest, byDigest.get(digest) ?? []))
        }
        return { imageDetails: details }
      }
      const details: Record<string, unknown>[] = []
      for (const [digest, tags] of byDigest) {
        if (asString(filter.tagStatus) === 'UNTAGGED' && tags.length > 0) continue
        if (asString(filter.tagStatus) === 'TAGGED' && tags.length === 0) continue
        details.push(await this.detail(repo, digest, tags))
      }
      return { imageDetails: details }
    }
  }

  private startS3(): Promise<{ server: Server; url: string }> {
    this.s3 ??= new Promise(resolve => {
      const server = createServer((request, response) => {
        const [, name = '', digest = ''] = (request.url ?? '').split('?')[0]?.split('/') ?? []
        const repository = decodeURIComponent(name)
        void (async () => {
          const blob = await this.registry?.get(`/v2/${repository}/blobs/${digest}`)
          if (blob === undefined || blob.status !== 200) {
            response.writeHead(404).end('NoSuchKey')
            return
          }
          this.downloads.push(`${repository}@${digest}`)
          response.writeHead(200, { 'content-type': 'application/octet-stream' })
          response.end(Buffer.from(await blob.arrayBuffer()))
        })()
      })
      server.listen(0, '127.0.0.1', () => {
        const address = server.address()
        const port = typeof address === 'object' && address !== null ? address.port : 0
        resolve({ server, url: `http://127.0.0.1:${port}` })
      })
    })
    return this.s3
  }

  private async tagsByDigest(repo: ImageRepository): Promise<Map<string, string[]>> {
    const byDigest = new Map<string, string[]>()
    if (this.registry === undefined) return byDigest
    for (const tag of await this.registry.tags(repo.name)) {
      const digest = await this.registry.manifestDigest(repo.name, tag)
      if (digest) byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag])
    }
    return byDigest
  }

  private async detail(
    repo: ImageRepository,
    digest: string,
    tags: string[]
  ): Promise<Record<string, unknown>> {
    let size = 0
    let mediaType = 'application/vnd.docker.distribution.manifest.v2+json'
    let pushedAt = repo.createdAt
    const registry = this.registry
    if (registry !== undefined) {
      const manifest = await registry.get(`/v2/${repo.name}/manifests/${digest}`, MANIFEST_TYPES)
      if (manifest.status === 200) {
        mediaType = manifest.headers.get('content-type') ?? mediaType
        const body = asRecord(await manifest.json())
        size = asRecords(body.layers).reduce(
          (n, l) => n + (typeof l.size === 'number' ? l.size : 0),
          0
        )
        const config = asString(asRecord(body.config).digest)
        if (config !== '') {
          const blob = await registry.get(`/v2/${repo.name}/blobs/${config}`)
          if (blob.status === 200) {
            const created = asString(asRecord(await blob.json()).created)
            if (created !== '') pushedAt = Date.parse(created)
          }
        }
      }
    }
    return {
      registryId: ACCOUNT,
      repositoryName: repo.name,
      imageDigest: digest,
      imageTags: tags,
      imageSizeInBytes: size,
      imagePushedAt: epoch(pushedAt),
      imageManifestMediaType: mediaType,
      artifactMediaType: 'application/vnd.docker.container.image.v1+json'
    }
  }
}
