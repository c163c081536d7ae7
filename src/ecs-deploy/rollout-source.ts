import type { EcsApi } from '../aws/ecs.js'
import type { RolloutSnapshot } from './rollout.js'

/** Errors that mean the service-deployment API is not there for us: fall back to DescribeServices. */
const UNAVAILABLE =
  /UnknownOperation|InvalidAction|AccessDenied|UnsupportedFeature|InvalidParameter|NotFound|UnrecognizedClient|not authorized/i

/**
 * Makes the poll function for one deployment. Each poll calls DescribeServices; where ECS answers
 * ListServiceDeployments / DescribeServiceDeployments, it also reads the service deployment that
 * UpdateService started (the oldest one created since our deployment was), which tells of ECS's
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
        const since = new Date(ours.createdAt.getTime() - 5000)
        const briefs = await ecs.listServiceDeployments(cluster, service, since)
        const oldest = briefs
          .filter(b => b.serviceDeploymentArn !== undefined && b.createdAt !== undefined)
          .sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime())[0]
        arn = oldest?.serviceDeploymentArn
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
