import type { ImageDetail, Repository } from '@aws-sdk/client-ecr'

/*
 * What ECR's answers mean, as pure data and functions: the repository and image shapes EcrApi
 * (ecr.ts) returns, the manifest types it asks for, how a manifest leads to its image config and
 * revision label, registry hosts and the lifecycle policy. No client here.
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

/**
 * The manifest types asked of BatchGetImage: single-platform manifests (the API reference's
 * "Valid values": Docker v2 and OCI) and the indexes buildx pushes for several platforms or
 * with attestations.
 */
export const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json'
]

/** The label a build records its commit in (OCI image spec, annotations/labels). */
export const REVISION_LABEL = 'org.opencontainers.image.revision'

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

/** The digest of the image config a (single-platform) manifest names, if any. */
export function configDigest(manifest: Record<string, unknown>): string | undefined {
  const digest = asRecord(manifest.config).digest
  return typeof digest === 'string' ? digest : undefined
}

/** The labels of an image config blob (JSON): config.Labels, string values only. */
export function labelsOfConfig(configJson: string): Record<string, string> {
  const labels = asRecord(asRecord(parseJson(configJson).config).Labels)
  const found: Record<string, string> = {}
  for (const [key, value] of Object.entries(labels))
    if (typeof value === 'string') found[key] = value
  return found
}

/** The revision label of an image config blob (JSON), or '' when it carries none. */
export function revisionOfConfig(configJson: string): string {
  return labelsOfConfig(configJson)[REVISION_LABEL] ?? ''
}

export function toRepositoryInfo(repo: Repository): RepositoryInfo {
  const uri = repo.repositoryUri ?? ''
  return {
    name: repo.repositoryName ?? '',
    uri,
    registry: registryHost(uri),
    registryId: repo.registryId ?? '',
    mutability: repo.imageTagMutability ?? 'MUTABLE'
  }
}

export function toImageInfo(detail: ImageDetail): ImageInfo {
  return {
    digest: detail.imageDigest ?? '',
    tags: detail.imageTags ?? [],
    ...(detail.imagePushedAt ? { pushedAt: detail.imagePushedAt } : {})
  }
}

/** The newer of two images by push time; on a tie, the one already held (`a`). */
export function newerImage(a: ImageInfo | undefined, b: ImageInfo): ImageInfo {
  return !a || time(b) > time(a) ? b : a
}

const time = (image: ImageInfo): number => image.pushedAt?.getTime() ?? 0

export function parseJson(text: string): Record<string, unknown> {
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
