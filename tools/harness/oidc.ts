import {
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify
} from 'node:crypto'
import { createServer } from 'node:http'
import type { OidcClaims } from '../stand-in/sts.js'

/*
 * The runner's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN), served locally: it
 * checks the bearer request token, as the runner's service does, and issues an RS256 JWT with
 * GitHub's claims for the requested audience. The STS stand-in verifies those tokens.
 */

export interface OidcIssuer {
  /** ACTIONS_ID_TOKEN_REQUEST_URL (with ?api-version=2.0, as the runner gives it). */
  readonly requestUrl: string
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string
  /** Every token issued, with the audience asked for. */
  readonly issued: { readonly token: string; readonly audience: string }[]
  verify(token: string): OidcClaims | undefined
  /**
   * A request token for one job: its tokens carry these claims on top of the issuer's context
   * (the job's environment, and for a job of a reusable workflow job_workflow_ref and
   * job_workflow_sha, as GitHub's do).
   */
  grant(job: JobClaims): string
  close(): Promise<void>
}

export interface JobClaims {
  readonly environment?: string | undefined
  readonly eventName?: string | undefined
  readonly workflowRef?: string | undefined
  readonly jobWorkflowRef?: string | undefined
  readonly jobWorkflowSha?: string | undefined
}

export interface OidcContext {
  readonly repository: string
  readonly ref: string
  readonly sha: string
  readonly runId: string
  /** The job's environment, if any: the subject then names it, as GitHub's does. */
  readonly environment?: string
}

export const ISSUER = 'https://token.actions.githubusercontent.com'

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url')

export async function startOidcIssuer(context: OidcContext): Promise<OidcIssuer> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const publicKey = createPublicKey(privateKey)
  const kid = randomBytes(8).toString('hex')
  const requestToken = `e2e-request-${randomBytes(16).toString('hex')}`
  const issued: OidcIssuer['issued'] = []
  const grants = new Map<string, JobClaims>([[requestToken, {}]])

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    // The runner's service takes the bearer scheme case-insensitively (the workflows send "bearer").
    const bearer = /^bearer (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1] ?? ''
    const job = grants.get(bearer)
    if (url.pathname !== '/token' || job === undefined) {
      response.writeHead(401, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ message: 'Unauthorized' }))
      return
    }
    // Without an audience GitHub's default is the owner's URL.
    const audience =
      url.searchParams.get('audience') ?? `https://github.com/${context.repository.split('/')[0]}`
    const token = signedJwt(claimsFor(context, job, audience), privateKey, kid)
    issued.push({ token, audience })
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ count: 1, value: token }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0

  return {
    requestUrl: `http://127.0.0.1:${port}/token?api-version=2.0`,
    requestToken,
    issued,
    verify(token) {
      const [header, payload, signature] = token.split('.')
      if (header === undefined || payload === undefined || signature === undefined) return undefined
      const ok = verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        publicKey,
        Buffer.from(signature, 'base64url')
      )
      if (!ok) return undefined
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as OidcClaims
    },
    grant(job) {
      const token = `e2e-request-${randomBytes(16).toString('hex')}`
      grants.set(token, job)
      return token
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** GitHub's claims for one token: the subject names the job's environment, else the ref. */
function claimsFor(
  context: OidcContext,
  job: JobClaims,
  audience: string
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  const environment = job.environment ?? context.environment
  const sub = environment
    ? `repo:${context.repository}:environment:${environment}`
    : `repo:${context.repository}:ref:${context.ref}`
  return {
    jti: randomBytes(16).toString('hex'),
    sub,
    aud: audience,
    ref: context.ref,
    sha: context.sha,
    repository: context.repository,
    repository_owner: context.repository.split('/')[0],
    run_id: context.runId,
    run_attempt: '1',
    event_name: job.eventName ?? 'push',
    ...(environment ? { environment } : {}),
    ...(job.workflowRef ? { workflow_ref: job.workflowRef } : {}),
    ...(job.jobWorkflowRef ? { job_workflow_ref: job.jobWorkflowRef } : {}),
    ...(job.jobWorkflowSha ? { job_workflow_sha: job.jobWorkflowSha } : {}),
    iss: ISSUER,
    nbf: now - 5,
    iat: now,
    exp: now + 300
  }
}

/** An RS256 JWT of these claims. */
function signedJwt(claims: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const header = { alg: 'RS256', typ: 'JWT', kid, x5t: kid }
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`
  return `${signingInput}.${b64url(sign('sha256', Buffer.from(signingInput), privateKey))}`
}
