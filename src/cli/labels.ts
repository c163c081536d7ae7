import type { EcsApi } from '../aws/ecs/ecs.js'

/*
 * Whose live line is whose: the engine names a watch after its deployment ("Watch deployment
 * ecs-svc/…"), and a release watches several at once. The CLI learns each deployment's service
 * from UpdateService's answer (its PRIMARY deployment), so every live line carries its service.
 */

/** Deployment id → service, as UpdateService answered. */
export type DeploymentServices = Map<string, string>

/** The ECS API with every UpdateService's PRIMARY deployment noted against its service. */
export function noteDeployments(ecs: EcsApi, seen: DeploymentServices): EcsApi {
  return new Proxy(ecs, {
    get(target, property, receiver) {
      if (property === 'updateService') {
        return async (request: Parameters<EcsApi['updateService']>[0]) => {
          const service = await target.updateService(request)
          const primary = service.deployments?.find(d => d.status === 'PRIMARY')
          if (primary?.id !== undefined) seen.set(primary.id, request.service)
          return service
        }
      }
      const value: unknown = Reflect.get(target, property, receiver)
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value
    }
  })
}

/** The live line's label for a watch's group: its service where known, else what it watches. */
export function labelOf(seen: DeploymentServices, group: string): string {
  const id = /ecs-svc\/\d+/.exec(group)?.[0]
  const service = id === undefined ? undefined : seen.get(id)
  return service ?? group.replace(/^Watch /, '')
}
