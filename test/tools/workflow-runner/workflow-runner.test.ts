// The local workflow runner refuses what it does not model, checks permissions as GitHub does at
// the start of a run, and models push filters, matrices and checkouts as GitHub documents them.
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { commit } from '../../../tools/harness/repositories.js'
import { startOidcIssuer } from '../../../tools/harness/oidc.js'
import { evaluate } from '../../../tools/workflow-runner/expressions.js'
import { matchesPatterns, pushRuns } from '../../../tools/workflow-runner/filters.js'
import { loadWorkflow } from '../../../tools/workflow-runner/load.js'
import { combineOutputs, strategyOf } from '../../../tools/workflow-runner/matrix.js'
import { runWorkflow } from '../../../tools/workflow-runner/index.js'
import { execFileSync } from 'node:child_process'
import {
  nestedViolation,
  permissionsOf,
  RESTRICTED_DEFAULT
} from '../../../tools/workflow-runner/permissions.js'

const workflow = (job: string, step = '      - run: echo hi') =>
  `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n${job}    steps:\n${step}\n`

describe('a feature the runner does not model fails loudly', () => {
  test.each([
    ['a container', workflow('    container: node:20\n'), 'job a uses "container"'],
    [
      'continue-on-error',
      workflow('', '      - run: echo hi\n        continue-on-error: true'),
      'uses "continue-on-error"'
    ],
    ['defaults', workflow('    defaults:\n      run:\n        shell: sh\n'), 'uses "defaults"']
  ])('%s', async (_what, text, message) => {
    await expect(loadWorkflow('x.yml', text)).rejects.toThrow(message)
  })

  test('a workflow GitHub would refuse is refused with the parser’s message', async () => {
    await expect(loadWorkflow('x.yml', workflow('    runs-onn: x\n'))).rejects.toThrow(/runs-onn/)
  })

  test('an unknown function is an error, not an empty string', () => {
    expect(() => evaluate("hashFiles('**/package-lock.json')", {})).toThrow()
  })
})

describe('permissions', () => {
  test('a job without id-token: write in its caller may not ask for it', () => {
    const caller = permissionsOf({ contents: 'read' }, RESTRICTED_DEFAULT)
    const called = permissionsOf({ contents: 'read', 'id-token': 'write' }, caller)
    expect(nestedViolation('build', called, caller)).toBe(
      "The nested job 'build' is requesting 'id-token: write', but is only allowed 'id-token: none'."
    )
    const granted = permissionsOf({ contents: 'read', 'id-token': 'write' }, RESTRICTED_DEFAULT)
    expect(nestedViolation('build', called, granted)).toBeUndefined()
  })

  test('no permissions anywhere: the restricted default, without id-token', () => {
    expect(permissionsOf(undefined, RESTRICTED_DEFAULT)['id-token']).toBe('none')
    expect(permissionsOf('write-all', RESTRICTED_DEFAULT)['id-token']).toBe('write')
  })
})

test('status functions follow the job', () => {
  expect(evaluate('success()', {}, { success: false }).coerceString()).toBe('false')
  expect(evaluate('failure() && always()', {}, { success: false }).coerceString()).toBe('true')
  expect(
    evaluate("format('app/{0}', inputs.context)", { inputs: { context: 'backend' } }).coerceString()
  ).toBe('app/backend')
})

describe('push filters, as GitHub’s filter pattern cheat sheet has them', () => {
  test.each([
    [['v[0-9]+.[0-9]+.[0-9]+'], 'v1.2.3', true],
    [['v[0-9]+.[0-9]+.[0-9]+'], 'v10.0.12', true],
    [['v[0-9]+.[0-9]+.[0-9]+'], 'v1', false],
    [['v[0-9]+.[0-9]+.[0-9]+'], 'v1.2.3-rc.1', false],
    [['main'], 'main', true],
    [['main'], 'maintenance', false],
    [['releases/*'], 'releases/1.x', true],
    [['releases/*'], 'releases/1.x/fix', false],
    [['releases/**', '!releases/old'], 'releases/old', false],
    [['releases/**', '!releases/old'], 'releases/new/fix', true],
    [['feature?'], 'feature', true]
  ])('%j selects %s: %s', (patterns, name, selected) => {
    expect(matchesPatterns(patterns, name)).toBe(selected)
  })

  test('a workflow on tags only never runs for a branch, and the other way round', () => {
    expect(pushRuns('x.yml', { tags: ['v*'] }, 'refs/tags/v1')).toBe(true)
    expect(pushRuns('x.yml', { tags: ['v*'] }, 'refs/heads/main')).toBe(false)
    expect(pushRuns('x.yml', { branches: ['main'] }, 'refs/tags/v1')).toBe(false)
    expect(pushRuns('x.yml', {}, 'refs/tags/v1')).toBe(true)
    expect(() => pushRuns('x.yml', { paths: ['src/**'] }, 'refs/heads/main')).toThrow(
      'on.push.paths is not modelled'
    )
  })
})

