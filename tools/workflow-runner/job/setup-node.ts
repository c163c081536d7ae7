import { execFileSync } from 'node:child_process'
import { dirname } from 'node:path'
import { WorkflowError } from '../load.js'

/*
 * actions/setup-node, served by this machine: the node the runner runs its node actions with is
 * already on PATH, so nothing is installed and nothing is cached. The step says which node the
 * job gets and which one it asked for; it does not pretend to have installed it. Inputs it does
 * not model make the step fail.
 */

const MODELLED = ['node-version', 'cache']

export const isSetupNode = (uses: string): boolean => /^actions\/setup-node@/.test(uses)

/** The step's log: the machine's node, beside the version asked for. */
export function setupNode(withs: Readonly<Record<string, string>>, node: string): string {
  const unknown = Object.keys(withs).filter(k => !MODELLED.includes(k))
  if (unknown.length > 0) {
    throw new WorkflowError(`actions/setup-node: input(s) ${unknown.join(', ')} not modelled`)
  }
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  return [
    `Node ${withs['node-version'] ?? '(none asked)'} asked for; the local runner uses this machine's node ${version} (${dirname(node)}), installs nothing${withs.cache ? ` and caches nothing (cache: ${withs.cache})` : ''}.`,
    ''
  ].join('\n')
}
