import type { ServiceDeploymentBrief } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../aws/ecs.js'
import type { RolloutSnapshot } from './rollout.js'

/** Errors that mean the service-deployment API is not there for us: fall back to DescribeServices. */
const UNAVAILABLE =
  /UnknownOperation|InvalidAction|AccessDenied|UnsupportedFeature|InvalidParameter|NotFound|UnrecognizedClient|not authorized/i

/**
 * Makes the poll function for one deployment. Each poll calls DescribeServices; where ECS answers
 * ListServiceDeployments / DescribeServiceDeployments, it also reads the service deployment that
 * UpdateService started (the one created nearest to our deployment), which tells of ECS's
 * own rollbacks precisely. When that API is missing or refused, DescribeServices alone is used.
 */
export function createRolloutPoller(
  ecs: EcsApi,
  cluster: string,
  service: string,
  deploymentId: string,
  log: (message: string) => void
): () => Promise<RolloutSnapshot> {
  let arn: string | undefined
  let useServiceDeployments = true
  return async () => {
    const described = await ecs.describeService(cluster, service)
    if (!useServiceDeployments) return { service: described }
    try {
      if (arn === undefined) {
        const ours = described.deployments?.find(d => d.id === deploymentId)
        if (ours?.createdAt === undefined) return { service: described }
        const since = new Date(ours.createdAt.getTime() - 60000)
        const briefs = await ecs.listServiceDeployments(cluster, service, since)
        arn = nearestServiceDeployment(briefs, ours.createdAt)
        if (arn === undefined) return { service: described }
        log(`Watching service deployment ${arn}.`)
      }
      const serviceDeployment = await ecs.describeServiceDeployment(arn)
      return { service: described, serviceDeployment }
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      if (!UNAVAILABLE.test(text)) throw error
      useServiceDeployments = false
      log(
        `DescribeServiceDeployments is not available here (${text}); watching with DescribeServices.`
      )
      return { service: described }
    }
  }
}

/**
 * The service deployment ECS created together with a deployment: the one whose creation time is
 * nearest to the deployment's. An earlier one (a failed deploy just before our rollback) or a
 * later one (a deployment that replaces ours) is farther away.
 */
export function nearestServiceDeployment(
  briefs: readonly ServiceDeploymentBrief[],
  createdAt: Date
): string | undefined {
  let best: { arn: string; distance: number } | undefined
  for (const brief of briefs) {
    if (brief.serviceDeploymentArn === undefined || brief.createdAt === undefined) continue
    const distance = Math.abs(brief.createdAt.getTime() - createdAt.getTime())
    if (best === undefined || distance < best.distance) {
      best = { arn: brief.serviceDeploymentArn, distance }
    }
  }
  return best?.arn
}
