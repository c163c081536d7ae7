import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { SchedulerClient } from '@aws-sdk/client-scheduler'
import { STSClient } from '@aws-sdk/client-sts'
import type {
  AwsCredentialIdentity,
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

/** What every client of the suite is built with (config below). */
export interface ClientConfig {
  readonly region: string
  readonly retryMode?: string
  readonly maxAttempts?: number
  readonly customUserAgent?: [string, string][]
  readonly requestHandler?: NodeHttpHandlerOptions
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  readonly profile?: string
}

/** An SDK client's class (CodeDeployClient): built from a ClientConfig. */
export type SdkClientClass<C> = new (config: ClientConfig) => C

/**
 * An adapter on one SDK client (CodeDeployApi): `new Api(client)`, and the class of the client
 * it is built on (`Api.Client`), so that it can be built without naming its service here.
 */
export interface AwsAdapter<A, C> {
  new (client: C): A
  readonly Client: SdkClientClass<C>
}

function config(options: ClientOptions): ClientConfig {
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
export const createEventBridgeClient = (options: ClientOptions): EventBridgeClient =>
  endingByDeadline(new EventBridgeClient(config(options)))
export const createSchedulerClient = (options: ClientOptions): SchedulerClient =>
  endingByDeadline(new SchedulerClient(config(options)))
/** Any other SDK client (a kind's own, such as CodeDeploy's), built as the ones above. */
export const createClient = <C extends { send: object }>(
  Client: SdkClientClass<C>,
  options: ClientOptions
): C => endingByDeadline(new Client(config(options)))
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
  events(options: ClientOptions): Pick<EventBridgeClient, 'send'>
  scheduler(options: ClientOptions): Pick<SchedulerClient, 'send'>
  /** The client of an adapter a kind brings (CodeDeployApi.Client), by its class. */
  client<C extends { send: object }>(Client: SdkClientClass<C>, options: ClientOptions): C
  sts(region: string, profile?: string): Pick<STSClient, 'send'>
}

/** The real clients. */
export const sdkClients: AwsClientFactory = {
  ecs: createEcsClient,
  ecr: createEcrClient,
  logs: createLogsClient,
  events: createEventBridgeClient,
  scheduler: createSchedulerClient,
  client: createClient,
  sts: createStsClient
}
