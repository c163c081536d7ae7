import type { RolloutScript, StoppedTaskSpec } from './rollouts/rollout-scripts.js'

/*
 * The records the ECS stand-in keeps: task definitions, services, their deployments and service
 * deployments, the stopped tasks of their rollouts, the task sets of CODE_DEPLOY services, and the
 * options the stand-in runs with.
 */

export interface EcsOptions {
  /** Answer ListServiceDeployments / DescribeServiceDeployments, or UnknownOperationException. */
  readonly serviceDeployments: boolean
  /** Who registers revisions (registeredBy); the deploy role's session by default. */
  readonly principal?: string
  /** How long a write (UpdateService) stays invisible to DescribeServices / ListServiceDeployments. */
  readonly readLagMs?: number
  /** Creates a CloudWatch Logs group if missing (the log group Express Mode creates). */
  readonly createLogGroup?: (name: string) => void
  /** Called for each service task that stops (awslogs-driver.ts writes its log lines). */
  readonly onTaskStopped?: (
    task: Record<string, unknown>,
    taskDefinition: Record<string, unknown>,
    spec: StoppedTaskSpec
  ) => void
}

export interface TaskDefinitionRecord {
  readonly arn: string
  readonly family: string
  readonly revision: number
  status: 'ACTIVE' | 'INACTIVE'
  readonly body: Record<string, unknown>
  readonly registeredAt: number
  readonly registeredBy: string
  /** When DeregisterTaskDefinition marked it INACTIVE. */
  deregisteredAt?: number
}

export interface ServiceDeploymentRecord {
  readonly arn: string
  readonly createdAt: number
  startedAt?: number
  finishedAt?: number
  stoppedAt?: number
  updatedAt: number
  status: string
  statusReason?: string
  readonly source: readonly DeploymentRecord[]
  target: DeploymentRecord
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string }
  breakerStatus: string
}

export interface DeploymentRecord {
  readonly id: string
  readonly revisionArn: string
  status: 'PRIMARY' | 'ACTIVE'
  readonly taskDefinition: string
  desiredCount: number
  runningCount: number
  pendingCount: number
  failedTasks: number
  readonly createdAt: number
  updatedAt: number
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'
  rolloutStateReason: string
  readonly script: RolloutScript
  step: number
  /** The service deployment this deployment is the target of (ECS rollbacks share theirs). */
  serviceDeployment: ServiceDeploymentRecord | undefined
  /** Set on the deployment ECS starts to roll a failed one back. */
  readonly rollbackOf?: DeploymentRecord
  /** Failed tasks still count (false once a task of the deployment ran). */
  failuresCounted: boolean
  /** The configurable circuit breaker's failure count (rollouts/breaker.ts). */
  breakerFailures?: number
}

/** A service's deploymentCircuitBreaker, as CreateService and UpdateService take it. */
export interface BreakerRecord {
  readonly enable: boolean
  readonly rollback: boolean
  readonly resetOnHealthyTask?: boolean
  readonly thresholdConfiguration?: {
    readonly type: 'COUNT' | 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT'
    readonly value: number
  }
}

export interface ServiceRecord {
  readonly name: string
  readonly cluster: string
  readonly arn: string
  readonly clusterArn: string
  desiredCount: number
  readonly circuitBreaker: BreakerRecord
  deployments: DeploymentRecord[]
  readonly events: { id: string; createdAt: number; message: string }[]
  readonly createdAt: number
  readonly queue: RolloutScript[]
  readonly serviceDeployments: ServiceDeploymentRecord[]
  readonly controller: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
  /** loadBalancers, networkConfiguration, platformVersion, capacityProviderStrategy as seeded. */
  readonly loadBalancers: readonly Record<string, unknown>[]
  readonly networkConfiguration?: Record<string, unknown>
  readonly platformVersion?: string
  readonly capacityProviderStrategy?: readonly Record<string, unknown>[]
  /** Service revisions by ARN: the task definition each deployment rolls out. */
  readonly revisions: Map<string, { taskDefinition: string; createdAt: number }>
  /** While a write is not yet visible: what reads still show, and until when. */
  stale?: { until: number; view: Record<string, unknown>; serviceDeployments: number }
}

/** A stopped task of a service rollout, as DescribeTasks answers it. */
export interface StoppedTaskRecord {
  readonly cluster: string
  readonly startedBy: string
  readonly body: Record<string, unknown>
}

/** A task set of a service on the CODE_DEPLOY controller (codedeploy/task-sets.ts). */
export interface TaskSetRecord {
  readonly id: string
  readonly arn: string
  externalId: string | undefined
  status: 'PRIMARY' | 'ACTIVE' | 'DRAINING'
  readonly taskDefinition: string
  computedDesiredCount: number
  pendingCount: number
  runningCount: number
  readonly createdAt: number
  updatedAt: number
  readonly scale: number
  stabilityStatus: 'STEADY_STATE' | 'STABILIZING'
  stabilityStatusAt: number
  readonly loadBalancers: readonly Record<string, unknown>[]
  readonly networkConfiguration: Record<string, unknown>
  readonly platformVersion: string
  readonly capacityProviderStrategy: readonly Record<string, unknown>[] | undefined
  /** The share of production traffic its target group gets (0-100): CodeDeploy's trafficWeight. */
  weight: number
}

/** The task sets the ECS stand-in keeps, and who hears of a look at a service holding some. */
export interface TaskSetsRecord {
  readonly byService: Map<ServiceRecord, TaskSetRecord[]>
  /** Set by the CodeDeploy stand-in: a look at the service lets its deployment move on. */
  onLook: ((service: ServiceRecord) => void) | undefined
}
