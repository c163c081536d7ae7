import { describe, expect, it } from '@jest/globals'
import { commitOrderOf } from '../../../src/front/commit-order.js'

/* The commit-order guard's way to GitHub: the compare API for OWNER/REPO, or what is missing. */

const WORDS = { noToken: 'github-token is empty', turnOn: 'Give the step github-token.' }

describe('commitOrderOf', () => {
  it.each<[string, string | undefined, string, readonly string[] | string]>([
    ['a repository and a token', 'megilance/megilance', 'ghs_x', 'megilance/megilance'],
    ['no token', 'megilance/megilance', '', ['github-token is empty']],
    ['GITHUB_REPOSITORY unset', undefined, 'ghs_x', ['GITHUB_REPOSITORY is not set to OWNER/REPO']],
    ['GITHUB_REPOSITORY empty', '', 'ghs_x', ['GITHUB_REPOSITORY is not set to OWNER/REPO']],
    [
      'GITHUB_REPOSITORY not OWNER/REPO',
      'megilance',
      'ghs_x',
      ['GITHUB_REPOSITORY is not set to OWNER/REPO']
    ],
    [
      'neither',
      undefined,
      '',
      ['GITHUB_REPOSITORY is not set to OWNER/REPO', 'github-token is empty']
    ]
  ])('%s', (_name, repository, token, expected) => {
    const asked: string[] = []
    const got = commitOrderOf(repository, token, WORDS, (owner, repo) => {
      asked.push(`${owner}/${repo}`)
      return async () => 'ahead'
    })
    if (typeof expected === 'string') {
      expect(typeof got).toBe('function')
      expect(asked).toEqual([expected])
    } else {
      expect(got).toEqual({ missing: expected, turnOn: WORDS.turnOn })
      expect(asked).toEqual([])
    }
  })
})