describe('a matrix, expanded as GitHub documents it', () => {
  test('include adds to the combinations it does not overwrite, and makes new ones', () => {
    // "Expanding or adding matrix configurations", with its documented result.
    const strategy = strategyOf('a', {
      matrix: {
        fruit: ['apple', 'pear'],
        animal: ['cat', 'dog'],
        include: [
          { color: 'green' },
          { color: 'pink', animal: 'cat' },
          { fruit: 'apple', shape: 'circle' },
          { fruit: 'banana' },
          { fruit: 'banana', animal: 'cat' }
        ]
      }
    })
    expect(strategy.combinations).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' }
    ])
    expect(strategy.failFast).toBe(true)
  })

  test('exclude removes, include alone lists the legs, fail-fast is read', () => {
    expect(
      strategyOf('a', { matrix: { os: ['a', 'b'], n: [1, 2], exclude: [{ os: 'b', n: 2 }] } })
        .combinations
    ).toEqual([
      { os: 'a', n: 1 },
      { os: 'a', n: 2 },
      { os: 'b', n: 1 }
    ])
    const only = strategyOf('a', { 'fail-fast': false, matrix: { include: [{ x: 1 }, { x: 2 }] } })
    expect(only).toMatchObject({ combinations: [{ x: 1 }, { x: 2 }], failFast: false })
    expect(() => strategyOf('a', { matrix: { include: [] } })).toThrow('no combination')
    expect(() => strategyOf('a', { matrix: { n: [1] }, 'fail-quick': true })).toThrow(
      'strategy.fail-quick is not modelled'
    )
  })

  test('the legs’ outputs are combined; an empty output does not replace a value', () => {
    expect(
      combineOutputs([
        { 'image-1': 'a', 'image-2': '', registry: 'r' },
        { 'image-1': '', 'image-2': 'b', registry: 'r' }
      ])
    ).toEqual({ 'image-1': 'a', 'image-2': 'b', registry: 'r' })
  })
})

test('a run: a tag push at its commit, a matrix whose legs’ outputs reach the next job, a checkout into the empty workspace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'runner-repo-'))
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir])
  const text = [
    'on:',
    '  push:',
    "    tags: ['v*']",
    'jobs:',
    '  build:',
    '    name: Build ${{ matrix.n }}',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    '        n: [1, 2]',
    '    outputs:',
    '      out-1: ${{ steps.o.outputs.out-1 }}',
    '      out-2: ${{ steps.o.outputs.out-2 }}',
    '    steps:',
    '      - id: o',
    '        env:',
    '          N: ${{ matrix.n }}',
    '          TOTAL: ${{ strategy.job-total }}',
    '        run: echo "out-$N=leg $N of $TOTAL, attempt $GITHUB_RUN_ATTEMPT" >>"$GITHUB_OUTPUT"',
    '  use:',
    '    needs: build',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
    '      - id: r',
    '        env:',
    '          ALL: ${{ toJSON(needs.build.outputs) }}',
    '        run: |',
    '          echo "all=$(jq -c . <<<"$ALL")" >>"$GITHUB_OUTPUT"',
    '          echo "file=$(cat marker)" >>"$GITHUB_OUTPUT"',
    ''
  ].join('\n')
  const tagged = commit(dir, { '.github/workflows/w.yml': text, marker: 'first' }, 'one')
  execFileSync('git', ['-C', dir, 'tag', 'v1'])
  commit(dir, { marker: 'second' }, 'two')
  const oidc = await startOidcIssuer({
    repository: 'o/r',
    ref: 'refs/tags/v1',
    sha: tagged,
    runId: '1'
  })
  try {
    const run = await runWorkflow({
      repositories: { 'o/r': dir },
      repository: 'o/r',
      workflow: '.github/workflows/w.yml',
      event: { name: 'push', ref: 'refs/tags/v1', sha: tagged },
      oidc,
      runAttempt: 2
    })
    expect(run.error).toBeUndefined()
    expect(run.jobs.map(j => `${j.name}: ${j.result}`)).toEqual([
      'Build 1: success',
      'Build 2: success',
      'use: success'
    ])
    const use = run.jobs.find(j => j.name === 'use')
    expect(JSON.parse(use?.steps[1]?.outputs.all ?? '{}')).toEqual({
      'out-1': 'leg 1 of 2, attempt 2',
      'out-2': 'leg 2 of 2, attempt 2'
    })
    // The tag's commit was checked out, not the branch's newer one.
    expect(use?.steps[1]?.outputs.file).toBe('first')
    await expect(
      runWorkflow({
        repositories: { 'o/r': dir },
        repository: 'o/r',
        workflow: '.github/workflows/w.yml',
        event: { name: 'push', ref: 'refs/heads/main' },
        oidc
      })
    ).rejects.toThrow(/does not match on\.push/)
  } finally {
    await oidc.close()
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)
