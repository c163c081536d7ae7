import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'

/** Every AWS client of the suite: adaptive retries, the suite's user agent, one region. */
export interface ClientOptions {
  readonly region: string
  readonly credentials?: AwsCredentialIdentity | undefined
}

const USER_AGENT: [string, string] = ['ecs-deploy-actions', '1']

/** The configuration every client of the suite is built with. */
export function clientConfig(options: ClientOptions) {
  return {
    region: options.region,
    retryMode: 'adaptive',
    maxAttempts: 8,
    customUserAgent: [USER_AGENT],
    ...(options.credentials ? { credentials: options.credentials } : {})
  }
}

export const createEcsClient = (options: ClientOptions): ECSClient =>
  new ECSClient(clientConfig(options))
export const createEcrClient = (options: ClientOptions): ECRClient =>
  new ECRClient(clientConfig(options))
/** STS for AssumeRoleWithWebIdentity: that call is unsigned, so no credentials are needed. */
export const createStsClient = (region: string): STSClient =>
  new STSClient({ region, retryMode: 'adaptive', maxAttempts: 3, customUserAgent: [USER_AGENT] })
