import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type GitHubApi, startGitHubApi } from '../../../tools/github-api/index.js'
import { type OidcIssuer, startOidcIssuer } from '../../../tools/harness/oidc.js'
import { commit } from '../../../tools/harness/repositories.js'
import { annotations } from '../../../tools/harness/runner.js'
import { type RunResult, runWorkflow } from '../../../tools/workflow-runner/index.js'

/*
 * This repository's version release workflow (.github/workflows/release.yml), run by the local
 * workflow runner against the GitHub API stand-in, on a fixture of this repository: the real
 * workflow file, release-notes script and a CHANGELOG, with checks (npm ci, the dist check,
 * scripts/setup.sh, npm test) that are the fixture's own, fast and scripted to pass or fail.
 * A good tag: the ancestor check, the checks, the release notes, then the release and the major
 * tag moved. A tag on a commit outside main, or failing checks: nothing moves.
 */

const REPOSITORY = 'acme/ecs-deploy-actions'
const CHANGELOG = `# Changelog

## [Unreleased]

## [2.0.0] - 2026-12-10
### Changed
- release mode is the default

## [1.2.0] - 2026-12-01
### Added
- deploy-release.yml

## [1.1.0] - 2026-11-01
- two roles
`

interface World {
  readonly dir: string
  readonly github: GitHubApi
  readonly oidc: OidcIssuer
  readonly bin: string
  /** main's commits, oldest first. */
  readonly main: string[]
  /** A commit on a branch off main, never merged. */
  readonly feature: string
}

let w: World

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim()
}

function fixture(testsPass: boolean): { dir: string; main: string[]; feature: string } {
  const dir = mkdtempSync(join(tmpdir(), 'release-repo-'))
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir])
  const files = {
    '.github/workflows/release.yml': readFileSync('.github/workflows/release.yml', 'utf8'),
    'scripts/release-notes.js': readFileSync('scripts/release-notes.js', 'utf8'),
    'CHANGELOG.md': CHANGELOG,
    'package.json': `${JSON.stringify(
      {
        name: 'release-fixture',
        version: '0.0.0',
        private: true,
        type: 'module',
        scripts: {
          package: 'node -e "console.log(\'dist is current\')"',
          test: testsPass
            ? 'node -e "console.log(\'the tests pass\')"'
            : 'node -e "console.error(\'a test fails\'); process.exit(1)"'
        }
      },
      null,
      2
    )}\n`,
    'package-lock.json': `${JSON.stringify(
      {
        name: 'release-fixture',
        version: '0.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { name: 'release-fixture', version: '0.0.0' } }
      },
      null,
      2
    )}\n`,
    'scripts/setup.sh': 'echo "the machine is set up"\n',
    'dist/index.js': '// bundle\n'
  }
  const first = commit(dir, files, 'v1.1.0')
  const second = commit(dir, { 'src.txt': 'deploy-release\n' }, 'deploy-release.yml')
  git(dir, 'checkout', '--quiet', '-b', 'feature')
  const feature = commit(dir, { 'src.txt': 'an experiment\n' }, 'experiment')
  git(dir, 'checkout', '--quiet', 'main')
  return { dir, main: [first, second], feature }
}

async function world(testsPass = true): Promise<World> {
  const { dir, main, feature } = fixture(testsPass)
  const [first = ''] = main
  const github = await startGitHubApi({ refs: { 'tags/v1': first } })
  const oidc = await startOidcIssuer({
    repository: REPOSITORY,
    ref: 'refs/tags/v1.2.0',
    sha: first,
    runId: '1'
  })
  // A hosted runner's passwordless sudo.
  const bin = mkdtempSync(join(tmpdir(), 'release-bin-'))
  writeFileSync(join(bin, 'sudo'), '#!/bin/sh\nexec "$@"\n')
  chmodSync(join(bin, 'sudo'), 0o755)
  mkdirSync(join(bin, 'npm-cache'))
  return { dir, github, oidc, bin, main, feature }
}

const push = (tag: string, sha: string): Promise<RunResult> =>
  runWorkflow({
    repositories: { [REPOSITORY]: w.dir },
    repository: REPOSITORY,
    workflow: '.github/workflows/release.yml',
    event: { name: 'push', ref: `refs/tags/${tag}`, sha },
    oidc: w.oidc,
    githubApiUrl: w.github.url,
    pathPrefix: [w.bin],
    env: {
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_cache: join(w.bin, 'npm-cache')
    }
  })

const logs = (run: RunResult): string =>
  run.error ??
  run.jobs
    .flatMap(j => j.steps.map(s => `--- ${j.name} / ${s.name} (${s.conclusion})\n${s.log}`))
    .join('\n')

const steps = (run: RunResult): string[] =>
  run.jobs.flatMap(j => j.steps.map(s => `${j.name} / ${s.name}: ${s.conclusion}`))

afterEach(async () => {
  await w.github.close()
  await w.oidc.close()
  rmSync(w.dir, { recursive: true, force: true })
  rmSync(w.bin, { recursive: true, force: true })
})

