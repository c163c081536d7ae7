import type { ServiceRecord, TaskSetRecord } from '../ecs/records.js'
import type { StoppedTaskSpec } from '../ecs/rollouts/rollout-scripts.js'
import type { EcsState } from '../ecs/state.js'

/*
 * What the CodeDeploy stand-in keeps (codedeploy.ts): applications, deployment groups for ECS
 * services, deployments with their lifecycle events, and what a test scripts: the seed of a
 * deployment group and the scenario each deployment plays. The value sets are the API's own
 * (codedeploy.json: DeploymentStatus, TargetStatus, LifecycleEventStatus, AutoRollbackEvent).
 */

/** "Each hook is executed once per deployment." (User Guide, AppSpec 'hooks' section, ECS) */
export const HOOK_EVENTS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic'
] as const
export type HookEvent = (typeof HOOK_EVENTS)[number]
export type LifecycleEventName = HookEvent | 'Install' | 'AllowTestTraffic' | 'AllowTraffic'

export type DeploymentStatus =
  'Created' | 'Queued' | 'InProgress' | 'Baking' | 'Succeeded' | 'Failed' | 'Stopped' | 'Ready'
export type TargetStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Ready'
export type EventStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped'
export type AutoRollbackEvent =
  'DEPLOYMENT_FAILURE' | 'DEPLOYMENT_STOP_ON_ALARM' | 'DEPLOYMENT_STOP_ON_REQUEST'

/** What one deployment does, as a test scripts it (in order, one per CreateDeployment). */
export interface CodeDeployScenario {
  /** How long the stand-in plays one configured minute (ms); 60 000 is real time. */
  readonly minuteMs?: number
  /** How many steps one look (GetDeployment, GetDeploymentTarget, DescribeServices) moves on. */
  readonly stepsPerLook?: number
  /**
   * The Lambda function the AppSpec names for this hook answers Failed (a hook the AppSpec does
   * not name runs nothing and cannot fail): the event's diagnostics carry message and logTail.
   */
  readonly hookFails?: {
    readonly event: HookEvent
    readonly message?: string
    readonly logTail?: string
  }
  /**
   * The replacement task set's tasks stop, one per look during Install (exit codes, reasons and
   * log lines as given); after the last one, Install fails.
   */
  readonly tasksCrash?: readonly StoppedTaskSpec[]
  /** errorInformation.message when Install fails after tasksCrash (the stand-in's wording by default). */
  readonly installFailure?: string
  /**
   * This lifecycle event never ends: tasks stay PENDING (Install), traffic does not move
   * (AllowTraffic), a named hook's Lambda never reports (CodeDeploy fails it after one hour).
   */
  readonly stuckAt?: LifecycleEventName
  /** What the rollback deployment CodeDeploy starts for this one does (default: it succeeds). */
  readonly rollback?: CodeDeployScenario
}

/** An application and deployment group for a service seeded with the CODE_DEPLOY controller. */
export interface DeploymentGroupSeed {
  readonly application: string
  readonly deploymentGroup: string
  readonly cluster: string
  readonly service: string
  /** Default CodeDeployDefault.ECSAllAtOnce. */
  readonly deploymentConfigName?: string
  /**
   * The two target groups (names). Default: the one the service's load balancer names, and that
   * name with "-2" appended.
   */
  readonly targetGroups?: readonly [string, string]
  /** Listener ARNs; no `test`, no test listener (no AllowTestTraffic, AfterAllowTestTraffic). */
  readonly listeners?: { readonly prod: string; readonly test?: string }
  /** true (default): DEPLOYMENT_FAILURE; false: off; or the events that roll back. */
  readonly autoRollback?: boolean | readonly AutoRollbackEvent[]
  /** Default CONTINUE_DEPLOYMENT; STOP_DEPLOYMENT waits waitTimeInMinutes (default 60). */
  readonly deploymentReady?: {
    readonly action: 'CONTINUE_DEPLOYMENT' | 'STOP_DEPLOYMENT'
    readonly waitTimeInMinutes?: number
  }
  /** Default TERMINATE after 0 minutes. */
  readonly termination?: {
    readonly action?: 'TERMINATE' | 'KEEP_ALIVE'
    readonly waitTimeInMinutes?: number
  }
  /**
   * The Lambda hooks of the AppSpec the running revision was deployed with (a rollback redeploys
   * that revision, hooks and all).
   */
  readonly hooks?: Partial<Record<HookEvent, string>>
  /** One per CreateDeployment, in order; then every deployment succeeds. */
  readonly scenarios?: readonly CodeDeployScenario[]
}

