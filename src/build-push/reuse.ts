import type { EcrApi } from '../aws/ecr.js'
import type { TaggedImage } from '../aws/ecr-images.js'
import type { Log } from '../shared/log.js'

/*
 * skip-existing reuses an image only when it is known to be built from this commit: a requested
 * tag that names the commit, or an image whose org.opencontainers.image.revision label is the
 * commit. A moving tag (latest, main) that names another commit's image is built again.
 */

export type Reuse =
  | { readonly reuse: true; readonly image: TaggedImage; readonly because: string }
  | { readonly reuse: false; readonly because: string }

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

/**
 * Before anything is written: in an IMMUTABLE repository a push to a tag that already names an
 * image fails (ImageTagAlreadyExistsException), after the build. The first such tag, if any.
 */
export function immutableConflict(
  mutability: string,
  push: boolean,
  found: readonly TaggedImage[]
): TaggedImage | undefined {
  return push && mutability === 'IMMUTABLE' ? found[0] : undefined
}

export function logReuse(log: Log, decision: Reuse, uri: string): void {
  log.info(
    decision.reuse
      ? `Reusing ${uri}@${decision.image.digest}: ${decision.because} (skip-existing).`
      : `Building: ${decision.because}.`
  )
}

const short = (sha: string): string => sha.slice(0, 12)
