import type { Log } from '../shared/log.js'
import type { BuildPlan } from './build-plan.js'
import type { Built } from './build.js'
import type { Destination } from './repository.js'
import type { Found } from './reuse.js'
import type { Settings } from './settings.js'

/** What a run of the engine ends in: the image, for the outputs and the job summary. */
export interface Report {
  readonly outcome: 'built' | 'skipped'
  readonly repository: string
  readonly registry: string
  /** registry/repository@sha256:…, or '' when nothing was pushed. */
  readonly image: string
  /** registry/repository:primary-tag */
  readonly taggedImage: string
  readonly digest: string
  readonly tags: readonly string[]
  readonly pushed: boolean
  /** Seconds spent building and pushing; 0 when skipped. */
  readonly buildSeconds: number
  readonly tool?: 'buildx' | 'docker'
  readonly cache?: string
  readonly repositoryCreated: boolean
  /** Why the image was built or reused (skip-existing). */
  readonly because?: string
}

/**
 * When skip-existing found this commit's image: the report on it, nothing built or pushed. The
 * requested tags that do not name it are not added (a warning says which); undefined otherwise.
 */
export function reusedReport(settings: Settings, found: Found, log: Log): Report | undefined {
  const { repo, reuse } = found
  if (!repo || !reuse?.reuse) return undefined
  const digest = reuse.image.digest
  const present = settings.tags.filter(t =>
    found.images.some(i => i.tag === t && i.digest === digest)
  )
  const missing = settings.tags.filter(t => !present.includes(t))
  if (missing.length > 0) {
    log.warning(
      `skip-existing: ${repo.uri}@${digest} is this commit's image, so nothing was built or ` +
        `pushed; the tags ${missing.join(', ')} were not added to it.`
    )
  }
  return {
    outcome: 'skipped',
    repository: settings.repository,
    registry: repo.registry,
    image: `${repo.uri}@${digest}`,
    taggedImage: `${repo.uri}:${present[0] ?? reuse.image.tag}`,
    digest,
    tags: present,
    pushed: false,
    buildSeconds: 0,
    repositoryCreated: false,
    because: reuse.because
  }
}

/** The report on an image this run built (and pushed, when asked). */
export function builtReport(
  settings: Settings,
  run: {
    readonly found: Found
    readonly plan: BuildPlan
    readonly destination: Destination
    readonly built: Built
  }
): Report {
  const { uri, digest } = run.built
  return {
    outcome: 'built',
    repository: settings.repository,
    registry: run.built.registry,
    image: digest ? `${uri}@${digest}` : '',
    taggedImage: `${uri}:${settings.tags[0] as string}`,
    digest: digest ?? '',
    tags: settings.tags,
    pushed: settings.push,
    buildSeconds: run.built.seconds,
    tool: run.plan.tool,
    cache: run.plan.cache,
    repositoryCreated: run.destination.created,
    ...(run.found.reuse ? { because: run.found.reuse.because } : {})
  }
}
