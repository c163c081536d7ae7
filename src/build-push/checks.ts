import type { TaggedImage } from '../aws/ecr-images.js'
import { InputError } from '../shared/parse.js'
import { type BuildPlan, planBuild } from './build-plan.js'
import type { Deps } from './deps.js'
import { detectBuilder } from './docker.js'
import type { Found } from './reuse.js'
import { INPUTS, type Settings } from './settings.js'

/**
 * What would fail later is refused now, before anything is written: a push ECR would refuse
 * (an IMMUTABLE tag that already names an image), and a build this machine's builder cannot
 * do (several platforms, a registry cache). Returns the build tool and cache to use.
 */
export async function checkBeforeWrites(
  settings: Settings,
  found: Found,
  deps: Pick<Deps, 'docker' | 'log'>
): Promise<BuildPlan> {
  const conflict = immutableConflict(found.repo?.mutability ?? '', settings.push, found.images)
  if (conflict) {
    throw new InputError(
      INPUTS.tags,
      `the repository ${settings.repository} has IMMUTABLE tags and "${conflict.tag}" already names ` +
        `${conflict.digest}, so ECR would refuse the push (ImageTagAlreadyExistsException). ` +
        'Use tags that name the commit (the default is the commit SHA), or a MUTABLE repository.'
    )
  }
  return deps.log.group('Docker builder', () => chooseBuilder(settings, found, deps))
}

/**
 * In an IMMUTABLE repository a push to a tag that already names an image fails
 * (ImageTagAlreadyExistsException), after the build. The first such tag, if any.
 */
export function immutableConflict(
  mutability: string,
  push: boolean,
  found: readonly TaggedImage[]
): TaggedImage | undefined {
  return push && mutability === 'IMMUTABLE' ? found[0] : undefined
}

/** docker buildx or docker build, and the cache, for this machine and repository. */
async function chooseBuilder(
  settings: Settings,
  found: Found,
  { docker, log }: Pick<Deps, 'docker' | 'log'>
): Promise<BuildPlan> {
  const builder = await detectBuilder(docker)
  const plan = planBuild(
    {
      cache: settings.cache,
      platforms: settings.platforms,
      repositoryMutability: found.repo?.mutability ?? settings.imageTagMutability
    },
    builder
  )
  log.info(
    builder.buildx
      ? `docker buildx (driver: ${builder.driver || 'unknown'}), cache: ${plan.cache}.`
      : `No docker buildx: docker build with BuildKit, cache: ${plan.cache}.`
  )
  for (const note of plan.notes) log.warning(note)
  return plan
}
