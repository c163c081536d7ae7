import type { EcrApi } from '../aws/ecr.js'
import { keepNewestImagesPolicy, type RepositoryInfo } from '../aws/ecr-images.js'
import type { Log } from '../shared/log.js'
import { INPUTS, type Settings } from './settings.js'

/**
 * The ECR repository to push to: the one found, or a new one (scan on push, tag mutability,
 * a lifecycle rule keeping the newest N images) when create-repository allows it.
 */
export async function ensureRepository(
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
