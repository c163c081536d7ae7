import type {
  Deployment,
  DeploymentCircuitBreaker,
  Service,
  ServiceEvent,
  Task,
  TaskDefinition
} from '@aws-sdk/client-ecs'

/*
 * ECS answers as the unit tests replay them. What they model, in the API reference's words:
 * - Deployment.failedTasks: "The number of consecutively failed tasks in the deployment. [...]
 *   Once a service deployment has one or more successfully running tasks, the failed task count
 *   resets to zero and stops being evaluated." A fixture may show failedTasks 0 beside tasks that
 *   keep stopping; the step counts those with ListTasks.
 * - Task.startedBy: "If the task is started by an Amazon ECS service, then the startedBy parameter
 *   contains the deployment ID of the service that starts it." (stoppedTask below)
 * - Reads are eventually consistent: "the result of an API command you run that affects your
 *   Amazon ECS resources might not be immediately visible to all subsequent commands you run."
 *   A DescribeServices right after UpdateService may still answer `steady()`.
 * - Deployment.rolloutState: "When the service reaches a steady state, the deployment transitions
 *   to a COMPLETED state. If the service fails to reach a steady state and circuit breaker is
 *   turned on, the deployment transitions to a FAILED state."; with rollback on, "the service is
 *   rolled back to the last deployment that completed successfully" (DeploymentCircuitBreaker).
 * - Service deployments end SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED (Developer
 *   Guide, "View service history using Amazon ECS service deployments").
 * - deploymentController.type is ECS, CODE_DEPLOY or EXTERNAL (DeploymentController); `service()`
 *   answers ECS unless told otherwise.
 */

