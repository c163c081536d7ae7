import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { SchedulerClient } from '@aws-sdk/client-scheduler'
import { STSClient } from '@aws-sdk/client-sts'
import type {
  AwsCredentialIdentityProvider,
  HttpHandlerOptions,
  NodeHttpHandlerOptions
} from '@smithy/types'
import { callSignal } from './call-deadline.js'

/** Every AWS client of the suite: adaptive retries, the suite's user agent, one region. */
export interface ClientOptions {
  readonly region: string
  /** The refreshing provider (aws/credentials.ts), or undefined for the SDK's default chain. */
  readonly credentials?: AwsCredentialIdentityProvider | undefined
  /** A profile of the shared config files for the default chain (the CLI's --profile). */
  readonly profile?: string | undefined
}

const USER_AGENT: [string, string] = ['ecs-deploy-actions', '1']

/** How long an attempt may take to connect. */
export const CONNECTION_TIMEOUT_MS = 5_000
/** How long an attempt may wait for its answer to begin, or for the next bytes of it. */
export const REQUEST_TIMEOUT_MS = 20_000

/**
 * Each attempt of a call, on the SDK's request handler (@smithy/node-http-handler): at most
 * CONNECTION_TIMEOUT_MS to connect ("The maximum time in milliseconds that the connection phase
 * of a request may take before the connection attempt is abandoned. Defaults to 0, which disables
 * the timeout."), REQUEST_TIMEOUT_MS for the answer ("The maximum number of milliseconds request &
 * response should take", an error only with throwOnRequestTimeout: "Without this setting, a breach
 * of the request timeout will be logged as a warning."), and REQUEST_TIMEOUT_MS of silence on the
 * socket (socketTimeout, which replaces the clients' default of 900 000 ms). A timed-out attempt
 * is retried by the SDK like any transient error; the whole of a call, retries included, is held
 * to the deadline of the work that makes it (call-deadline.ts).
 */
export const REQUEST_HANDLER: NodeHttpHandlerOptions = {
  connectionTimeout: CONNECTION_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  throwOnRequestTimeout: true,
  socketTimeout: REQUEST_TIMEOUT_MS
}

function config(options: ClientOptions) {
  return {
    region: options.region,
    retryMode: 'adaptive',
    maxAttempts: 8,
    customUserAgent: [USER_AGENT],
    requestHandler: REQUEST_HANDLER,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.profile ? { profile: options.profile } : {})
  }
}

type Send = (command: unknown, options?: HttpHandlerOptions) => Promise<unknown>

/**
 * The client, its calls ending by the deadline they are made under (call-deadline.ts): the
 * deadline's signal is the call's abortSignal, unless the caller gives one.
 */
export function endingByDeadline<C extends { send: object }>(client: C): C {
  const send = (client.send as Send).bind(client)
  Object.defineProperty(client, 'send', {
    value: (command: unknown, options?: HttpHandlerOptions) => {
      const signal = callSignal()
      if (signal === undefined || typeof options === 'function' || options?.abortSignal) {
        return send(command, options)
      }
      return send(command, { ...options, abortSignal: signal })
    }
  })
  return client
}

export const createEcsClient = (options: ClientOptions): ECSClient =>
  endingByDeadline(new ECSClient(config(options)))
export const createEcrClient = (options: ClientOptions): ECRClient =>
  endingByDeadline(new ECRClient(config(options)))
export const createLogsClient = (options: ClientOptions): CloudWatchLogsClient =>
  endingByDeadline(new CloudWatchLogsClient(config(options)))
export const createCodeDeployClient = (options: ClientOptions): CodeDeployClient =>
  endingByDeadline(new CodeDeployClient(config(options)))
export const createEventBridgeClient = (options: ClientOptions): EventBridgeClient =>
  endingByDeadline(new EventBridgeClient(config(options)))
export const createSchedulerClient = (options: ClientOptions): SchedulerClient =>
  endingByDeadline(new SchedulerClient(config(options)))
/**
 * STS for AssumeRoleWithWebIdentity: that call is unsigned, so no credentials are needed. With a
 * profile (the CLI's AssumeRole, which is signed), the default chain reads that profile.
 */
export const createStsClient = (region: string, profile?: string): STSClient =>
  endingByDeadline(
    new STSClient({
      region,
      retryMode: 'adaptive',
      maxAttempts: 3,
      customUserAgent: [USER_AGENT],
      requestHandler: REQUEST_HANDLER,
      ...(profile ? { profile } : {})
    })
  )

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
