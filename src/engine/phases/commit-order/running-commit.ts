import type { EcrApi } from '../../../aws/ecr.js'
import { describeError } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import type { CurrentService } from '../read-service/current-service.js'

/*
 * The commit of the revision the service runs: this suite's own commit tag on the revision, or
 * else the org.opencontainers.image.revision label of an image it runs from this account's ECR
 * in this region (the label action-build-push and docker/metadata-action set).
 */

/** REGISTRY/REPOSITORY(:TAG|@DIGEST) of an ECR registry. */
const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/

export interface EcrImage {
  readonly repository: string
  readonly tag?: string
  readonly digest?: string
}

/** The ECR repository and tag or digest of an image reference in `region`; undefined otherwise. Pure. */
export function ecrImage(image: string, region: string): EcrImage | undefined {
  const m = ECR_IMAGE.exec(image)
  if (m === null || m[2] !== region) return undefined
  const [, , , repository = '', tag, digest] = m
  if (tag === undefined && digest === undefined) return { repository, tag: 'latest' }
  return { repository, ...(digest ? { digest } : { tag: tag as string }) }
}

/** The running revision's commit, or undefined when neither its tag nor an image names one. */
export async function runningCommit(
  current: CurrentService,
  ecr: EcrApi,
  region: string,
  log: Pick<Log, 'info'>
): Promise<{ sha: string; from: string } | undefined> {
  if (current.commit !== undefined) return { sha: current.commit, from: 'its commit tag' }
  for (const container of current.taskDefinition?.containerDefinitions ?? []) {
    const image = ecrImage(container.image ?? '', region)
    if (image === undefined) continue
    try {
      const sha = await ecr.revisionOf(image.repository, image)
      if (sha !== '') return { sha, from: `the revision label of ${container.name}'s image` }
    } catch (error) {
      log.info(`The revision label of ${container.image} cannot be read (${describeError(error)}).`)
    }
  }
  return undefined
}
