import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { ECSClient } from '@aws-sdk/client-ecs'
import type { STSClient } from '@aws-sdk/client-sts'
import { createEcsClient, createStsClient, type ClientOptions } from '../aws/clients.js'
import { resolveCredentials, type CredentialSettings } from '../aws/credentials.js'
import { EcsApi } from '../aws/ecs.js'
import { LogsApi, createLogsClient } from '../aws/logs.js'
import type { DeploymentsClient } from '../github/deployments.js'
import { fetchStatus, type HttpGet } from './health-check.js'

/** Everything from outside the process that the entry points use; tests hand in fakes. */
export interface Runtime {
  readonly ecsClient: (options: ClientOptions) => Pick<ECSClient, 'send'>
  readonly logsClient: (options: ClientOptions) => Pick<CloudWatchLogsClient, 'send'>
  readonly stsClient: (region: string) => Pick<STSClient, 'send'>
  readonly getIdToken: (audience: string) => Promise<string>
  readonly github: (token: string) => DeploymentsClient
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly httpGet: HttpGet
  readonly env: NodeJS.ProcessEnv
}

export function createRuntime(): Runtime {
  return {
    ecsClient: createEcsClient,
    logsClient: createLogsClient,
    stsClient: createStsClient,
    getIdToken: audience => core.getIDToken(audience),
    github: token => getOctokit(token).rest.repos as unknown as DeploymentsClient,
    now: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    httpGet: fetchStatus,
    env: process.env
  }
}

/** Credentials (OIDC or the default chain) and the ECS API for one region. */
export async function connectEcs(rt: Runtime, credentials: CredentialSettings): Promise<EcsApi> {
  return (await connectAws(rt, credentials)).ecs
}

/** One set of credentials for the ECS and CloudWatch Logs APIs of one region. */
export async function connectAws(
  rt: Runtime,
  credentials: CredentialSettings
): Promise<{ ecs: EcsApi; logs: LogsApi }> {
  const resolved = await resolveCredentials(credentials, {
    getIdToken: rt.getIdToken,
    sts: rt.stsClient(credentials.region),
    sleep: rt.sleep,
    log: message => core.info(message),
    setSecret: value => core.setSecret(value)
  })
  const options = { region: credentials.region, credentials: resolved }
  return { ecs: new EcsApi(rt.ecsClient(options)), logs: new LogsApi(rt.logsClient(options)) }
}

export function runUrl(env: NodeJS.ProcessEnv): string {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return ''
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`
}
