import type { KeyValue } from '../shared/parse.js'
import type { GitContext } from './settings.js'

/**
 * OCI image labels from the git context (source, revision, created), followed by the user's
 * labels; a user label with the same key replaces the default one.
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
  return [...defaults.filter(l => !userKeys.has(l.key)), ...user]
}
