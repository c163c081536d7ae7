/*
 * The record the stand-in keeps of every request it answers, so tests assert the calls made
 * and not made.
 */

export type AwsService = 'ecs' | 'ecr' | 'sts' | 'logs' | 'codedeploy' | 'events' | 'scheduler'

export interface AwsCall {
  readonly service: AwsService
  readonly op: string
  readonly input: Record<string, unknown>
  /** Epoch ms (sub-ms precision) when the request arrived. */
  readonly at: number
  readonly status: number
  /** The error type answered, if any. */
  readonly error?: string
  readonly throttled: boolean
  /** The access key id of the SigV4 signature; undefined for unsigned calls. */
  readonly accessKeyId?: string
  readonly sessionToken?: string
}
