import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
// @ts-expect-error: a plain ESM script without type declarations
import { DOCUMENTS, readActions, renderReadme } from '../../scripts/readme-reference.js'

describe('README', () => {
  it('has the inputs and outputs reference of every action.yml, in step (npm run docs)', () => {
    const documents = (DOCUMENTS as string[]).map(file => readFileSync(file, 'utf8'))
    const actions = readActions('.') as Record<string, string>
    expect(Object.keys(actions).sort()).toEqual(['action-build-push', 'action-ecs-deploy'])
    for (const name of Object.keys(actions)) {
      const holding = documents.filter(d => d.includes(`<!-- reference:${name}:start -->`))
      expect(holding).toHaveLength(1)
    }
    for (const text of documents) expect(renderReadme(text, actions)).toBe(text)
    expect(documents[0]).toContain('<!-- reference:action-ecs-deploy:start -->')
  })

  it('is a guide for users, under 300 lines; what contributors need is in docs/', () => {
    const readme = readFileSync('README.md', 'utf8')
    expect(readme.split('\n').length).toBeLessThan(300)
    expect(readme).toContain('(docs/development.md)')
    expect(readme).toContain('(docs/ecs-deploy.md)')
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
