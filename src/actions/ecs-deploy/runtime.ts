import type { CredentialSettings } from '../../aws/credentials.js'
import type { EcsApi } from '../../aws/ecs.js'
import { connectAws } from '../../aws/connection.js'
import { createRuntime as createCommonRuntime, type Runtime as CommonRuntime } from '../runtime.js'
import { fetchStatus, type HttpGet } from '../../engine/phases/health-check/health-check.js'

/** The common runtime (common/runtime.ts) plus the health check's HTTP GET. */
export interface Runtime extends CommonRuntime {
  readonly httpGet: HttpGet
}

/** The composition root of action-ecs-deploy: the real runner, AWS, GitHub and HTTP. */
export function createRuntime(): Runtime {
  return { ...createCommonRuntime(), httpGet: fetchStatus }
}

/** Credentials (a refreshing provider, or the default chain) and the ECS API for one region. */
export async function connectEcs(rt: Runtime, credentials: CredentialSettings): Promise<EcsApi> {
  return (await connectAws(rt, credentials)).ecs
}

export function runUrl(env: NodeJS.ProcessEnv): string {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return ''
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`
}
