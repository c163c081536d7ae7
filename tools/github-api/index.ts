import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

/*
 * A local stand-in for the part of GitHub's REST API the actions and workflows call, reached
 * through GITHUB_API_URL (octokit's base URL in Actions). Each behaviour follows GitHub's REST
 * documentation:
 * - "Compare two commits" (GET /repos/{owner}/{repo}/compare/{basehead}, basehead BASE...HEAD):
 *   `status` is "ahead" when commits were made on head after the common ancestor, "behind" when
 *   they were made on base (and none on head), "identical" when both name one commit, "diverged"
 *   when both have commits of their own; `ahead_by` / `behind_by` count them. An unknown commit
 *   answers 404 ("Not Found").
 * - Deployments (POST /repos/{owner}/{repo}/deployments, answered 201 with the deployment's id)
 *   and their statuses (POST .../deployments/{id}/statuses, 201).
 * The history is one line of commits, oldest first, plus branches off it a test names.
 */

export interface GitHubApiOptions {
  /** The repository's commits, oldest first (main's history). */
  readonly history?: readonly string[]
  /** Commits on a branch off main: each maps to the main commit it branched from. */
  readonly branches?: Readonly<Record<string, string>>
  /** Answer every compare with this HTTP status instead (a GitHub outage: 500). */
  readonly failCompare?: number
}

export interface GitHubRequest {
  readonly method: string
  readonly path: string
  readonly body: Record<string, unknown>
  readonly authorization: string
}

export interface GitHubApi {
  /** GITHUB_API_URL for the steps. */
  readonly url: string
  readonly requests: readonly GitHubRequest[]
  /** Deployment statuses posted, in order. */
  statuses(): { state: string; description: string }[]
  close(): Promise<void>
}

export async function startGitHubApi(o: GitHubApiOptions = {}): Promise<GitHubApi> {
  const requests: GitHubRequest[] = []
  let deployments = 0
  const server = createServer((request, response) => {
    void read(request).then(body => {
      const path = new URL(request.url ?? '/', 'http://github').pathname
      const method = request.method ?? 'GET'
      const authorization = String(request.headers.authorization ?? '')
      requests.push({ method, path, body, authorization })
      answer(method, path, response, () => ++deployments, o)
    })
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const a = server.address()
  const url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
  return {
    url,
    requests,
    statuses: () =>
      requests
        .filter(r => /\/statuses$/.test(r.path))
        .map(r => ({
          state: String(r.body.state ?? ''),
          description: String(r.body.description ?? '')
        })),
    close: () => new Promise(done => server.close(() => done()))
  }
}

function answer(
  method: string,
  path: string,
  response: ServerResponse,
  nextDeployment: () => number,
  o: GitHubApiOptions
): void {
  const compare = /^\/repos\/[^/]+\/[^/]+\/compare\/([^/]+)\.\.\.([^/]+)$/.exec(path)
  if (method === 'GET' && compare !== null) {
    if (o.failCompare !== undefined)
      return send(response, o.failCompare, { message: 'Server Error' })
    const found = compareCommits(o, compare[1] ?? '', compare[2] ?? '')
    return found === undefined
      ? send(response, 404, { message: 'Not Found' })
      : send(response, 200, found)
  }
  if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/deployments$/.test(path))
    return send(response, 201, { id: nextDeployment() })
  if (method === 'POST' && /\/deployments\/\d+\/statuses$/.test(path))
    return send(response, 201, {})
  send(response, 404, { message: 'Not Found' })
}

/** Where head stands against base, as GitHub's compare API reports it. */
export function compareCommits(o: GitHubApiOptions, base: string, head: string) {
  const line = (sha: string): string[] | undefined => {
    const history = o.history ?? []
    const at = history.indexOf(sha)
    if (at >= 0) return history.slice(0, at + 1)
    const from = o.branches?.[sha]
    const fork = from === undefined ? -1 : history.indexOf(from)
    return fork >= 0 ? [...history.slice(0, fork + 1), sha] : undefined
  }
  const b = line(base)
  const h = line(head)
  if (b === undefined || h === undefined) return undefined
  const common = b.filter(sha => h.includes(sha)).length
  const ahead = h.length - common
  const behind = b.length - common
  const status =
    ahead === 0 && behind === 0
      ? 'identical'
      : behind === 0
        ? 'ahead'
        : ahead === 0
          ? 'behind'
          : 'diverged'
  return { status, ahead_by: ahead, behind_by: behind, total_commits: ahead }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

async function read(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
