import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { credentialProvider, type CredentialSettings } from './credentials.js'
import { EcrApi } from './ecr.js'
import { EcsApi } from './ecs.js'
import { LogsApi } from './logs.js'
import type { Runtime } from '../actions/runtime.js'

/**
 * The AWS side of a step: one refreshing credential provider (aws/credentials.ts), handed to
 * every client, which is built on first use.
 */
export class AwsConnection {
  private ecsApi: EcsApi | undefined
  private ecrApi: EcrApi | undefined
  private logsApi: LogsApi | undefined

  constructor(
    private readonly rt: Runtime,
    readonly region: string,
    readonly credentials: AwsCredentialIdentityProvider | undefined
  ) {}

  get ecs(): EcsApi {
    this.ecsApi ??= new EcsApi(this.rt.aws.ecs(this.options()))
    return this.ecsApi
  }

  get ecr(): EcrApi {
    this.ecrApi ??= new EcrApi(this.rt.aws.ecr(this.options()))
    return this.ecrApi
  }

  get logs(): LogsApi {
    this.logsApi ??= new LogsApi(this.rt.aws.logs(this.options()))
    return this.logsApi
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
  rt: Runtime,
  settings: CredentialSettings
): Promise<AwsConnection> {
  const provider = credentialProvider(settings, {
    getIdToken: rt.getIdToken,
    sts: rt.aws.sts(settings.region),
    sleep: rt.sleep,
    log: message => rt.log.info(message),
    setSecret: rt.setSecret
  })
  if (provider) await provider()
  return new AwsConnection(rt, settings.region, provider)
}
