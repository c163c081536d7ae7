import type { ServiceDeploymentRecord, ServiceRecord } from '../records.js'

/*
 * Reads lag writes in the ECS stand-in (EcsOptions.readLagMs). "The Amazon ECS API follows an
 * eventual consistency model. This is because of the distributed nature of the system supporting
 * the API. This means that the result of an API command you run that affects your Amazon ECS
 * resources might not be immediately visible to all subsequent commands you run." (ECS API
 * Reference, RunTask) For readLagMs after an UpdateService that changes the service,
 * DescribeServices and ListServiceDeployments answer as before it.
 */

/** Hides the write about to happen: until readLagMs have passed, reads see `view()`, taken now. */
export function lagReads(
  service: ServiceRecord,
  readLagMs: number,
  view: () => Record<string, unknown>
): void {
  service.stale = {
    until: Date.now() + readLagMs,
    view: view(),
    serviceDeployments: service.serviceDeployments.length
  }
}

/** What DescribeServices still shows of the service while a write is not visible yet. */
export function staleView(service: ServiceRecord): Record<string, unknown> | undefined {
  return service.stale !== undefined && Date.now() < service.stale.until
    ? service.stale.view
    : undefined
}

/** The service deployments ListServiceDeployments sees now. */
export function visibleServiceDeployments(service: ServiceRecord): ServiceDeploymentRecord[] {
  return service.stale !== undefined && Date.now() < service.stale.until
    ? service.serviceDeployments.slice(0, service.stale.serviceDeployments)
    : service.serviceDeployments
}
