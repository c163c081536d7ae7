import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  type STSClient
} from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { SESSION_SECONDS, sharedSession } from './credentials.js'
import { describeError } from './errors.js'
import { retry } from './retry.js'

/*
 * A role assumed with STS AssumeRole (the CLI's --role-arn), signed with what the SDK's default
 * chain finds (environment, a profile, SSO, the instance role): "Returns a set of temporary
 * security credentials that you can use to access AWS resources" (STS API Reference,
 * AssumeRole). One session is shared by every client and renewed once before it ends, by the
 * same rule as the OIDC sessions (credentials.ts, sharedSession).
 */

export interface AssumeRoleSettings {
  readonly roleArn: string
  readonly sessionName: string
}

export interface AssumeRoleDeps {
  /** STS, signed by the default chain (or a profile's credentials). */
  readonly sts: Pick<STSClient, 'send'>
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (message: string) => void
  readonly now?: () => number
  readonly random?: () => number
}

const ATTEMPTS = 3

/** The identity provider every client is given: the role's session, renewed before it ends. */
export function assumeRoleProvider(
  settings: AssumeRoleSettings,
  deps: AssumeRoleDeps
): AwsCredentialIdentityProvider {
  let sessions = 0
  const take = async (): Promise<AwsCredentialIdentity> => {
    sessions += 1
    return assumeRole(settings, deps, sessions)
  }
  return sharedSession(take, deps.now ?? (() => Date.now()))
}

async function assumeRole(
  settings: AssumeRoleSettings,
  deps: AssumeRoleDeps,
  session: number
): Promise<AwsCredentialIdentity> {
  let output: AssumeRoleCommandOutput
  try {
    output = await retry(
      () =>
        deps.sts.send(
          new AssumeRoleCommand({
            RoleArn: settings.roleArn,
            RoleSessionName: settings.sessionName,
            DurationSeconds: SESSION_SECONDS
          })
        ),
      {
        attempts: ATTEMPTS,
        sleep: deps.sleep,
        log: deps.log,
        what: 'AssumeRole',
        ...(deps.random ? { random: deps.random } : {})
      }
    )
  } catch (error) {
    throw new Error(
      `Could not assume ${settings.roleArn} with AssumeRole: ${describeError(error)}. Check the credentials the SDK's default chain finds (or --profile) and that the role trusts them.`,
      { cause: error }
    )
  }
  return identityOf(output, settings, deps, session)
}

/** The session's keys, told to the log (never the keys themselves). */
function identityOf(
  output: AssumeRoleCommandOutput,
  settings: AssumeRoleSettings,
  deps: AssumeRoleDeps,
  session: number
): AwsCredentialIdentity {
  const c = output.Credentials
  if (c?.AccessKeyId == null || c.SecretAccessKey == null || c.SessionToken == null)
    throw new Error(`STS returned no credentials for ${settings.roleArn}.`)
  const until = c.Expiration ? ` until ${c.Expiration.toISOString()}` : ''
  deps.log(
    session === 1
      ? `Assumed ${output.AssumedRoleUser?.Arn ?? settings.roleArn}${until}.`
      : `Renewed the session of ${settings.roleArn} (session ${session})${until}.`
  )
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    ...(c.Expiration ? { expiration: c.Expiration } : {})
  }
}
