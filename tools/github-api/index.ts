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
 * - Git references ("Git database: references"): GET /repos/{owner}/{repo}/git/ref/{ref} answers
 *   200 with `{ref, object: {sha, type}}` or 404; PATCH /repos/{owner}/{repo}/git/refs/{ref}
 *   (`sha`, `force`) updates one that exists (422 "Reference does not exist" otherwise); POST
 *   /repos/{owner}/{repo}/git/refs (`ref` fully qualified, `sha`) creates one, 422 "Reference
 *   already exists" when it does.
 * - Releases: POST /repos/{owner}/{repo}/releases (`tag_name` required, `name`, `body`) answers
 *   201 with the release; 422 (`already_exists`) when the tag has a release.
 * The history is one line of commits, oldest first, plus branches off it a test names.
 */

export interface GitHubApiOptions {
  /** The repository's commits, oldest first (main's history). */
  readonly history?: readonly string[]
  /** Commits on a branch off main: each maps to the main commit it branched from. */
  readonly branches?: Readonly<Record<string, string>>
  /** Answer every compare with this HTTP status instead (a GitHub outage: 500). */
  readonly failCompare?: number
  /** The repository's references at the start, e.g. { 'tags/v1': sha }. */
  readonly refs?: Readonly<Record<string, string>>
}

export interface Release {
  readonly id: number
  readonly tag_name: string
  readonly name: string
  readonly body: string
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
  /** The references now, e.g. { 'tags/v1': sha }. */
  refs(): Record<string, string>
  releases(): readonly Release[]
  close(): Promise<void>
}

export async function startGitHubApi(o: GitHubApiOptions = {}): Promise<GitHubApi> {
  const requests: GitHubRequest[] = []
  let deployments = 0
  const git: Git = { refs: new Map(Object.entries(o.refs ?? {})), releases: [] }
  const server = createServer((request, response) => {
    void read(request).then(body => {
      const path = new URL(request.url ?? '/', 'http://github').pathname
      const method = request.method ?? 'GET'
      const authorization = String(request.headers.authorization ?? '')
      requests.push({ method, path, body, authorization })
      if (answerGit(method, path, body, response, git)) return
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
    refs: () => Object.fromEntries(git.refs),
    releases: () => [...git.releases],
    close: () => new Promise(done => server.close(() => done()))
  }
}

interface Git {
  readonly refs: Map<string, string>
  readonly releases: Release[]
}

/** The references and releases routes; false when the request is not one of them. */
function answerGit(
  method: string,
  path: string,
  body: Record<string, unknown>,
  response: ServerResponse,
  git: Git
): boolean {
  const repo = /^\/repos\/[^/]+\/[^/]+/.exec(path)?.[0]
  if (repo === undefined) return false
  const rest = path.slice(repo.length)
  const one = /^\/git\/ref\/(.+)$/.exec(rest)?.[1]
  if (method === 'GET' && one !== undefined) {
    const sha = git.refs.get(one)
    if (sha === undefined) send(response, 404, { message: 'Not Found' })
    else send(response, 200, { ref: `refs/${one}`, object: { sha, type: 'commit' } })
    return true
  }
  const update = /^\/git\/refs\/(.+)$/.exec(rest)?.[1]
  if (method === 'PATCH' && update !== undefined) {
    if (!git.refs.has(update)) send(response, 422, { message: 'Reference does not exist' })
    else if (typeof body.sha !== 'string') send(response, 422, { message: 'Invalid request' })
    else {
      git.refs.set(update, body.sha)
      send(response, 200, { ref: `refs/${update}`, object: { sha: body.sha, type: 'commit' } })
    }
    return true
  }
  if (method === 'POST' && rest === '/git/refs') {
    const ref = typeof body.ref === 'string' ? body.ref : ''
    if (!ref.startsWith('refs/') || typeof body.sha !== 'string')
      send(response, 422, { message: 'Invalid request' })
    else if (git.refs.has(ref.slice('refs/'.length)))
      send(response, 422, { message: 'Reference already exists' })
    else {
      git.refs.set(ref.slice('refs/'.length), body.sha)
      send(response, 201, { ref, object: { sha: body.sha, type: 'commit' } })
    }
    return true
  }
  if (method === 'POST' && rest === '/releases') {
    const tag = typeof body.tag_name === 'string' ? body.tag_name : ''
    if (tag === '')
      send(response, 422, {
        message: 'Validation Failed',
        errors: [{ field: 'tag_name', code: 'missing_field' }]
      })
    else if (git.releases.some(r => r.tag_name === tag))
      send(response, 422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]
      })
    else {
      const release = {
        id: git.releases.length + 1,
        tag_name: tag,
        name: String(body.name ?? tag),
        body: String(body.body ?? '')
      }
      git.releases.push(release)
      send(response, 201, {
        ...release,
        html_url: `https://github.com${repo.slice('/repos'.length)}/releases/tag/${tag}`
      })
    }
    return true
  }
  return false
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
