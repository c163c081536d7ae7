import { fetchStatus, type HttpGet } from '../../engine/phases/health-check/health-check.js'
import { createRuntime as createCommonRuntime, type Runtime as CommonRuntime } from '../runtime.js'

/** The common runtime (actions/runtime.ts) plus the health check's HTTP GET. */
export interface Runtime extends CommonRuntime {
  readonly httpGet: HttpGet
}

/** The composition root of action-ecs-deploy: the real runner, AWS, GitHub and HTTP. */
export function createRuntime(): Runtime {
  return { ...createCommonRuntime(), httpGet: fetchStatus }
}
