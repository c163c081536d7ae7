import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandOutput,
  type STSClient
} from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { describeError, errorName, isRetryableAwsError } from './errors.js'
import { retry } from './retry.js'

/*
 * Credentials for both actions. With role-to-assume: a credential PROVIDER, not a value. Each
 * session asks the runner for a new GitHub OIDC token and exchanges it at STS
 * (AssumeRoleWithWebIdentity). STS: "The temporary security credentials created by
 * AssumeRoleWithWebIdentity last for one hour" by default; DurationSeconds "can range from 900
 * seconds (15 minutes) up to the maximum session duration setting for the role". Requests signed
 * after that fail: "ExpiredTokenException: The security token included in the request is
 * expired" (AWS Common Errors, HTTP 403).
 *
 * So that a watch of hours never meets that error, the provider holds one session, shared by every
 * client of the step (ECS, ECR, CloudWatch Logs), and renews it once, ahead of its end
 * (shouldRenew below). The SDK's own identity cache (memoizeIdentityProvider with
 * isIdentityExpired, @smithy/core) renews whenever `expiration` is less than five minutes away:
 * with sessions shorter than that, every request renewed it (200 AssumeRoleWithWebIdentity calls
 * and 200 OIDC tokens in 45 s against 20-second sessions), and STS and GitHub's token endpoint
 * both throttle. The SDK clients wrap a function passed as `credentials` in that cache
 * (@aws-sdk/core resolveAwsSdkSigV4Config → normalizeCredentialProvider) unless it is marked
 * `memoized`: so the provider is marked, and its own rule alone decides.
 */

/** The credential inputs both actions share. */
export interface CredentialSettings {
  readonly region: string
  /** Empty: use the SDK's default chain (env, shared config, instance role, ...). */
  readonly roleToAssume: string
  readonly roleSessionName: string
  readonly audience: string
}

export interface CredentialDeps {
  /** Asks the runner for an OIDC token with this audience (core.getIDToken). */
  readonly getIdToken: (audience: string) => Promise<string>
  readonly sts: Pick<STSClient, 'send'>
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (message: string) => void
  /** Registers a value the runner must mask (core.setSecret). */
  readonly setSecret: (value: string) => void
  readonly random?: () => number
  /** Epoch ms (Date.now): when a session was issued, and whether it is time to renew it. */
  readonly now?: () => number
}

export const MAX_ASSUME_ATTEMPTS = 5
/** The session asked for: STS's default, one hour. The provider renews it before it ends. */
export const SESSION_SECONDS = 3600

/**
 * The identity provider every AWS client of the step is given: undefined without a role (the
 * SDK's default chain, which also picks up what aws-actions/configure-aws-credentials exported).
 */
export function credentialProvider(
  settings: CredentialSettings,
  deps: CredentialDeps
): AwsCredentialIdentityProvider | undefined {
  if (settings.roleToAssume === '') {
    deps.log('No role-to-assume given: using the AWS SDK default credential chain.')
    return undefined
  }
  let sessions = 0
  const assume = async (): Promise<AwsCredentialIdentity> => {
    sessions += 1
    return assumeRole(settings, deps, sessions)
  }
  return sharedSession(assume, deps.now ?? (() => Date.now()))
}

/** A session as the provider holds it. */
export interface Session {
  /** Epoch ms, on the runner's clock, when STS's answer arrived. */
  readonly issuedAt: number
  /** Epoch ms when STS ends it (its Expiration); undefined: it does not end. */
  readonly expiresAt: number | undefined
  /** A renewal of it has started: it is never renewed again. */
  readonly renewed: boolean
}

/** The most a session is renewed ahead of its end: the SDK's five minutes. */
export const MAX_RENEWAL_MARGIN_MS = 300_000
/** The share of a session's length it is renewed ahead of its end (below the cap). */
export const RENEWAL_MARGIN_SHARE = 0.25

/** How long before its end a session of `lengthMs` is renewed: a quarter, at most five minutes. */
export function renewalMargin(lengthMs: number): number {
  return Math.min(MAX_RENEWAL_MARGIN_MS, Math.max(0, lengthMs) * RENEWAL_MARGIN_SHARE)
}

