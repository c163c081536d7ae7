import type { EcrApi } from '../aws/ecr.js'
import { keepNewestImagesPolicy, type RepositoryInfo } from '../aws/ecr-images.js'
import type { Log } from '../shared/log.js'
import type { Deps } from './deps.js'
import type { Found } from './reuse.js'
import { INPUTS, type Settings } from './settings.js'

/** The repository the image goes to. */
export interface Destination {
  /** The repository found or created; undefined when it does not exist and nothing is pushed. */
  readonly repo: RepositoryInfo | undefined
  /** This step created it. */
  readonly created: boolean
}

/**
 * The ECR repository to push to: the one found, or a new one when a push needs it (the first
 * write of the step).
 */
export async function ensureRepository(
  settings: Settings,
  found: Found,
  deps: Pick<Deps, 'ecr' | 'log'>
): Promise<Destination> {
  if (found.repo || !settings.push) return { repo: found.repo, created: false }
  const result = await deps.log.group(`Create ECR repository ${settings.repository}`, () =>
    createRepository(deps.ecr, settings, deps.log)
  )
  return { repo: result.repository, created: result.created }
}

/**
 * A new repository (scan on push, tag mutability, a lifecycle rule keeping the newest N images)
 * when create-repository allows it.
 */
async function createRepository(
  ecr: EcrApi,
  settings: Settings,
  log: Log
): Promise<{ repository: RepositoryInfo; created: boolean }> {
  if (!settings.createRepository) {
    throw new Error(
      `The ECR repository ${settings.repository} does not exist in ${settings.credentials.region} ` +
        `and ${INPUTS.createRepository} is false. Create it, or set ${INPUTS.createRepository}: true.`
    )
  }
  const result = await ecr.createRepository({
    name: settings.repository,
    mutability: settings.imageTagMutability,
    scanOnPush: settings.scanOnPush
  })
  log.info(
    result.created
      ? `Created ${result.repository.uri} (tags ${settings.imageTagMutability}, scan on push ${settings.scanOnPush}).`
      : `${result.repository.uri} was created meanwhile by someone else; using it.`
  )
  if (result.created && settings.keepImages > 0) {
    await ecr.putLifecyclePolicy(settings.repository, keepNewestImagesPolicy(settings.keepImages))
    log.info(`Lifecycle policy: keep the newest ${settings.keepImages} images.`)
  }
  return result
}
