import type { ExpressConfig, ExpressRecord } from './records.js'
import { MAIN } from './records.js'
import { clusterArn } from '../ecs/state.js'
import { ACCOUNT, REGION, epoch } from '../wire.js'

/*
 * What the Express Gateway operations answer (ECSExpressGatewayService,
 * ExpressGatewayServiceConfiguration, UpdatedExpressGatewayService in ECS's model), and what
 * DescribeServices shows of an Express service. In the documentation's words:
 * - "Returns comprehensive service details, active service revisions, ingress paths with
 *   endpoints" (DescribeExpressGatewayService); activeConfigurations: "The list of active service
 *   configurations for the Express service." Both revisions are active while a deployment shifts
 *   traffic; one once it has ended.
 * - "A URL unique to this service in the format servicename.ecs.region.on.aws" (Developer Guide,
 *   Create your first Express Mode service using the AWS CLI): IngressPathSummary.endpoint, the
 *   host without a scheme; accessType PUBLIC ("An internet-facing Application Load Balancer in
 *   the default VPC and public subnets", same page).
 * - The same page's answer names the cluster by its ARN ("cluster":
 *   "arn:aws:ecs:region:123456789012:cluster/default").
 * - "Use the include parameter to retrieve additional information such as resource tags." Tags
 *   show only with include TAGS.
 * - currentDeployment ("The current deployment configuration for the Express service."): the
 *   ARN of the service's newest service deployment (the model says only String; the stand-in's
 *   choice).
 * - DescribeServices: "resourceManagementType ... Identifies whether an ECS Service is an Express
 *   Service managed by ECS, or managed by the customer." (API Reference, Service); the service
 *   defaults of Resources created by Amazon ECS Express Mode services: "availabilityZoneRebalancing:
 *   true", "CapacityProviderStrategy: {"base": 1, "capacityProvider": "FARGATE", "weight": 1}",
 *   "healthCheckGracePeriodSeconds: 300", "launchType: <Not set>", "propagateTags: "SERVICE"",
 *   "loadBalancers: Load balancer configuration handled by ECS"; "assignPublicIp: Based on
 *   subnet type - Enabled for public subnets" (the default ones are public).
 */

/** The configurations of the revisions the service runs or is deploying, newest first. */
export function activeConfigurations(record: ExpressRecord): ExpressConfig[] {
  if (record.status === 'INACTIVE') return []
  const active = record.service.deployments.filter(
    d => d.status === 'PRIMARY' || d.runningCount > 0
  )
  return active
    .map(d => record.configs.get(d.revisionArn))
    .filter((c): c is ExpressConfig => c !== undefined)
}

/** ExpressGatewayServiceConfiguration. */
export function configuration(record: ExpressRecord, c: ExpressConfig): Record<string, unknown> {
  const s = c.settings
  return {
    serviceRevisionArn: c.serviceRevisionArn,
    ...(s.executionRoleArn ? { executionRoleArn: s.executionRoleArn } : {}),
    ...(s.taskRoleArn ? { taskRoleArn: s.taskRoleArn } : {}),
    taskDefinitionArn: c.taskDefinitionArn,
    cpu: s.cpu,
    memory: s.memory,
    networkConfiguration: s.networkConfiguration,
    healthCheckPath: s.healthCheckPath,
    primaryContainer: s.primaryContainer,
    scalingTarget: s.scalingTarget,
    ingressPaths: [{ accessType: 'PUBLIC', endpoint: record.endpoint }],
    createdAt: epoch(c.createdAt)
  }
}

/** ECSExpressGatewayService (Create, Describe, Delete). */
export function expressService(record: ExpressRecord, withTags = false): Record<string, unknown> {
  const s = record.service
  const newest = s.serviceDeployments[s.serviceDeployments.length - 1]
  return {
    cluster: clusterArn(s.cluster),
    serviceName: s.name,
    serviceArn: s.arn,
    infrastructureRoleArn: record.infrastructureRoleArn,
    status: { statusCode: record.status },
    ...(newest ? { currentDeployment: newest.arn } : {}),
    activeConfigurations: activeConfigurations(record).map(c => configuration(record, c)),
    ...(withTags ? { tags: record.tags } : {}),
    createdAt: epoch(record.createdAt),
    updatedAt: epoch(record.updatedAt)
  }
}

/** UpdatedExpressGatewayService. */
export function updatedService(record: ExpressRecord, target: ExpressConfig) {
  const s = record.service
  return {
    serviceArn: s.arn,
    cluster: clusterArn(s.cluster),
    serviceName: s.name,
    status: { statusCode: record.status },
    targetConfiguration: configuration(record, target),
    createdAt: epoch(record.createdAt),
    updatedAt: epoch(record.updatedAt)
  }
}

/** The target group of a service revision (ALB, Express Mode's listener rule forwards to it). */
export const targetGroupArn = (record: ExpressRecord, revisionArn: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/ecs-${record.service.name.slice(0, 18)}-${revisionArn.slice(-6)}/${revisionArn.slice(-16)}`

/** DescribeServices' entry for an Express service, from the one of any service. */
export function expressServiceView(
  record: ExpressRecord,
  base: Record<string, unknown>
): Record<string, unknown> {
  // "launchType: <Not set> - Uses capacity providers"
  const rest = Object.fromEntries(Object.entries(base).filter(([key]) => key !== 'launchType'))
  const primary = record.service.deployments.find(d => d.status === 'PRIMARY')
  const config = primary && record.configs.get(primary.revisionArn)
  return {
    ...rest,
    status: record.status,
    resourceManagementType: 'ECS',
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }],
    availabilityZoneRebalancing: 'ENABLED',
    healthCheckGracePeriodSeconds: 300,
    propagateTags: 'SERVICE',
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: config?.settings.networkConfiguration.subnets ?? [],
        securityGroups: config?.settings.networkConfiguration.securityGroups ?? [],
        assignPublicIp: 'ENABLED'
      }
    },
    loadBalancers: config
      ? [
          {
            targetGroupArn: targetGroupArn(record, config.serviceRevisionArn),
            containerName: MAIN,
            containerPort: config.settings.primaryContainer.containerPort
          }
        ]
      : []
  }
}
