/*
 * Where one commit stands against another, from GitHub's REST API: GET
 * /repos/{owner}/{repo}/compare/{base}...{head}. Its `status` tells the head relative to the
 * base: "ahead" (commits on head since the common ancestor), "behind" (commits on base since the
 * common ancestor, none on head: head is older), "identical", or "diverged" (commits on both).
 */

export type CommitOrder = 'ahead' | 'behind' | 'identical' | 'diverged'

/** The one REST call used (octokit.rest.repos in production, a fake in tests). */
export interface CompareClient {
  compareCommitsWithBasehead(params: {
    owner: string
    repo: string
    basehead: string
    per_page?: number
  }): Promise<{ data: { status?: string } }>
}

const ORDERS: readonly CommitOrder[] = ['ahead', 'behind', 'identical', 'diverged']

/** How `head` stands against `base`; throws when GitHub cannot answer. */
export async function compareCommits(
  client: CompareClient,
  where: { readonly owner: string; readonly repo: string },
  base: string,
  head: string
): Promise<CommitOrder> {
  const { data } = await client.compareCommitsWithBasehead({
    ...where,
    basehead: `${base}...${head}`,
    per_page: 1
  })
  const found = ORDERS.find(o => o === data.status)
  if (found === undefined)
    throw new Error(`GitHub answered the comparison with status ${data.status ?? 'none'}.`)
  return found
}