export const REGION = 'us-east-1'
export const ACCOUNT = '123456789012'
export const CLUSTER = 'megilance-cluster'
export const SERVICE = 'megilance-backend'
export const tdArn = (revision: number, family = 'megilance-backend') =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`
export const OLD_ID = 'ecs-svc/1111111111111111111'
export const NEW_ID = 'ecs-svc/2222222222222222222'
export const ROLLBACK_ID = 'ecs-svc/3333333333333333333'
export const T0 = Date.parse('2026-11-25T10:00:00Z')

export const BACKEND_IMAGE_OLD = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/megilance-backend@sha256:${'a'.repeat(64)}`
export const BACKEND_IMAGE_NEW = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/megilance-backend@sha256:${'b'.repeat(64)}`

/**
 * Fields in DescribeTaskDefinition's response (API reference, "Response Syntax") that
 * RegisterTaskDefinition's "Request Syntax" does not have: what a rendered task definition drops.
 */
export const DESCRIBED_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy'
] as const

/** A registered Fargate revision as DescribeTaskDefinition returns it (read-only fields included). */
export function registered(
  revision: number,
  image = BACKEND_IMAGE_OLD,
  overrides: Partial<TaskDefinition> = {}
): TaskDefinition {
  return {
    taskDefinitionArn: tdArn(revision),
    family: 'megilance-backend',
    revision,
    status: 'ACTIVE',
    requiresCompatibilities: ['FARGATE'],
    compatibilities: ['EC2', 'FARGATE'],
    networkMode: 'awsvpc',
    cpu: '512',
    memory: '1024',
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/megilance-execution`,
    registeredAt: new Date(T0 - 86400000),
    registeredBy: `arn:aws:iam::${ACCOUNT}:role/megilance-deploy`,
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
    containerDefinitions: [
      {
        name: 'backend',
        image,
        essential: true,
        portMappings: [{ containerPort: 8000, protocol: 'tcp' }],
        environment: [
          { name: 'FILE_STORAGE_MODE', value: 'local' },
          { name: 'BACKEND_CORS_ORIGINS', value: 'https://megilance.example' }
        ],
        secrets: [
          {
            name: 'JWT_SECRET',
            valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:megilance/jwt-AbCdEf`
          }
        ],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/megilance-backend',
            'awslogs-region': REGION,
            'awslogs-stream-prefix': 'backend'
          }
        }
      }
    ],
    ...overrides
  }
}

/** A task-definition file as a user writes it: one Fargate container, its image to be set. */
export function fargateTaskDefinition(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    family: 'megilance-backend',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '512',
    memory: '1024',
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/megilance-ecs-task-execution`,
    containerDefinitions: [{ name: 'backend', image: 'placeholder', essential: true }],
    ...over
  }
}

export function deployment(
  d: Partial<Deployment> & { id: string; taskDefinition: string }
): Deployment {
  return {
    status: 'PRIMARY',
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 0,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    createdAt: new Date(T0),
    ...d
  }
}

export interface ServiceOptions {
  deployments: Deployment[]
  events?: ServiceEvent[]
  /** The service's circuit breaker, the configurable one's threshold and reset included. */
  circuitBreaker?: DeploymentCircuitBreaker
  deploymentController?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
}

export function service(o: ServiceOptions): Service {
  const primary = o.deployments.find(d => d.status === 'PRIMARY')
  return {
    serviceName: SERVICE,
    serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${SERVICE}`,
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
    status: 'ACTIVE',
    launchType: 'FARGATE',
    desiredCount: 2,
    runningCount: o.deployments.reduce((n, d) => n + (d.runningCount ?? 0), 0),
    taskDefinition: primary?.taskDefinition,
    deployments: o.deployments,
    events: o.events ?? [],
    deploymentController: { type: o.deploymentController ?? 'ECS' },
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      ...(o.circuitBreaker ? { deploymentCircuitBreaker: o.circuitBreaker } : {})
    }
  }
}

/** The service before the deploy: revision 41 fully rolled out. */
export const steady = (circuitBreaker?: ServiceOptions['circuitBreaker']) =>
  service({
    deployments: [
      deployment({
        id: OLD_ID,
        taskDefinition: tdArn(41),
        runningCount: 2,
        rolloutState: 'COMPLETED',
        createdAt: new Date(T0 - 86400000)
      })
    ],
    ...(circuitBreaker ? { circuitBreaker } : {})
  })

/** Mid-rollout: the new deployment PRIMARY, the old one ACTIVE. */
export const rolling = (
  mine: Partial<Deployment>,
  opts: {
    events?: ServiceEvent[]
    circuitBreaker?: ServiceOptions['circuitBreaker']
    oldRunning?: number
  } = {}
) =>
  service({
    deployments: [
      deployment({
        ...mine,
        id: mine.id ?? NEW_ID,
        taskDefinition: mine.taskDefinition ?? tdArn(42)
      }),
      deployment({
        id: OLD_ID,
        taskDefinition: tdArn(41),
        status: 'ACTIVE',
        runningCount: opts.oldRunning ?? 2,
        rolloutState: 'COMPLETED',
        createdAt: new Date(T0 - 86400000)
      })
    ],
    ...(opts.events ? { events: opts.events } : {}),
    ...(opts.circuitBreaker ? { circuitBreaker: opts.circuitBreaker } : {})
  })

export function event(secondsAfterT0: number, message: string): ServiceEvent {
  return { id: `e${secondsAfterT0}`, createdAt: new Date(T0 + secondsAfterT0 * 1000), message }
}

export function stoppedTask(
  n: number,
  reason: string,
  exitCode: number | undefined,
  containerReason?: string
): Task {
  return {
    taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/task${n}abcdef`,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    stoppedReason: reason,
    stopCode: 'EssentialContainerExited',
    healthStatus: 'UNHEALTHY',
    startedBy: NEW_ID,
    containers: [
      {
        name: 'backend',
        exitCode,
        ...(containerReason ? { reason: containerReason } : {}),
        healthStatus: 'UNHEALTHY'
      }
    ]
  }
}

/** A service whose only deployment (by default ours, on :42) has finished with every task running. */
export const completed = (id = NEW_ID, revision = 42) =>
  service({
    deployments: [
      deployment({
        id,
        taskDefinition: tdArn(revision),
        runningCount: 2,
        rolloutState: 'COMPLETED'
      })
    ]
  })
