import { targetGroupArn } from './answers.js'
import type { ExpressConfig, ExpressRecord } from './records.js'
import { ACCOUNT, REGION, epoch } from '../wire.js'

/*
 * The resources Express Mode creates and manages for a service revision, as
 * DescribeServiceRevisions shows them (ServiceRevision.ecsManagedResources: "The resources
 * created and managed by Amazon ECS when you create an Express service for Amazon ECS."). What
 * it creates (Developer Guide, Resources created by Amazon ECS Express Mode services):
 * "Application Load Balancer with HTTPS listener, listener rules, and target groups", "Security
 * groups with minimal required ingress", "Application Auto Scaling scalable target and target
 * tracking scaling policy", "Log group specific to the service", "Metric alarm for detecting
 * faulty deployments", "ACM certificate"; "listener-configurations.port: 443",
 * "listener-configurations.rule-type: host-header", target group "health-check-path: (default
 * "/") Express Mode service health check path", "port: (default 80)"; the scaling policy
 * "PredefinedMetricType: ECSServiceAverageCPUUtilization", "PolicyType: TargetTrackingScaling".
 * The ARNs' names are the stand-in's own; all resources show ACTIVE.
 */

const METRIC: Record<string, string> = {
  AVERAGE_CPU: 'ECSServiceAverageCPUUtilization',
  AVERAGE_MEMORY: 'ECSServiceAverageMemoryUtilization',
  REQUEST_COUNT_PER_TARGET: 'ALBRequestCountPerTarget'
}

const ELB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`
const ALB = `${ELB}:loadbalancer/app/ecs-express-gateway-alb-01/5e1f0a2b3c4d5e6f`
const LISTENER = `${ELB}:listener/app/ecs-express-gateway-alb-01/5e1f0a2b3c4d5e6f/0a1b2c3d4e5f6a7b`

/** ECSManagedResources of one revision of an Express service. */
export function managedResources(record: ExpressRecord, c: ExpressConfig): Record<string, unknown> {
  const active = activeAt(c)
  const network = c.settings.networkConfiguration
  return {
    ingressPaths: [ingressPath(record, c)],
    autoScaling: autoScaling(record, c),
    metricAlarms: [active(`arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${record.alarmName}`)],
    serviceSecurityGroups: network.securityGroups.map(sg =>
      active(`arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${sg}`)
    ),
    logGroups: [
      {
        ...active(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${record.logGroup}`),
        logGroupName: record.logGroup
      }
    ]
  }
}

const activeAt = (c: ExpressConfig) => (arn: string) => ({
  arn,
  status: 'ACTIVE',
  updatedAt: epoch(c.createdAt)
})

/** ManagedIngressPath: the endpoint, its certificate, the ALB, its listener, rule and target group. */
function ingressPath(record: ExpressRecord, c: ExpressConfig): Record<string, unknown> {
  const active = activeAt(c)
  const s = c.settings
  const port = s.primaryContainer.containerPort as number
  const name = record.service.name
  return {
    accessType: 'PUBLIC',
    endpoint: record.endpoint,
    loadBalancer: {
      ...active(ALB),
      scheme: 'internet-facing',
      subnetIds: s.networkConfiguration.subnets
    },
    certificate: {
      ...active(`arn:aws:acm:${REGION}:${ACCOUNT}:certificate/ecs-express-${name}`),
      domainName: record.endpoint
    },
    listener: active(LISTENER),
    rule: active(`${LISTENER.replace(':listener/', ':listener-rule/')}/${name}`),
    targetGroups: [
      {
        ...active(targetGroupArn(record, c.serviceRevisionArn)),
        healthCheckPath: s.healthCheckPath,
        healthCheckPort: port,
        port
      }
    ]
  }
}

function autoScaling(record: ExpressRecord, c: ExpressConfig): Record<string, unknown> {
  const scaling = c.settings.scalingTarget
  const at = epoch(c.createdAt)
  const target = `arn:aws:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/ecs-${record.service.name}`
  return {
    scalableTarget: {
      arn: target,
      status: 'ACTIVE',
      updatedAt: at,
      minCapacity: scaling.minTaskCount,
      maxCapacity: scaling.maxTaskCount
    },
    applicationAutoScalingPolicies: [
      {
        arn: `${target}:scalingPolicy/${record.service.name}${METRIC[scaling.autoScalingMetric] ?? ''}`,
        status: 'ACTIVE',
        updatedAt: at,
        policyType: 'TargetTrackingScaling',
        targetValue: scaling.autoScalingTargetValue,
        metric: METRIC[scaling.autoScalingMetric] ?? METRIC.AVERAGE_CPU
      }
    ]
  }
}
