import type { CredentialSettings } from '../../aws/credentials.js'
import type { EcsApi } from '../../aws/ecs.js'
import { connectAws } from '../../aws/connection.js'
import { fetchStatus, type HttpGet } from '../../engine/phases/health-check/health-check.js'
import {
  awsDeps,
  createRuntime as createCommonRuntime,
  type Runtime as CommonRuntime
} from '../runtime.js'

/** The common runtime (actions/runtime.ts) plus the health check's HTTP GET. */
export interface Runtime extends CommonRuntime {
  readonly httpGet: HttpGet
}

/** The composition root of action-ecs-deploy: the real runner, AWS, GitHub and HTTP. */
export function createRuntime(): Runtime {
  return { ...createCommonRuntime(), httpGet: fetchStatus }
}

/** Credentials (a refreshing provider, or the default chain) and the ECS API for one region. */
export async function connectEcs(rt: Runtime, credentials: CredentialSettings): Promise<EcsApi> {
  return (await connectAws(awsDeps(rt), credentials)).ecs
}
