import type { KeyValue } from '../shared/parse.js'
import type { GitContext } from './settings.js'

/**
 * The label naming the run that pushed an image (GITHUB_RUN_ID): skip-existing reuses an image in
 * a repository with MUTABLE tags only when it carries this run's (reuse.ts).
 */
export const RUN_LABEL = 'ecs-deploy-actions.run-id'

/**
 * OCI image labels from the git context (source, revision, created), followed by the user's
 * labels; a user label with the same key replaces the default one. Last, RUN_LABEL, which no user
 * label replaces.
 */
export function imageLabels(git: GitContext, created: Date, user: readonly KeyValue[]): KeyValue[] {
  const defaults: KeyValue[] = [
    { key: 'org.opencontainers.image.created', value: created.toISOString() }
  ]
  if (git.sourceUrl !== '') {
    defaults.push({ key: 'org.opencontainers.image.source', value: git.sourceUrl })
  }
  if (git.revision !== '') {
    defaults.push({ key: 'org.opencontainers.image.revision', value: git.revision })
  }
  const userKeys = new Set(user.map(l => l.key))
  const run = git.runId !== '' ? [{ key: RUN_LABEL, value: git.runId }] : []
  return [
    ...defaults.filter(l => !userKeys.has(l.key)),
    ...user.filter(l => l.key !== RUN_LABEL),
    ...run
  ]
}
