import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandOutput,
  STSClient
} from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'

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

/** Errors on which AssumeRoleWithWebIdentity is worth another try. */
const RETRYABLE = new Set([
  'IDPCommunicationErrorException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalFailure'
])

export const MAX_ASSUME_ATTEMPTS = 5
const BASE_DELAY_MS = 1000
const MAX_DELAY_MS = 15000

/**
 * With a role: a GitHub OIDC token for `audience`, exchanged at STS for temporary credentials,
 * held in process and masked. Without a role: undefined, so clients use the SDK's default chain
 * (which also picks up what aws-actions/configure-aws-credentials exported).
 */
export async function resolveCredentials(
  settings: CredentialSettings,
  deps: CredentialDeps
): Promise<AwsCredentialIdentity | undefined> {
  if (settings.roleToAssume === '') {
    deps.log('No role-to-assume given: using the AWS SDK default credential chain.')
    return undefined
  }
  const token = await deps.getIdToken(settings.audience)
  deps.setSecret(token)
  const random = deps.random ?? Math.random
  let output: AssumeRoleWithWebIdentityCommandOutput | undefined
  for (let attempt = 1; ; attempt++) {
    try {
      output = await deps.sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: settings.roleToAssume,
          RoleSessionName: settings.roleSessionName,
          WebIdentityToken: token,
          DurationSeconds: 3600
        })
      )
      break
    } catch (error) {
      const name = error instanceof Error ? error.name : ''
      if (!RETRYABLE.has(name) || attempt >= MAX_ASSUME_ATTEMPTS) {
        throw new Error(
          `Could not assume ${settings.roleToAssume} with GitHub OIDC: ${describe(error)}. ` +
            'Check that the job has `permissions: id-token: write` and that the role trusts ' +
            `token.actions.githubusercontent.com with audience "${settings.audience}" for this repository.`,
          { cause: error }
        )
      }
      // Full jitter: a random delay up to an exponentially growing ceiling.
      const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1))
      const delay = Math.round(random() * ceiling)
      deps.log(
        `AssumeRoleWithWebIdentity failed (${name}), attempt ${attempt}; retrying in ${delay} ms.`
      )
      await deps.sleep(delay)
    }
  }
  const c = output.Credentials
  if (c?.AccessKeyId == null || c.SecretAccessKey == null || c.SessionToken == null) {
    throw new Error(`STS returned no credentials for ${settings.roleToAssume}.`)
  }
  deps.setSecret(c.SecretAccessKey)
  deps.setSecret(c.SessionToken)
  deps.log(`Assumed ${output.AssumedRoleUser?.Arn ?? settings.roleToAssume}.`)
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    ...(c.Expiration ? { expiration: c.Expiration } : {})
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