export interface AutoRollback {
  readonly enabled: boolean
  readonly events: readonly AutoRollbackEvent[]
}

export interface GroupRecord {
  readonly application: string
  readonly name: string
  readonly id: string
  readonly service: ServiceRecord
  readonly configName: string
  readonly targetGroups: readonly [string, string]
  readonly listeners: { readonly prod: string; readonly test?: string }
  readonly autoRollback: AutoRollback
  readonly ready: { readonly action: string; readonly waitTimeInMinutes: number }
  readonly termination: { readonly action: string; readonly waitTimeInMinutes: number }
  readonly serviceRoleArn: string
  readonly scenarios: CodeDeployScenario[]
  readonly deployments: DeploymentRecord[]
  lastSuccessful?: DeploymentRecord
  lastAttempted?: DeploymentRecord
}

export interface ApplicationRecord {
  readonly name: string
  readonly createdAt: number
  readonly groups: Map<string, GroupRecord>
}

/** The ECS AppSpec, as read from the revision's content (codedeploy/appspec.ts). */
export interface AppSpec {
  readonly taskDefinition: string
  readonly containerName: string
  readonly containerPort: number
  readonly platformVersion: string
  readonly networkConfiguration?: Record<string, unknown>
  readonly capacityProviderStrategy?: readonly Record<string, unknown>[]
  readonly hooks: Partial<Record<HookEvent, string>>
}

export interface Revision {
  readonly content: string
  readonly sha256: string
}

export interface LifecycleEventRecord {
  readonly name: LifecycleEventName
  status: EventStatus
  startTime?: number
  endTime?: number
  diagnostics?: { errorCode: string; scriptName: string; message: string; logTail: string }
}

export interface DeploymentRecord {
  readonly id: string
  readonly group: GroupRecord
  readonly creator: 'user' | 'codeDeployRollback'
  readonly revision: Revision
  readonly previousRevision: Revision | undefined
  readonly appSpec: AppSpec
  readonly configName: string
  readonly autoRollback: AutoRollback
  readonly description: string
  readonly scenario: CodeDeployScenario
  readonly createdAt: number
  readonly events: LifecycleEventRecord[]
  readonly rollbackOf?: DeploymentRecord
  status: DeploymentStatus
  targetStatus: TargetStatus
  /** Where the timeline is: waiting to start, walking the events, after them. */
  phase: 'queue' | 'events' | 'terminationWait' | 'draining' | 'done'
  /** Index of the current lifecycle event. */
  at: number
  /** When the current step (a traffic shift, a wait) began. */
  enteredAt: number
  updatedAt: number
  startedAt?: number
  completedAt?: number
  error?: { code: string; message: string }
  rollbackInfo?: { rollbackDeploymentId?: string; rollbackTriggeringDeploymentId?: string }
  /** The rollback deployment started for this one, if any. */
  rolledBackBy?: DeploymentRecord
  /** The original (Blue) and replacement (Green) task sets. */
  blue?: TaskSetRecord
  green?: TaskSetRecord
  crashes: number
  shifts: number
  readyAt?: number
  continued: boolean
  terminationWaitStarted: boolean
}

/** Everything the CodeDeploy stand-in holds, and the ECS it drives. */
export interface CodeDeployState {
  readonly ecs: EcsState
  readonly applications: Map<string, ApplicationRecord>
  readonly deployments: Map<string, DeploymentRecord>
}

export const ACTIVE_STATUSES: ReadonlySet<DeploymentStatus> = new Set([
  'Created',
  'Queued',
  'InProgress',
  'Baking',
  'Ready'
])
