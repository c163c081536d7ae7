import type { Value } from './expressions.js'

/*
 * GITHUB_TOKEN permissions, as far as a run's start can check them. A job's `permissions:` (else
 * its workflow's) names each scope; scopes it leaves out are `none`. A job of a called workflow
 * may ask for no more than its calling job was given: GitHub refuses the whole run before any job
 * starts ("The nested job 'build' is requesting 'id-token: write', but is only allowed 'id-token:
 * none'."). Without any `permissions:` the repository's default applies; this runner takes the
 * restricted default (contents and packages read), which never includes id-token.
 */

export type Level = 'none' | 'read' | 'write'
export type Permissions = Readonly<Record<string, Level>>

const SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses'
]

export const RESTRICTED_DEFAULT: Permissions = all('none', { contents: 'read', packages: 'read' })

function all(level: Level, given: Record<string, Level> = {}): Record<string, Level> {
  const out: Record<string, Level> = {}
  for (const scope of SCOPES) out[scope] = given[scope] ?? level
  return out
}

/** The permissions a `permissions:` value grants; `fallback` when there is none. */
export function permissionsOf(value: Value | undefined, fallback: Permissions): Permissions {
  if (value === undefined) return fallback
  if (value === 'read-all') return all('read', { 'id-token': 'none' })
  if (value === 'write-all') return all('write')
  if (value === null) return all('none')
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`permissions: ${JSON.stringify(value)} is not modelled`)
  }
  const given: Record<string, Level> = {}
  for (const [scope, level] of Object.entries(value)) {
    if (level !== 'none' && level !== 'read' && level !== 'write') {
      throw new Error(`permissions: ${scope}: ${String(level)} is not a permission level`)
    }
    given[scope] = level
  }
  return all('none', given)
}

const RANK: Record<Level, number> = { none: 0, read: 1, write: 2 }

/** The first scope a nested job asks more of than it is allowed, as GitHub words it. */
export function nestedViolation(
  jobId: string,
  requested: Permissions,
  allowed: Permissions
): string | undefined {
  for (const [scope, level] of Object.entries(requested)) {
    const max = allowed[scope] ?? 'none'
    if (RANK[level] > RANK[max]) {
      return `The nested job '${jobId}' is requesting '${scope}: ${level}', but is only allowed '${scope}: ${max}'.`
    }
  }
  return undefined
}
