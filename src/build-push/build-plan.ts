import { InputError } from '../shared/parse.js'
import type { CacheKind } from './docker-commands.js'
import type { Builder } from './docker.js'
import { type CacheMode, INPUTS } from './settings.js'

/*
 * The build tool and cache for this machine and repository (pure): docker buildx where it
 * exists, else docker build with BuildKit; what the machine cannot do is refused with an
 * InputError naming the input, before anything is written.
 */

export interface BuildPlan {
  readonly tool: 'buildx' | 'docker'
  readonly cache: CacheKind
  /** Things worth a warning annotation (a cache mode that had to change, ...). */
  readonly notes: readonly string[]
}

export interface PlanRequest {
  readonly cache: CacheMode
  readonly platforms: readonly string[]
  readonly repositoryMutability: string
}

/**
 * Chooses the build tool and cache, and rejects what the machine cannot do (several
 * platforms or a registry cache without buildx) with an InputError naming the input.
 */
export function planBuild(request: PlanRequest, builder: Builder): BuildPlan {
  if (!builder.buildx) return planDockerBuild(request)
  if (builder.driver === 'docker' && request.platforms.length > 1) {
    // buildx: "Multiple platforms feature is currently not supported for docker driver".
    throw new InputError(
      INPUTS.platforms,
      `${request.platforms.length} platforms (${request.platforms.join(', ')}) cannot be built by ` +
        'the buildx "docker" driver this machine uses. Create a docker-container builder ' +
        '(docker/setup-buildx-action, or `docker buildx create --use`) or build one platform.'
    )
  }
  return buildxPlan(request, builder)
}

/** Without buildx: `docker build` with BuildKit, one platform, an inline cache or none. */
function planDockerBuild(request: PlanRequest): BuildPlan {
  if (request.platforms.length > 1) {
    throw new InputError(
      INPUTS.platforms,
      `${request.platforms.length} platforms (${request.platforms.join(', ')}) need docker buildx, ` +
        'which this machine does not have (`docker buildx version` failed). Install buildx ' +
        '(for example with docker/setup-buildx-action) or build one platform.'
    )
  }
  if (request.cache === 'registry') {
    throw new InputError(
      INPUTS.cache,
      'registry needs docker buildx, which this machine does not have. Use inline or auto.'
    )
  }
  return { tool: 'docker', cache: request.cache === 'none' ? 'none' : 'inline', notes: [] }
}

/** With buildx: the cache asked for (auto: the registry where it can work, else inline). */
function buildxPlan(request: PlanRequest, builder: Builder): BuildPlan {
  switch (request.cache) {
    case 'none':
    case 'inline':
      return { tool: 'buildx', cache: request.cache, notes: [] }
    case 'registry':
      return { tool: 'buildx', cache: 'registry', notes: registryCacheNotes(request, builder) }
    case 'auto': {
      const registry = builder.driver !== 'docker' && request.repositoryMutability === 'MUTABLE'
      return { tool: 'buildx', cache: registry ? 'registry' : 'inline', notes: [] }
    }
  }
}

/** What may make a registry cache fail, worth a warning. */
function registryCacheNotes(request: PlanRequest, builder: Builder): string[] {
  const notes: string[] = []
  if (builder.driver === 'docker') {
    notes.push(
      'cache: registry with the buildx "docker" driver needs the containerd image store; ' +
        'if the cache export fails, use docker/setup-buildx-action or cache: inline.'
    )
  }
  if (request.repositoryMutability !== 'MUTABLE') {
    notes.push(
      `the repository's tags are ${request.repositoryMutability}: the "buildcache" tag cannot be ` +
        'overwritten after the first build; use cache: inline or auto.'
    )
  }
  return notes
}
