import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
// @ts-expect-error: a plain ESM script without type declarations
import { readActions, renderReadme } from '../../scripts/readme-reference.js'

describe('README', () => {
  it('has the inputs and outputs reference of every action.yml, in step (npm run docs)', () => {
    const readme = readFileSync('README.md', 'utf8')
    const actions = readActions('.') as Record<string, string>
    expect(Object.keys(actions).length).toBeGreaterThan(0)
    for (const name of Object.keys(actions)) {
      expect(readme).toContain(`<!-- reference:${name}:start -->`)
    }
    expect(renderReadme(readme, actions)).toBe(readme)
  })

  it('leads with the demo and the test command, and .ci/run runs that test command', () => {
    const readme = readFileSync('README.md', 'utf8')
    const firstBlock = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
    expect(firstBlock).toContain('bash scripts/setup.sh && npm run demo')
    expect(firstBlock).toContain('bash scripts/setup.sh && npm test')
    expect(firstBlock).not.toContain('sudo') // a fresh machine may have no sudo; setup.sh runs as root
    const ci = readFileSync('.ci/run', 'utf8')
    expect(ci).toMatch(/^bash scripts\/setup\.sh$/m)
    expect(ci).toMatch(/^npm test$/m)
  })
})
