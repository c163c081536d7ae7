import { describe, expect, it } from '@jest/globals'
import { compareCommits } from '../../../src/github/compare.js'
import { restCompareClient } from '../../../src/github/rest-compare.js'

describe("GitHub's compare API over fetch (the CLI)", () => {
  it('GET /repos/{owner}/{repo}/compare/{base}...{head} with the token', async () => {
    const asked: { url: string; headers: Record<string, string> }[] = []
    const client = restCompareClient('ghs_token', 'https://api.github.com/', async (url, init) => {
      asked.push({ url, headers: init.headers })
      return new Response(JSON.stringify({ status: 'behind' }))
    })
    expect(
      await compareCommits(client, { owner: 'megilance', repo: 'megilance' }, 'aaa', 'bbb')
    ).toBe('behind')
    expect(asked).toEqual([
      {
        url: 'https://api.github.com/repos/megilance/megilance/compare/aaa...bbb?per_page=1',
        headers: expect.objectContaining({
          authorization: 'Bearer ghs_token'
        }) as unknown as Record<string, string>
      }
    ])
  })

  it('an answer other than 2xx is an error', async () => {
    const client = restCompareClient(
      't',
      'https://api.github.com',
      async () => new Response('', { status: 404 })
    )
    await expect(compareCommits(client, { owner: 'o', repo: 'r' }, 'a', 'b')).rejects.toThrow(
      'GitHub answered HTTP 404'
    )
  })
})
