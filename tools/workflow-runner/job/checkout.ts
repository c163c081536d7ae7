import { readdirSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { asString, type Value } from '../expressions.js'
import { cloneAt, repositoryDir, resolveRef } from '../git.js'
import { WorkflowError } from '../load.js'
import type { RunnerOptions } from '../types.js'

/*
 * actions/checkout, served by local clones: `repository` (default: the run's), `ref` (default:
 * the run's commit for the run's repository, else the default branch), into `path` under the
 * workspace (the workspace itself while it is empty); `token` defaults to github.token as in its action.yml. Inputs it does not model make
 * the step fail.
 */

const MODELLED = ['repository', 'ref', 'path', 'token', 'persist-credentials', 'fetch-depth']

export const isCheckout = (uses: string): boolean => /^actions\/checkout@/.test(uses)

/** Clones the repository into the workspace; returns the step's log. */
export function checkout(
  options: RunnerOptions,
  github: Readonly<Record<string, Value>>,
  workspace: string,
  withs: Readonly<Record<string, string>>
): string {
  const unknown = Object.keys(withs).filter(k => !MODELLED.includes(k))
  if (unknown.length > 0) {
    throw new WorkflowError(`actions/checkout: input(s) ${unknown.join(', ')} not modelled`)
  }
  // action.yml of actions/checkout: token defaults to ${{ github.token }}.
  const token = withs.token ?? asString(github.token ?? '')
  if (token === '') {
    throw new WorkflowError('actions/checkout: input required and not supplied: token')
  }
  const own = asString(github.repository ?? '')
  const repository = withs.repository || own
  const dir = repositoryDir(options.repositories, repository)
  const ref = withs.ref || (repository === own ? asString(github.sha ?? '') : 'HEAD')
  const { sha } = resolveRef(dir, ref)
  const dest = resolve(workspace, withs.path ?? '.')
  if (relative(workspace, dest).startsWith('..')) {
    throw new WorkflowError(`Repository path '${dest}' is not under '${workspace}'`)
  }
  // Into the workspace itself only while it is empty: actions/checkout would first delete what is there.
  if (dest === workspace && readdirSync(workspace).length > 0) {
    throw new WorkflowError(
      'actions/checkout into a workspace that is not empty is not modelled; check out there first, or give a path'
    )
  }
  cloneAt(dir, sha, dest)
  return [
    `Syncing repository: ${repository}`,
    `Checked out ${sha} into ${relative(workspace, dest) || '.'} (a local clone; persist-credentials: ${withs['persist-credentials'] ?? 'true'})`,
    ''
  ].join('\n')
}