/**
 * Whether a call at `now` renews `session`: once, when less than its margin is left. A one-hour
 * session is renewed 5 minutes before its end, a 20-second one 5 seconds before, a 3-second one
 * 0.75 seconds before. A session that ended before it arrived (the runner's clock ahead of STS's
 * by more than its length) is not renewed by time: each new one would look the same, and one
 * renewal a request is what the rule is there to prevent.
 */
export function shouldRenew(session: Session, now: number): boolean {
  if (session.renewed || session.expiresAt === undefined) return false
  const length = session.expiresAt - session.issuedAt
  if (length <= 0) return false
  return now >= session.expiresAt - renewalMargin(length)
}

/**
 * The provider every client is given: the session held, renewed by shouldRenew. Calls while a
 * session is taken wait for it (one AssumeRole, whatever the number of callers). A renewal that
 * fails throws to the calls that waited for it and does not count: the next call tries again.
 */
export function sharedSession(
  take: () => Promise<AwsCredentialIdentity>,
  now: () => number
): AwsCredentialIdentityProvider & { readonly memoized: true } {
  let held: { identity: AwsCredentialIdentity; session: Session } | undefined
  let pending: Promise<AwsCredentialIdentity> | undefined
  const renew = (): Promise<AwsCredentialIdentity> => {
    const previous = held
    if (previous) held = { ...previous, session: { ...previous.session, renewed: true } }
    return take().then(
      identity => {
        const expiresAt = identity.expiration?.getTime()
        held = { identity, session: { issuedAt: now(), expiresAt, renewed: false } }
        return identity
      },
      (error: unknown) => {
        held = previous
        throw error
      }
    )
  }
  const provider = async (): Promise<AwsCredentialIdentity> => {
    if (pending) return pending
    if (held && !shouldRenew(held.session, now())) return held.identity
    pending = renew().finally(() => (pending = undefined))
    return pending
  }
  return Object.assign(provider, { memoized: true as const })
}

/** One session: a new OIDC token, exchanged at STS, every secret masked before it is used. */
async function assumeRole(
  settings: CredentialSettings,
  deps: CredentialDeps,
  session: number
): Promise<AwsCredentialIdentity> {
  let output: AssumeRoleWithWebIdentityCommandOutput
  try {
    output = await retry(
      async () => {
        const token = await deps.getIdToken(settings.audience)
        deps.setSecret(token)
        return deps.sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: settings.roleToAssume,
            RoleSessionName: settings.roleSessionName,
            WebIdentityToken: token,
            DurationSeconds: SESSION_SECONDS
          })
        )
      },
      {
        attempts: MAX_ASSUME_ATTEMPTS,
        sleep: deps.sleep,
        log: deps.log,
        what: 'AssumeRoleWithWebIdentity',
        // The SDK's classification, plus STS's "IDPCommunicationError": the request "can be
        // retried" when the identity provider did not answer STS in time.
        isRetryable: e => isRetryableAwsError(e) || isIdpCommunicationError(e),
        ...(deps.random ? { random: deps.random } : {})
      }
    )
  } catch (error) {
    throw new Error(
      `Could not assume ${settings.roleToAssume} with GitHub OIDC: ${describeError(error)}. ` +
        'Check that the job has `permissions: id-token: write` and that the role trusts ' +
        `token.actions.githubusercontent.com with audience "${settings.audience}" for this repository.`,
      { cause: error }
    )
  }
  const c = output.Credentials
  if (c?.AccessKeyId == null || c.SecretAccessKey == null || c.SessionToken == null) {
    throw new Error(`STS returned no credentials for ${settings.roleToAssume}.`)
  }
  deps.setSecret(c.AccessKeyId)
  deps.setSecret(c.SecretAccessKey)
  deps.setSecret(c.SessionToken)
  const until = c.Expiration ? ` until ${c.Expiration.toISOString()}` : ''
  deps.log(
    session === 1
      ? `Assumed ${output.AssumedRoleUser?.Arn ?? settings.roleToAssume}${until}.`
      : `Renewed the session of ${settings.roleToAssume} (session ${session})${until}.`
  )
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    ...(c.Expiration ? { expiration: c.Expiration } : {})
  }
}

function isIdpCommunicationError(error: unknown): boolean {
  return /^IDPCommunicationError(Exception)?$/.test(errorName(error))
}
