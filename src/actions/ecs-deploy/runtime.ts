import { fetchStatus, type HttpGet } from '../../engine/phases/health-check/health-check.js'
import { createCommonRuntime, type CommonRuntime } from '../runtime.js'

/** The common runtime (actions/runtime.ts) plus the health check's HTTP GET. */
export interface Runtime extends CommonRuntime {
  readonly httpGet: HttpGet
}

/** The composition root of action-ecs-deploy: the real runner, AWS, GitHub, HTTP and disk. */
export function createRuntime(): Runtime {
  return { ...createCommonRuntime(), httpGet: fetchStatus }
}