describe('a tag of a commit on main', () => {
  beforeEach(async () => {
    w = await world()
  })

  it('is checked, released with its CHANGELOG section, and the major tag moves to it', async () => {
    const [first, second = ''] = w.main
    const run = await push('v1.2.0', second)
    expect({
      conclusion: run.conclusion,
      log: run.conclusion === 'success' ? '' : logs(run)
    }).toEqual({
      conclusion: 'success',
      log: ''
    })
    // In order: the ancestor check, the checks, the notes, then the writes.
    expect(steps(run)).toEqual([
      'The tag is on main / Run actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1: success',
      'The tag is on main / Refuse a tag whose commit is not on main: success',
      'dist current, tests pass / Run actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1: success',
      'dist current, tests pass / Run actions/setup-node@820762786026740c76f36085b0efc47a31fe5020: success',
      'dist current, tests pass / Run npm ci: success',
      'dist current, tests pass / The tag has release notes in CHANGELOG.md: success',
      'dist current, tests pass / dist is what the sources bundle to: success',
      'dist current, tests pass / Set up the machine (scripts/setup.sh): success',
      'dist current, tests pass / Run npm test: success',
      'GitHub release, major tag / Run actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1: success',
      'GitHub release, major tag / Release notes from CHANGELOG.md: success',
      'GitHub release, major tag / Create the release with the CHANGELOG section: success',
      'GitHub release, major tag / Move the major tag to this release: success'
    ])
    const verify = run.jobs[1]
    expect(verify?.steps.find(s => s.name === 'Run npm test')?.log).toContain('the tests pass')
    // Only the job that writes runs in the protected environment, with contents: write.
    const [onMain, , release] = run.jobs
    expect(release?.environment).toEqual({
      name: 'release',
      url: `https://github.com/${REPOSITORY}/releases/tag/v1.2.0`
    })
    expect(release?.permissions.contents).toBe('write')
    expect(onMain?.environment).toBeUndefined()
    expect(onMain?.permissions.contents).toBe('read')
    expect(verify?.permissions.contents).toBe('read')
    expect(w.github.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/releases`,
      `GET /repos/${REPOSITORY}/git/ref/tags/v1`,
      `PATCH /repos/${REPOSITORY}/git/refs/tags/v1`
    ])
    expect(w.github.releases()).toEqual([
      { id: 1, tag_name: 'v1.2.0', name: 'v1.2.0', body: '### Added\n- deploy-release.yml\n' }
    ])
    expect(w.github.requests[2]?.body).toEqual({ sha: second, force: true })
    expect(w.github.refs()).toEqual({ 'tags/v1': second })
    expect(first).not.toBe(second)
    for (const r of w.github.requests) expect(r.authorization).toMatch(/^Bearer ghs_/)
  }, 120_000)

  it('a new major version creates its major tag', async () => {
    const [, second = ''] = w.main
    const run = await push('v2.0.0', second)
    expect(run.conclusion).toBe('success')
    expect(w.github.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/releases`,
      `GET /repos/${REPOSITORY}/git/ref/tags/v2`,
      `POST /repos/${REPOSITORY}/git/refs`
    ])
    expect(w.github.refs()).toEqual({ 'tags/v1': w.main[0], 'tags/v2': second })
  }, 120_000)

  it('a tag without release notes fails the checks: nothing is released, no tag moves', async () => {
    const [, second = ''] = w.main
    const run = await push('v1.3.0', second)
    expect(run.conclusion).toBe('failure')
    expect(run.jobs.map(j => `${j.name}: ${j.result}`)).toEqual([
      'The tag is on main: success',
      'dist current, tests pass: failure'
    ])
    expect(w.github.requests).toEqual([])
    expect(w.github.refs()).toEqual({ 'tags/v1': w.main[0] })
  }, 120_000)
})

describe('what never moves a tag', () => {
  it('a tag on a commit outside main fails before any check, and nothing moves', async () => {
    w = await world()
    const run = await push('v1.2.0', w.feature)
    expect(run.conclusion).toBe('failure')
    expect(run.jobs.map(j => `${j.name}: ${j.result}`)).toEqual(['The tag is on main: failure'])
    const check = run.jobs[0]?.steps.find(
      s => s.name === 'Refuse a tag whose commit is not on main'
    )
    expect(annotations(check?.log ?? '', 'error')).toEqual([
      expect.objectContaining({
        title: 'The tag is not on main',
        message: expect.stringContaining(`v1.2.0 names ${w.feature}, which is not on main`)
      })
    ])
    expect(w.github.requests).toEqual([])
    expect(w.github.refs()).toEqual({ 'tags/v1': w.main[0] })
    expect(w.github.releases()).toEqual([])
  }, 120_000)

  it('failing tests: the release job never runs', async () => {
    w = await world(false)
    const [, second = ''] = w.main
    const run = await push('v1.2.0', second)
    expect(run.conclusion).toBe('failure')
    expect(run.jobs.map(j => `${j.name}: ${j.result}`)).toEqual([
      'The tag is on main: success',
      'dist current, tests pass: failure'
    ])
    expect(run.jobs[1]?.steps.find(s => s.name === 'Run npm test')?.log).toContain('a test fails')
    expect(w.github.requests).toEqual([])
    expect(w.github.refs()).toEqual({ 'tags/v1': w.main[0] })
  }, 120_000)
})
