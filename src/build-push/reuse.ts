import type { EcrApi } from '../aws/ecr.js'
import type { RepositoryInfo, TaggedImage } from '../aws/ecr-images.js'
import type { Log } from '../shared/log.js'
import type { BuildDeps } from './deps.js'
import type { Settings } from './settings.js'

/*
 * skip-existing reuses an image only when it is known to be built from this commit: a requested
 * tag that names the commit, or an image whose org.opencontainers.image.revision label is the
 * commit. A moving tag (latest, main) that names another commit's image is built again.
 */

/** What ECR holds already, read before anything is written. */
export interface Found {
  readonly repo: RepositoryInfo | undefined
  /** The images the requested tags name now. */
  readonly images: readonly TaggedImage[]
  /** The skip-existing decision; undefined when skip-existing is off or there is no repository. */
  readonly reuse: Reuse | undefined
}

export type Reuse =
  | { readonly reuse: true; readonly image: TaggedImage; readonly because: string }
  | { readonly reuse: false; readonly because: string }

/**
 * Read-only: the repository, the images the requested tags name (with skip-existing, or to
 * check an IMMUTABLE repository), and whether this commit's image is already there.
 */
export function lookUp(settings: Settings, deps: Pick<BuildDeps, 'ecr' | 'log'>): Promise<Found> {
  return deps.log.group(`ECR repository ${settings.repository}`, () => findExisting(settings, deps))
}

async function findExisting(
  settings: Settings,
  { ecr, log }: Pick<BuildDeps, 'ecr' | 'log'>
): Promise<Found> {
  const repo = await ecr.describeRepository(settings.repository)
  if (!repo) {
    log.info(`Repository ${settings.repository} does not exist yet.`)
    return { repo, images: [], reuse: undefined }
  }
  log.info(`Repository ${repo.uri} exists (tags ${repo.mutability}).`)
  const immutable = settings.push && repo.mutability === 'IMMUTABLE'
  if (!settings.skipExisting && !immutable) return { repo, images: [], reuse: undefined }
  const images = await ecr.imagesByTag(settings.repository, settings.tags)
  for (const image of images) log.info(`${repo.uri}:${image.tag} names ${image.digest}.`)
  if (!settings.skipExisting) return { repo, images, reuse: undefined }
  const reuse = await findReusable(
    ecr,
    settings.repository,
    settings.git.revision,
    images,
    settings.tags[0] as string
  )
  logReuse(log, reuse, repo.uri)
  return { repo, images, reuse }
}

/**
 * A tag names the commit when it holds the full SHA, or a run of 7 or more hex digits that
 * starts the SHA (sha-6dcb09b, v1.2.0-6dcb09b5b578).
 */
export function tagNamesCommit(tag: string, sha: string): boolean {
  if (sha.length < 7) return false
  const commit = sha.toLowerCase()
  return (tag.toLowerCase().match(/[0-9a-f]{7,}/g) ?? []).some(run => commit.startsWith(run))
}

/**
 * The image to reuse, if any: first one under a tag that names the commit (no further read),
 * then each distinct image found under the other tags whose revision label is the commit.
 */
export async function findReusable(
  ecr: Pick<EcrApi, 'revisionLabel'>,
  repository: string,
  sha: string,
  found: readonly TaggedImage[],
  primary: string
): Promise<Reuse> {
  const named = found.find(image => tagNamesCommit(image.tag, sha))
  if (named) {
    return { reuse: true, image: named, because: `the tag ${named.tag} names commit ${short(sha)}` }
  }
  if (found.length === 0) return { reuse: false, because: `${primary} is not in ECR yet` }
  const seen = new Map<string, string>()
  for (const image of found) {
    if (seen.has(image.digest)) continue
    const revision = sha === '' ? '' : await ecr.revisionLabel(repository, image)
    seen.set(image.digest, revision)
    if (revision !== '' && revision === sha) {
      return {
        reuse: true,
        image,
        because: `${image.tag} names ${image.digest}, whose org.opencontainers.image.revision is this commit`
      }
    }
  }
  const first = found[0] as TaggedImage
  const revision = seen.get(first.digest) ?? ''
  return {
    reuse: false,
    because:
      `${first.tag} names ${first.digest}, ` +
      (revision === ''
        ? 'which carries no org.opencontainers.image.revision label'
        : `built from commit ${short(revision)}`) +
      `, not from this commit ${short(sha) || '(unknown)'}`
  }
}

export function logReuse(log: Log, decision: Reuse, uri: string): void {
  log.info(
    decision.reuse
      ? `Reusing ${uri}@${decision.image.digest}: ${decision.because} (skip-existing).`
      : `Building: ${decision.because}.`
  )
}

const short = (sha: string): string => sha.slice(0, 12)
