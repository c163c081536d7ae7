import { loadSharedConfigFiles } from '@smithy/core/config'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { assumeRoleProvider } from '../aws/assume-role.js'
import type { AwsClientFactory } from '../aws/clients.js'
import { AwsConnection } from '../aws/connection.js'
import { credentialProvider, type CredentialSettings } from '../aws/credentials.js'
import { InputError } from '../shared/parse.js'

/*
 * The CLI's AWS credentials: the SDK's default chain (environment, shared config and credentials
 * files, SSO, process, web identity token file, the instance role), with --profile handed to
 * every client (the chain then reads that profile: fromIni), and --role-arn assumed with STS
 * AssumeRole over whatever the chain finds. Inside a GitHub Actions job that may ask for an OIDC
 * token (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN set), --role-arn is assumed as the action does:
 * AssumeRoleWithWebIdentity with GitHub's token. No OIDC anywhere else.
 */

export interface ConnectDeps {
  readonly aws: AwsClientFactory
  readonly env: NodeJS.ProcessEnv
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (message: string) => void
  readonly fetch: (url: string, init: { headers: Record<string, string> }) => Promise<Response>
}

/** Every client built with the profile (when one is given). */
export function withProfile(aws: AwsClientFactory, profile: string): AwsClientFactory {
  if (profile === '') return aws
  return {
    ecs: o => aws.ecs({ ...o, profile }),
    ecr: o => aws.ecr({ ...o, profile }),
    logs: o => aws.logs({ ...o, profile }),
    events: o => aws.events({ ...o, profile }),
    scheduler: o => aws.scheduler({ ...o, profile }),
    client: (Client, o) => aws.client(Client, { ...o, profile }),
    sts: region => aws.sts(region, profile)
  }
}

/** Connects; with a role, its first session is taken at once, so a refusal fails here. */
export async function connectCli(
  settings: CredentialSettings,
  profile: string,
  deps: ConnectDeps
): Promise<AwsConnection> {
  const aws = withProfile(deps.aws, profile)
  const provider = roleProvider(settings, profile, aws, deps)
  if (provider === undefined) {
    const from =
      profile !== ''
        ? `profile ${profile}`
        : deps.env.AWS_PROFILE
          ? `profile ${deps.env.AWS_PROFILE}`
          : 'its default chain'
    deps.log(`AWS credentials: the AWS SDK's, from ${from}.`)
  } else await provider()
  return new AwsConnection(aws, settings.region, provider)
}

function roleProvider(
  settings: CredentialSettings,
  profile: string,
  aws: AwsClientFactory,
  deps: ConnectDeps
): AwsCredentialIdentityProvider | undefined {
  if (settings.roleToAssume === '') return undefined
  const { ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: token } = deps.env
  if (url && token) {
    deps.log(`Assuming ${settings.roleToAssume} with GitHub OIDC (a GitHub Actions job).`)
    return credentialProvider(settings, {
      getIdToken: audience => githubIdToken(url, token, audience, deps.fetch),
      sts: aws.sts(settings.region),
      sleep: deps.sleep,
      log: deps.log,
      setSecret: () => undefined
    })
  }
  return assumeRoleProvider(
    { roleArn: settings.roleToAssume, sessionName: settings.roleSessionName },
    { sts: aws.sts(settings.region, profile), sleep: deps.sleep, log: deps.log }
  )
}

/** A GitHub OIDC token, asked as the runner's toolkit asks it (core.getIDToken). */
export async function githubIdToken(
  url: string,
  token: string,
  audience: string,
  fetchFn: ConnectDeps['fetch']
): Promise<string> {
  const response = await fetchFn(`${url}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' }
  })
  if (!response.ok) throw new Error(`GitHub's OIDC token endpoint answered HTTP ${response.status}`)
  const value = ((await response.json()) as { value?: unknown }).value
  if (typeof value !== 'string') throw new Error("GitHub's OIDC token endpoint gave no token")
  return value
}

/**
 * The region of a profile (~/.aws/config, or AWS_CONFIG_FILE), for when neither --region nor
 * AWS_REGION gives one; a --profile the files do not have is bad input.
 */
export async function profileRegion(profile: string, env: NodeJS.ProcessEnv): Promise<string> {
  const name = profile || env.AWS_PROFILE || 'default'
  const files = await loadSharedConfigFiles({
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {})
  })
  const config = files.configFile[name]
  if (profile !== '' && config === undefined && files.credentialsFile[name] === undefined)
    throw new InputError(
      'profile',
      `"${profile}" is in neither the AWS config file nor the credentials file (${env.AWS_CONFIG_FILE ?? '~/.aws/config'}, ${env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials'}).`
    )
  return config?.region ?? ''
}
