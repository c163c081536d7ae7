import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandOutput,
  type STSClient
} from '@aws-sdk/client-sts'
import {
  doesIdentityRequireRefresh,
  isIdentityExpired,
  memoizeIdentityProvider
} from '@smithy/core'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { describeError, errorName, isRetryableAwsError } from './errors.js'
import { retry } from './retry.js'

/*
 * Credentials for both actions. With role-to-assume: a credential PROVIDER, not a value. Each
 * call asks the runner for a new GitHub OIDC token and exchanges it at STS
 * (AssumeRoleWithWebIdentity). STS: "The temporary security credentials created by
 * AssumeRoleWithWebIdentity last for one hour" by default; DurationSeconds "can range from 900
 * seconds (15 minutes) up to the maximum session duration setting for the role". Requests signed
 * after that fail: "ExpiredTokenException: The security token included in the request is
 * expired" (AWS Common Errors, HTTP 403).
 *
 * So that a watch of hours never meets that error, the provider is memoized with the SDK's own
 * identity cache, memoizeIdentityProvider(provider, isIdentityExpired,
 * doesIdentityRequireRefresh) from @smithy/core: it returns the cached session until
 * `expiration` is less than EXPIRATION_MS (300 000 ms, five minutes) away, then calls the
 * provider again (coalescing concurrent calls). The SDK clients do the same to a function passed
 * as `credentials` (@aws-sdk/core resolveAwsSdkSigV4Config → normalizeCredentialProvider), but
 * skip it when the provider is already marked `memoized`: so one cache, one session, is shared by
 * every client of the step (ECS, ECR, CloudWatch Logs) instead of one AssumeRole per client.
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
  const memoized = memoizeIdentityProvider(assume, isIdentityExpired, doesIdentityRequireRefresh)
  if (memoized === undefined) throw new Error('memoizeIdentityProvider returned no provider.')
  return Object.assign(memoized, { memoized: true })
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
