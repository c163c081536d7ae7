import type { CompareClient } from './compare.js'

/*
 * GitHub's compare API over fetch, for a front end without octokit (the CLI): GET
 * {api}/repos/{owner}/{repo}/compare/{basehead}, authorized with a token ("Authorization:
 * Bearer"), the answer's `status` read by compare.ts.
 */

export type Fetch = (url: string, init: { headers: Record<string, string> }) => Promise<Response>

export function restCompareClient(
  token: string,
  apiUrl: string,
  fetchFn: Fetch = fetch
): CompareClient {
  return {
    async compareCommitsWithBasehead({ owner, repo, basehead, per_page }) {
      const path = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/compare/${basehead}`
      const query = per_page === undefined ? '' : `?per_page=${per_page}`
      const response = await fetchFn(`${apiUrl.replace(/\/$/, '')}${path}${query}`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': 'ecs-deploy-cli'
        }
      })
      if (!response.ok) throw new Error(`GitHub answered HTTP ${response.status}`)
      return { data: (await response.json()) as { status?: string } }
    }
  }
}
