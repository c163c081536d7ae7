import type { Service, ServiceDeployment, TaskDefinition } from '@aws-sdk/client-ecs'
import { describeError } from '../../aws/errors.js'
import type { Log } from '../../shared/log.js'
import type { Context } from '../deps.js'
import type { CurrentService, Ingress } from '../phases/read-service/current-service.js'
import type { Prepared } from '../phases/render/prepared.js'
import type { Report, RollbackReport } from '../phases/report/report.js'
import type { WatchResult } from '../phases/watch/loop.js'
import type { RolloutTarget, Verdict } from '../phases/watch/verdict.js'

/*
 * What differs between kinds of deployment (an ECS rolling update; ECS's own blue/green, linear
 * and canary; Express Mode; next, CodeDeploy): how one is started, watched and judged, rolled
 * back and described, how a deployment already under way is found, continued or rolled back,
 * and, for kinds that register nothing themselves, what their start will send. One
 * implementation per kind, each in a folder of its own; index.ts picks the kind of a service.
 */

/** The deployment a kind started (or found under way), by the id its controller gave it. */
export interface Started {
  readonly target: RolloutTarget
  /** The service as the start answered it (UpdateService), or as read. */
  readonly service: Service
  /** What made the answer unusable, though the write was made: the state is then unknown. */
  readonly problem?: string | undefined
  /** The write started no rollout, for this reason: nothing changed, and the run has succeeded. */
  readonly unchanged?: string | undefined
  /** The service and its ingress endpoint, as the write answered (Express Mode). */
  readonly ingress?: Ingress | undefined
  /** The revision rolled out, as far as its containers' logs go, where only the answer told it. */
  readonly definition?: Pick<TaskDefinition, 'containerDefinitions'> | undefined
}

export interface StartRequest {
  readonly taskDefinitionArn: string
  /** What ran before (ECS rolling back to it is told apart from a superseding deployment). */
  readonly previousTaskDefinitionArn: string | undefined
  readonly desiredCount: number | undefined
  readonly forceNewDeployment: boolean
  /** "deployment" or "rollback deployment", for the log. */
  readonly label: string
  /** What the run prepared (the request, for kinds that send one as prepared). */
  readonly prepared?: Prepared | undefined
}

export interface WatchRequest {
  readonly started: Started
  /**
   * Our rollout, a deployment this step continued past a PAUSE hook, or the rollback of our
   * failed rollout that ECS (or this step, through ECS) started.
   */
  readonly watching: 'rollout' | 'continued' | 'rollback'
  readonly deadline: number
  /** What is watched, for messages. */
  readonly what: string
  /** Our service deployment, when already known. */
  readonly serviceDeploymentArn?: string | undefined
  /** PAUSE hooks this step answered (a read may still show them awaiting action). */
  readonly answeredHooks: readonly string[]
}

/** A rollout this step saw fail, for the kind to roll back. */
export interface FailedRollout {
  readonly current: CurrentService
  readonly started: Started
  readonly result: WatchResult
  readonly deadline: number
}

/** How a rollback this step made went: what the report says, and the service deployment seen. */
export interface RolledBack {
  readonly report: RollbackReport
  readonly serviceDeployment?: ServiceDeployment | undefined
}

/** A deployment under way, as found before any write (rollback and continue modes). */
export interface Ongoing {
  readonly sd: ServiceDeployment
  readonly target: RolloutTarget
}

/** What a kind whose deployments can be found under way does with one. */
export interface OngoingDeployments {
  find(x: Context, current: CurrentService): Promise<Ongoing | undefined>
  /**
   * Answers a PAUSE hook with CONTINUE ('dry-run': says what it would do); throws, with nothing
   * changed, when no hook waits.
   */
  continue(
    x: Context,
    ongoing: Ongoing | undefined
  ): Promise<{ readonly hookId: string } | 'dry-run'>
  /** Rolls the deployment back through its controller, watched to its end (kinds that can). */
  readonly rollBack?: (
    x: Context,
    ongoing: Ongoing,
    deadline: number
  ) => Promise<RolledBack | undefined>
}

/**
 * What a kind that registers no revision itself will send (Express Mode), prepared before any
 * write instead of a rendered task definition (deploy) or a revision chosen by rollback-to.
 */
export interface KindPlans {
  /** Deploy mode: the inputs checked and turned into the request the start sends. */
  deploy(x: Context, current: CurrentService): Promise<Prepared>
  /** Rollback mode, no deployment under way: the request that puts the previous one back. */
  rollback(x: Context, current: CurrentService): Promise<Prepared>
}

/** A service as it was read, and the kind that deploys it. */
export interface Claimed {
  readonly current: CurrentService
  readonly kind: DeploymentKind
}

export interface DeploymentKind {
  readonly name: string
  /** The strategy the report names (ROLLING, BLUE_GREEN, LINEAR, CANARY, ...). */
  readonly strategy: string
  /** A rollback goes through the deployment's controller, never a second UpdateService. */
  readonly rollsBackItself: boolean
  /** Before any write: warns where the settings cannot work out for this service. */
  check(x: Context): void
  start(x: Context, request: StartRequest): Promise<Started>
  watch(x: Context, request: WatchRequest): Promise<WatchResult>
  /** Puts what ran before back after a failure, watched to its end; undefined when it cannot. */
  rollBack(x: Context, failed: FailedRollout): Promise<RolledBack | undefined>
  readonly ongoing?: OngoingDeployments | undefined
  /** Kinds whose start sends a request of its own: what it sends (default: render, rollback-to). */
  readonly plan?: KindPlans | undefined
  /** The job summary's lines on this kind's deployment. */
  describe(report: Report): string[]
}

/**
 * A rollback whose state became unknown (an error after its write): said as an error, never
 * guessed at.
 */
export function unknownRollback(log: Log, report: RollbackReport, error: unknown): RolledBack {
  const reason = `${describeError(error)}.`
  log.error(reason, 'State unknown')
  const verdict: Verdict = { status: 'unknown', reason }
  return { report: { ...report, verdict } }
}
