import {
  REGION,
  STATIC_KEYS,
  type StandIn,
  type StandInOptions,
  startStandIn
} from '../../../tools/stand-in/index.js'

/*
 * A stand-in the real SDK clients reach as the bundles do: through AWS_ENDPOINT_URL_<SERVICE>
 * and the static keys in the environment (the SDK's default chain), no endpoint in code.
 */

const KEYS = ['AWS_REGION', 'AWS_EC2_METADATA_DISABLED', 'AWS_ENDPOINT_URL'] as const

export interface EnvStandIn {
  readonly aws: StandIn
  /** Closes the stand-in and puts the environment back. */
  stop(): Promise<void>
}

export async function standInOnEnv(options: StandInOptions = {}): Promise<EnvStandIn> {
  const aws = await startStandIn(options)
  const set: Record<string, string> = {
    ...aws.endpointEnv,
    ...STATIC_KEYS,
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true'
  }
  const saved = new Map<string, string | undefined>()
  for (const key of [...Object.keys(set), ...KEYS]) saved.set(key, process.env[key])
  delete process.env.AWS_ENDPOINT_URL
  Object.assign(process.env, set)
  return {
    aws,
    stop: async () => {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
      await aws.close()
    }
  }
}

/** A copy of `value` without `keys`: what a client that forgets them sends. */
export function omit<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...value }
  for (const key of keys) delete copy[key]
  return copy
}
