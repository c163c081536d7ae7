// The release workflow's notes: the tag's CHANGELOG.md section, or a failure that names what is missing.
import { describe, expect, test } from '@jest/globals'
// @ts-expect-error: a plain ESM script without types
import { releaseNotes } from '../../../scripts/release-notes.js'
import { jobsOf, readYaml } from './workflow-files.js'

const notes = releaseNotes as (changelog: string, tag: string) => string

const CHANGELOG = `# Changelog

## [Unreleased]
- next

## [1.1.0] - 2026-12-01
### Added
- two roles

## [1.0.0] - 2026-11-01
- first
`

describe('release notes', () => {
  test('are the section of the tag’s version, up to the next one', () => {
    expect(notes(CHANGELOG, 'v1.1.0')).toBe('### Added\n- two roles\n')
    expect(notes(CHANGELOG, 'v1.0.0')).toBe('- first\n')
  })

  test.each([
    ['v1.2.0', 'no "## [1.2.0]" section'],
    ['1.1.0', 'not a version tag'],
    ['v1', 'not a version tag']
  ])('%s fails: %s', (tag, message) => {
    expect(() => notes(CHANGELOG, tag)).toThrow(message)
  })

  test('an empty section fails', () => {
    expect(() => notes('## [2.0.0]\n\n## [1.0.0]\n- x\n', 'v2.0.0')).toThrow('empty')
  })
})

test('release.yml checks the tag is on main, then verifies, then releases; only the release job writes, in the release environment', () => {
  const workflow = readYaml('.github/workflows/release.yml')
  expect(workflow.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } })
  const [onMain, verify, release] = jobsOf(workflow)
  expect(onMain?.id).toBe('on-main')
  expect(JSON.stringify(onMain?.steps)).toContain(
    'git merge-base --is-ancestor \\"$GITHUB_SHA\\" origin/main'
  )
  expect(verify?.body.needs).toBe('on-main')
  expect(verify?.body.permissions).toBeUndefined()
  expect(verify?.steps.map(s => s.name ?? s.run)).toEqual(
    expect.arrayContaining(['npm test', 'dist is what the sources bundle to'])
  )
  expect(release?.body.needs).toEqual(['on-main', 'verify'])
  expect(release?.body.permissions).toEqual({ contents: 'write' })
  expect(release?.body.environment).toMatchObject({ name: 'release' })
  // curl against $GITHUB_API_URL, never the gh CLI.
  expect(JSON.stringify(workflow)).not.toMatch(/\bgh (api|release)\b/)
  expect(JSON.stringify(release?.steps)).toContain('$GITHUB_API_URL/repos/$REPOSITORY/git/refs')
})
