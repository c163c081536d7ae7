// What the repository tells its users to run: every third-party action pinned to a full commit SHA
// with its version, one version of each action everywhere (workflows, templates, README, docs), no
// advice to hand a called workflow every secret, Dependabot for npm and the actions, a security
// policy.
import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, lstatSync } from 'node:fs'
import { join } from 'node:path'
import { isMapping, readText, readYaml, ROOT } from './workflow-files.js'

/** Every file of the repository (tracked, or new and not ignored), relative to the root. */
const files = (): string[] =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
    .split('\n')
    .filter(f => f !== '' && existsSync(join(ROOT, f)) && lstatSync(join(ROOT, f)).isFile())

/** Where users read what to run: workflows, templates, action.yml files, Markdown, examples. */
const advice = (): string[] =>
  files().filter(
    f =>
      /^\.github\/.*\.ya?ml$/.test(f) ||
      /^workflows-templates\//.test(f) ||
      /^action-[\w-]+\/action\.ya?ml$/.test(f) ||
      /^examples\//.test(f) ||
      (/\.md$/.test(f) && !f.startsWith('test/'))
  )

interface Use {
  readonly file: string
  readonly line: number
  readonly action: string
  readonly ref: string
  readonly comment: string
}

/** Every `uses: owner/repo[/path]@ref` in the files, with its trailing comment. */
function usesIn(fileList: readonly string[]): Use[] {
  const found: Use[] = []
  for (const file of fileList) {
    readText(file)
      .split('\n')
      .forEach((text, index) => {
        const m = /uses:\s+([\w.-]+\/[\w./-]+)@([^\s#`'"]+)\s*(?:#\s*(.*))?$/.exec(text)
        if (m === null) return
        found.push({
          file,
          line: index + 1,
          action: m[1] ?? '',
          ref: m[2] ?? '',
          comment: (m[3] ?? '').trim()
        })
      })
  }
  return found
}

/** This suite's own actions and workflows, which callers pin by release tag or SHA. */
const ours = (u: Use): boolean => /^(OWNER|acme)\/ecs-deploy-actions(\/|$)/.test(u.action)

/** Pins that are not a full commit SHA with a version comment. */
const loosePins = (uses: readonly Use[]): string[] =>
  uses
    .filter(u => !/^[0-9a-f]{40}$/.test(u.ref) || !/^v\d+(\.\d+)*$/.test(u.comment))
    .map(u => `${u.file}:${u.line}: ${u.action}@${u.ref} # ${u.comment}`)

/** Actions pinned to more than one SHA or version, with their pins. */
function splitPins(uses: readonly Use[]): string[] {
  const pins = new Map<string, Set<string>>()
  for (const u of uses) {
    const key = u.action.split('/').slice(0, 2).join('/')
    pins.set(key, (pins.get(key) ?? new Set()).add(`${u.ref} # ${u.comment}`))
  }
  return [...pins]
    .filter(([, set]) => set.size > 1)
    .map(([action, set]) => `${action}: ${[...set].join(', ')}`)
}

describe('third-party actions', () => {
  const uses = usesIn(advice()).filter(u => !ours(u))

  test('are found in the workflows, the README and the docs', () => {
    expect([...new Set(uses.map(u => u.action))].sort()).toEqual([
      'actions/checkout',
      'actions/setup-node'
    ])
    for (const file of ['.github/workflows/deploy.yml', 'README.md', 'docs/build-push.md'])
      expect(uses.some(u => u.file === file)).toBe(true)
  })

  test('each is pinned to a full 40-hex commit SHA with its version in a comment', () => {
    expect(loosePins(uses)).toEqual([])
  })

  test('each action has one SHA and one version across the repository', () => {
    expect(splitPins(uses)).toEqual([])
  })

  test('the checks catch a tag pin, a short SHA, a missing comment and two pins of one action', () => {
    const use = (ref: string, comment: string, action = 'actions/checkout'): Use => ({
      file: 'x.yml',
      line: 1,
      action,
      ref,
      comment
    })
    expect(
      loosePins([use('v4', ''), use('3d3c42e', 'v7.0.1'), use('a'.repeat(40), '')])
    ).toHaveLength(3)
    expect(
      splitPins([
        use('3d3c42e5aac5ba805825da76410c181273ba90b1', 'v7.0.1'),
        use('11bd71901bbe5b1630ceea73d27597364c9af683', 'v4.2.2', 'actions/checkout/sub')
      ])
    ).toHaveLength(1)
    expect(usesIn(['README.md']).some(u => u.action === 'actions/checkout')).toBe(true)
  })
})

describe('secrets', () => {
  test('no file recommends handing a called workflow every secret (secrets: inherit)', () => {
    // The local workflow runner models the keyword, because GitHub has it; this test names it.
    const allowed = (f: string) =>
      f.startsWith('tools/workflow-runner/') || f === 'test/unit/workflows/supply-chain.test.ts'
    const found = files()
      .filter(
        f => !allowed(f) && !/\.(png|jpe?g|gif|ico|gz|zip|wasm)$/.test(f) && !f.startsWith('dist/')
      )
      .filter(f => /secrets:\s*inherit/.test(readText(f)))
    expect(found).toEqual([])
  })

  test('the reusable workflows declare each secret they read, none required', () => {
    for (const file of files().filter(f => /^\.github\/workflows\/.*\.yml$/.test(f))) {
      const on = readYaml(file).on
      const call = isMapping(on) && isMapping(on.workflow_call) ? on.workflow_call : undefined
      if (call === undefined) continue
      const declared = isMapping(call.secrets) ? Object.keys(call.secrets) : []
      const read = [...readText(file).matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map(m => m[1])
      expect([file, [...new Set(read)].filter(s => !declared.includes(s ?? ''))]).toEqual([
        file,
        []
      ])
      for (const spec of Object.values(isMapping(call.secrets) ? call.secrets : {}))
        expect(isMapping(spec) && spec.required).toBe(false)
    }
  })
})

test('Dependabot updates the npm dependencies and the pinned actions', () => {
  const config = readYaml('.github/dependabot.yml')
  expect(config.version).toBe(2)
  const updates = (config.updates as { 'package-ecosystem': string; directory: string }[]).map(
    u => `${u['package-ecosystem']} ${u.directory}`
  )
  expect(updates).toEqual(expect.arrayContaining(['npm /', 'github-actions /']))
})

test('SECURITY.md says how to report, which versions get fixes, and what the actions trust', () => {
  const policy = readText('SECURITY.md')
  for (const heading of [
    '## Reporting a vulnerability',
    '## Supported versions',
    '## What the actions and workflows trust'
  ])
    expect(policy).toContain(heading)
  expect(policy).toContain('private vulnerability reporting')
})
