import type { AwsCredentialIdentityProvider } from '@smithy/types'
import type { AwsAdapter, AwsClientFactory } from './clients.js'
import { credentialProvider, type CredentialDeps, type CredentialSettings } from './credentials.js'
import { EcrApi } from './ecr.js'
import { BatchingEcsApi } from './ecs/batching.js'
import { EcsApi } from './ecs/ecs.js'
import { EventsApi } from './events.js'
import { LogsApi } from './logs.js'
import { SchedulerApi } from './scheduler.js'

/** What connecting needs from outside: the client builders, and what the credentials need. */
export interface AwsDeps extends Omit<CredentialDeps, 'sts' | 'log'> {
  readonly aws: AwsClientFactory
  readonly log: (message: string) => void
}

/**
 * The AWS side of a step: one refreshing credential provider (credentials.ts), handed to every
 * client, which is built on first use.
 */
export class AwsConnection {
  private ecsApi: EcsApi | undefined
  private ecrApi: EcrApi | undefined
  private logsApi: LogsApi | undefined
  private eventsApi: EventsApi | undefined
  private schedulerApi: SchedulerApi | undefined
  /** The adapters kinds bring, by their class. */
  private readonly adapters = new Map<object, unknown>()

  constructor(
    private readonly clients: AwsClientFactory,
    readonly region: string,
    readonly credentials: AwsCredentialIdentityProvider | undefined
  ) {}

  get ecs(): EcsApi {
    this.ecsApi ??= new EcsApi(this.clients.ecs(this.options()))
    return this.ecsApi
  }

  /** ECS for several services watched together: their reads batched into one call. */
  get batchingEcs(): EcsApi {
    return new BatchingEcsApi(this.clients.ecs(this.options()))
  }

  get ecr(): EcrApi {
    this.ecrApi ??= new EcrApi(this.clients.ecr(this.options()))
    return this.ecrApi
  }

  get logs(): LogsApi {
    this.logsApi ??= new LogsApi(this.clients.logs(this.options()))
    return this.logsApi
  }

  get events(): EventsApi {
    this.eventsApi ??= new EventsApi(this.clients.events(this.options()))
    return this.eventsApi
  }

  get scheduler(): SchedulerApi {
    this.schedulerApi ??= new SchedulerApi(this.clients.scheduler(this.options()))
    return this.schedulerApi
  }

  /**
   * An adapter a kind brings (CodeDeployApi), on its SDK client built as the others are (the
   * same credentials, retries and timeouts): made on first use, then kept.
   */
  client<A, C extends { send: object }>(Api: AwsAdapter<A, C>): A {
    const known = this.adapters.get(Api) as A | undefined
    if (known !== undefined) return known
    const api = new Api(this.clients.client(Api.Client, this.options()))
    this.adapters.set(Api, api)
    return api
  }

  private options() {
    return { region: this.region, credentials: this.credentials }
  }
}

/**
 * Connects to AWS: with a role, the first session is taken at once, so a trust-policy problem
 * fails here with its own message, before any other call.
 */
export async function connectAws(
  deps: AwsDeps,
  settings: CredentialSettings
): Promise<AwsConnection> {
  const provider = credentialProvider(settings, {
    getIdToken: deps.getIdToken,
    sts: deps.aws.sts(settings.region),
    sleep: deps.sleep,
    log: deps.log,
    setSecret: deps.setSecret
  })
  if (provider) await provider()
  return new AwsConnection(deps.aws, settings.region, provider)
}
