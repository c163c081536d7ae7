import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { maskSecretValues, readSettings } from '../../../src/build-push/settings.js'
import { diskFiles } from '../../../src/shared/files.js'
import { InputError } from '../../../src/shared/parse.js'

let cwd: string
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'build-push-inputs-'))
  mkdirSync(join(cwd, 'backend'))
  writeFileSync(join(cwd, 'backend', 'Dockerfile'), 'FROM scratch\n')
  writeFileSync(join(cwd, 'Dockerfile.api'), 'FROM scratch\n')
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const env = {
  GITHUB_SHA: SHA,
  GITHUB_REPOSITORY: 'megilance/megilance',
  GITHUB_SERVER_URL: 'https://github.com'
}

function parse(inputs: Record<string, string>, secrets: string[] = []) {
  const all: Record<string, string> = {
    'aws-region': 'us-east-1',
    repository: 'megilance-backend',
    context: 'backend',
    ...inputs
  }
  maskSecretValues(all.secrets ?? '', s => secrets.push(s))
  return readSettings(name => all[name] ?? '', env, diskFiles, cwd)
}

describe('readSettings', () => {
  it('applies the defaults', () => {
    const settings = parse({})
    expect(settings).toMatchObject({
      repository: 'megilance-backend',
      context: 'backend',
      file: join('backend', 'Dockerfile'),
      tags: [SHA],
      platforms: [],
      push: true,
      skipExisting: true,
      cache: 'auto',
      createRepository: true,
      imageTagMutability: 'MUTABLE',
      scanOnPush: true,
      keepImages: 0,
      git: { sourceUrl: 'https://github.com/megilance/megilance', revision: SHA }
    })
    expect(settings.credentials).toMatchObject({ region: 'us-east-1', roleToAssume: '' })
  })

  it('reads lists, choices and numbers', () => {
    const secrets: string[] = []
    const settings = parse(
      {
        file: 'Dockerfile.api',
        'build-args': 'NODE_ENV=production\nURL=https://x/?a=b',
        secrets: 'npm_token=abc=def\n# comment\ngh=ghp_123',
        tags: 'v1.2.3\nlatest\nv1.2.3',
        labels: 'team=payments',
        platforms: 'linux/amd64, linux/arm64/v8',
        push: 'false',
        'skip-existing': 'false',
        cache: 'inline',
        'create-repository': 'false',
        'image-tag-mutability': 'immutable',
        'scan-on-push': 'false',
        'keep-images': '50'
      },
      secrets
    )
    expect(settings).toMatchObject({
      file: 'Dockerfile.api',
      buildArgs: [
        { key: 'NODE_ENV', value: 'production' },
        { key: 'URL', value: 'https://x/?a=b' }
      ],
      secrets: [
        { key: 'npm_token', value: 'abc=def' },
        { key: 'gh', value: 'ghp_123' }
      ],
      tags: ['v1.2.3', 'latest'],
      labels: [{ key: 'team', value: 'payments' }],
      platforms: ['linux/amd64', 'linux/arm64/v8'],
      push: false,
      skipExisting: false,
      cache: 'inline',
      createRepository: false,
      imageTagMutability: 'IMMUTABLE',
      scanOnPush: false,
      keepImages: 50
    })
    expect(secrets).toEqual(['abc=def', 'ghp_123'])
  })

  const bad: [string, Record<string, string>, string, RegExp][] = [
    ['no repository', { repository: '' }, 'repository', /is required/],
    ['upper case repository', { repository: 'Backend' }, 'repository', /not a valid ECR/],
    ['repository with a trailing slash', { repository: 'team/' }, 'repository', /not a valid ECR/],
    ['repository with a double separator', { repository: 'a--b' }, 'repository', /not a valid ECR/],
    ['one-letter repository', { repository: 'a' }, 'repository', /2 to 256/],
    ['no context', { context: 'frontend' }, 'context', /"frontend" does not exist/],
    ['context is a file', { context: 'Dockerfile.api' }, 'context', /does not exist/],
    ['no default Dockerfile', { context: '.' }, 'file', /no Dockerfile at "Dockerfile"/],
    ['missing file', { file: 'nope/Dockerfile' }, 'file', /"nope\/Dockerfile" does not exist/],
    ['tag with a space', { tags: 'my tag' }, 'tags', /not a valid tag/],
    ['tag starting with a dot', { tags: '.hidden' }, 'tags', /not a valid tag/],
    ['tag too long', { tags: 'x'.repeat(129) }, 'tags', /not a valid tag/],
    ['buildcache as a tag', { tags: 'buildcache' }, 'tags', /registry build cache/],
    ['platform without os', { platforms: 'arm64' }, 'platforms', /not a platform/],
    ['build-arg without =', { 'build-args': 'NODE_ENV' }, 'build-args', /line 1/],
    ['bad boolean', { push: 'maybe' }, 'push', /not a boolean/],
    [
      'bad mutability',
      { 'image-tag-mutability': 'sometimes' },
      'image-tag-mutability',
      /not one of/
    ],
    ['bad keep-images', { 'keep-images': 'ten' }, 'keep-images', /not a whole number/],
    ['bad region', { 'aws-region': 'Virginia' }, 'aws-region', /not an AWS region/]
  ]
  it.each(bad)('%s → InputError naming %s', (_name, inputs, input, message) => {
    let error: unknown
    try {
      parse(inputs)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe(input)
    expect((error as InputError).message).toMatch(message)
  })

  it('masks every secret value and never echoes a malformed secret line', () => {
    const secrets: string[] = []
    expect(() => parse({ secrets: 'id=ok\nghp_bareTokenPastedByMistake' }, secrets)).toThrow(
      /Input "secrets": line 2 is not id=value/
    )
    expect(secrets).toEqual(['ok', 'ghp_bareTokenPastedByMistake'])
    try {
      parse({ secrets: 'ghp_bareTokenPastedByMistake' })
    } catch (e) {
      expect((e as Error).message).not.toContain('ghp_bare')
    }
  })

  it('needs a tag when there is no commit SHA', () => {
    expect(() =>
      readSettings(
        name => ({ 'aws-region': 'us-east-1', repository: 'app', context: 'backend' })[name] ?? '',
        {},
        diskFiles,
        cwd
      )
    ).toThrow(/Input "tags": no tags given and no GITHUB_SHA/)
  })
})
