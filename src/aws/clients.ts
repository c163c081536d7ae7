import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { SchedulerClient } from '@aws-sdk/client-scheduler'
import { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentityProvider } from '@smithy/types'

/** Every AWS client of the suite: adaptive retries, the suite's user agent, one region. */
export interface ClientOptions {
  readonly region: string
  /** The refreshing provider (aws/credentials.ts), or undefined for the SDK's default chain. */
  readonly credentials?: AwsCredentialIdentityProvider | undefined
  /** A profile of the shared config files for the default chain (the CLI's --profile). */
  readonly profile?: string | undefined
}

const USER_AGENT: [string, string] = ['ecs-deploy-actions', '1']

function config(options: ClientOptions) {
  return {
    region: options.region,
    retryMode: 'adaptive',
    maxAttempts: 8,
    customUserAgent: [USER_AGENT],
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.profile ? { profile: options.profile } : {})
  }
}

export const createEcsClient = (options: ClientOptions): ECSClient => new ECSClient(config(options))
export const createEcrClient = (options: ClientOptions): ECRClient => new ECRClient(config(options))
export const createLogsClient = (options: ClientOptions): CloudWatchLogsClient =>
  new CloudWatchLogsClient(config(options))
export const createCodeDeployClient = (options: ClientOptions): CodeDeployClient =>
  new CodeDeployClient(config(options))
export const createEventBridgeClient = (options: ClientOptions): EventBridgeClient =>
  new EventBridgeClient(config(options))
export const createSchedulerClient = (options: ClientOptions): SchedulerClient =>
  new SchedulerClient(config(options))
/**
 * STS for AssumeRoleWithWebIdentity: that call is unsigned, so no credentials are needed. With a
 * profile (the CLI's AssumeRole, which is signed), the default chain reads that profile.
 */
export const createStsClient = (region: string, profile?: string): STSClient =>
  new STSClient({
    region,
    retryMode: 'adaptive',
    maxAttempts: 3,
    customUserAgent: [USER_AGENT],
    ...(profile ? { profile } : {})
  })

/** Builders of the SDK clients; tests hand in clients that aws-sdk-client-mock intercepts. */
export interface AwsClientFactory {
  ecs(options: ClientOptions): Pick<ECSClient, 'send'>
  ecr(options: ClientOptions): Pick<ECRClient, 'send'>
  logs(options: ClientOptions): Pick<CloudWatchLogsClient, 'send'>
  codedeploy(options: ClientOptions): Pick<CodeDeployClient, 'send'>
  events(options: ClientOptions): Pick<EventBridgeClient, 'send'>
  scheduler(options: ClientOptions): Pick<SchedulerClient, 'send'>
  sts(region: string, profile?: string): Pick<STSClient, 'send'>
}

/** The real clients. */
export const sdkClients: AwsClientFactory = {
  ecs: createEcsClient,
  ecr: createEcrClient,
  logs: createLogsClient,
  codedeploy: createCodeDeployClient,
  events: createEventBridgeClient,
  scheduler: createSchedulerClient,
  sts: createStsClient
}
