import type { EcrApi } from '../aws/ecr.js'
import { REVISION_LABEL, type RepositoryInfo, type TaggedImage } from '../aws/ecr-images.js'
import type { Log } from '../shared/log.js'
import type { Deps } from './deps.js'
import { RUN_LABEL } from './labels.js'
import type { Settings } from './settings.js'

/*
 * skip-existing reuses an image only when it is known to be this commit's, pushed where nobody
 * else could have put it:
 * - a requested tag that names the commit names it, and
 * - its org.opencontainers.image.revision label is the commit, and
 * - the repository's tags are IMMUTABLE (a tag, once pushed, names its image for good), or this
 *   run pushed it (its RUN_LABEL is GITHUB_RUN_ID: an earlier attempt of this run).
 * A moving tag (latest, main) never makes an image reused, whatever the image says.
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
export function lookUp(settings: Settings, deps: Pick<Deps, 'ecr' | 'log'>): Promise<Found> {
  return deps.log.group(`ECR repository ${settings.repository}`, () => findExisting(settings, deps))
}

async function findExisting(
  settings: Settings,
  { ecr, log }: Pick<Deps, 'ecr' | 'log'>
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
  const reuse = await findReusable(ecr, {
    repository: settings.repository,
    mutability: repo.mutability,
    sha: settings.git.revision,
    runId: settings.git.runId,
    found: images,
    primary: settings.tags[0] as string
  })
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

/** What the reuse decision looks at. */
export interface ReuseQuestion {
  readonly repository: string
  /** The repository's imageTagMutability. */
  readonly mutability: string
  /** This run's commit (GITHUB_SHA). */
  readonly sha: string
  /** This run (GITHUB_RUN_ID); its attempts share it. */
  readonly runId: string
  /** The images the requested tags name now. */
  readonly found: readonly TaggedImage[]
  readonly primary: string
}

/**
 * The image to reuse, if any: of the images under a requested tag that names the commit, the
 * first whose labels say it is this commit's and, in a repository with MUTABLE tags, this run's.
 * Each distinct image's labels are read once; no image under a moving tag alone is read.
 */
export async function findReusable(
  ecr: Pick<EcrApi, 'imageLabels'>,
  q: ReuseQuestion
): Promise<Reuse> {
  if (q.found.length === 0) return { reuse: false, because: `${q.primary} is not in ECR yet` }
  const named = q.found.filter(image => tagNamesCommit(image.tag, q.sha))
  if (named.length === 0) {
    const first = q.found[0] as TaggedImage
    return {
      reuse: false,
      because:
        `no requested tag names commit ${short(q.sha) || '(unknown)'} (${first.tag} names ` +
        `${first.digest}); only an image under such a tag is reused`
    }
  }
  const refusals: string[] = []
  const seen = new Set<string>()
  for (const image of named) {
    if (seen.has(image.digest)) continue
    seen.add(image.digest)
    const verdict = judgeImage(image, await ecr.imageLabels(q.repository, image), q)
    if (verdict.reuse) return verdict
    refusals.push(verdict.because)
  }
  return { reuse: false, because: refusals[0] as string }
}

/** Whether an image under a tag naming the commit is reused, by its labels and the repository. */
export function judgeImage(
  image: TaggedImage,
  labels: Readonly<Record<string, string>>,
  q: Pick<ReuseQuestion, 'mutability' | 'sha' | 'runId'>
): Reuse {
  const at = `${image.tag} names ${image.digest}`
  const revision = labels[REVISION_LABEL] ?? ''
  if (revision === '') {
    return { reuse: false, because: `${at}, which carries no ${REVISION_LABEL} label` }
  }
  if (revision !== q.sha) {
    return {
      reuse: false,
      because: `${at}, built from commit ${short(revision)}, not from this commit ${short(q.sha)}`
    }
  }
  const both = `${at}, whose tag and ${REVISION_LABEL} label both name this commit`
  if (q.mutability === 'IMMUTABLE') {
    return { reuse: true, image, because: `${both}, in a repository with IMMUTABLE tags` }
  }
  const pushedBy = labels[RUN_LABEL] ?? ''
  if (q.runId !== '' && pushedBy === q.runId) {
    return { reuse: true, image, because: `${both}, pushed by this run (${q.runId})` }
  }
  return {
    reuse: false,
    because:
      `${both}, but the repository's tags are ${q.mutability || 'MUTABLE'} and ` +
      (pushedBy === '' ? 'no run of this action pushed it' : `run ${pushedBy} pushed it`) +
      `: only an image this run pushed is reused there`
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
