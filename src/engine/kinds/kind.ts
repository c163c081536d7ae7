import type { Service, ServiceDeployment, TaskDefinition } from '@aws-sdk/client-ecs'
import { describeError } from '../../aws/errors.js'
import type { Log } from '../../shared/log.js'
import type { Context, Deps } from '../deps.js'
import type { CurrentService, Ingress } from '../phases/read-service/current-service.js'
import type { Prepared } from '../phases/render/prepared.js'
import type { Described, Report, RollbackReport } from '../phases/report/report.js'
import type { WatchResult } from '../phases/watch/loop.js'
import type { RolloutTarget, Verdict } from '../phases/watch/verdict.js'
import type { Settings } from '../settings/settings.js'

/*
 * What differs between kinds of deployment (an ECS rolling update; ECS's own blue/green, linear
 * and canary; CodeDeploy blue/green; Express Mode): what is found and checked before the first
 * write, how one is started, watched and judged, explained, rolled back and described, how a
 * deployment already under way is found, continued or rolled back, and, for kinds that register
 * nothing themselves, what their start will send; which inputs a kind owns, and how a cancelled
 * job's post step puts its deployment back. One implementation per kind, each in a folder of its
 * own, registered in index.ts (KindEntry), which picks the kind of a service. No phase asks which
 * kind it is: each asks the kind.
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

/** How a rollback this step made went: what the report says, and the deployment seen. */
export interface RolledBack {
  readonly report: RollbackReport
  readonly serviceDeployment?: ServiceDeployment | undefined
  /** What the kind keeps of the rollback's deployment beyond ECS's (WatchResult.kindView). */
  readonly kindView?: unknown
}

/** A deployment under way, as found before any write (rollback and continue modes). */
export interface Ongoing {
  /** By the id its controller gave it (a service deployment ARN, a CodeDeploy deployment id). */
  readonly id: string
  /** One sentence on where it stands, for the log. */
  readonly state: string
  /** ECS's service deployment (ECS controller). */
  readonly sd?: ServiceDeployment | undefined
  /** What the kind keeps of it beyond ECS's (CodeDeploy: the deployment), as WatchResult.kindView. */
  readonly kindView?: unknown
  readonly target: RolloutTarget
}

/** What a kind's plan works from: the service, and the revision the run rolls out. */
export interface PlanRequest {
  readonly current: CurrentService
  /** Known in rollback mode and for a revision deployed as it is; else registered later. */
  readonly taskDefinitionArn: string | undefined
  /** The revision rolled out, as far as its containers go. */
  readonly definition: Pick<TaskDefinition, 'containerDefinitions'>
}

/** What a plan found and checked before any write. */
export interface Planned {
  /** The kind, bound to what it found (its start uses it): it replaces the record's kind. */
  readonly kind: DeploymentKind
  /** What a dry run prints (what would be sent) and says it leaves undone. */
  readonly dryRun: readonly string[]
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
export interface KindPrepare {
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
  /** The strategy the report names (ROLLING, BLUE_GREEN, LINEAR, CANARY, CODE_DEPLOY). */
  readonly strategy: string
  /** What runs the deployments, by the name a person knows it: ECS, or CodeDeploy. */
  readonly controller: string
  /** A rollback goes through the deployment's controller, never a second UpdateService. */
  readonly rollsBackItself: boolean
  /**
   * Before any write: refuses (InputError) or warns where the settings cannot work out for this
   * service.
   */
  readonly check?: ((x: Context) => void) | undefined
  /**
   * Before any write, once the revision is rendered: finds and checks what the start needs (the
   * CodeDeploy deployment group, the AppSpec); an error here leaves AWS as it was. Kinds whose
   * start needs nothing more have none.
   */
  readonly plan?: ((x: Context, request: PlanRequest) => Promise<Planned>) | undefined
  start(x: Context, request: StartRequest): Promise<Started>
  watch(x: Context, request: WatchRequest): Promise<WatchResult>
  /**
   * A failure, as only this kind can tell it (logged before the stopped tasks, their log lines and
   * the service events); answers whose tasks those are (their startedBy). Without it: the
   * deployment id, as ECS sets it on a service deployment's tasks.
   */
  readonly explain?: ((x: Context, result: WatchResult) => Promise<readonly string[]>) | undefined
  /** Puts what ran before back after a failure, watched to its end; undefined when it cannot. */
  rollBack(x: Context, failed: FailedRollout): Promise<RolledBack | undefined>
  readonly ongoing?: OngoingDeployments | undefined
  /** Kinds whose start sends a request of its own: what it sends (default: render, rollback-to). */
  readonly prepare?: KindPrepare | undefined
  /**
   * What the job summary and the outputs say of this kind's deployment, from the report and what
   * the kind kept of the deployment (`kindView`, as its watch or rollback gave it).
   */
  describe(report: Report, kindView: unknown): Described
}

/** What a cancelled job's post step knows of the rollout it left (post-state.ts). */
export interface CancelledRollout {
  readonly cluster: string
  readonly service: string
  /** The deployment under way, by the id its controller gave it. */
  readonly deploymentId: string
  /** The revision that ran before: what is put back. */
  readonly taskDefinitionArn: string
}

/** The AWS a kind reaches where no run is (the post step): ECS, and an adapter of its own. */
export type KindAws = Pick<Deps, 'ecs' | 'client'>

/** A claim: the service as the kind read it, or undefined to leave it to the other kinds. */
export type Claim = (x: Context, found: Service | undefined) => Promise<Claimed | undefined>

/** What every registered kind tells the registry (index.ts) beyond how it is picked. */
interface KindInfo {
  /** Its name (DeploymentKind.name): how the post step finds it again. */
  readonly name: string
  /**
   * Before any write, when another kind deploys the service: refuses (InputError) the inputs
   * this kind owns, where given (they would be a mistake, never silently dropped).
   */
  readonly refuseOwnInputs?: ((s: Settings, service: string) => void) | undefined
  /**
   * rollback-on-cancel: the post step asks the controller to put back what ran before (started,
   * not watched: the job is gone); says how, for the log.
   */
  readonly putBackOnCancel?:
    ((aws: KindAws, cancelled: CancelledRollout) => Promise<string>) | undefined
  /**
   * rollback-on-cancel in a release: a service whose rollout had already succeeded goes back to
   * the revision before (started, not watched); none where a finished deployment cannot be undone
   * from the post step (CodeDeploy): then it is left for a rollback by hand.
   */
  readonly putBackAfterSuccess?:
    ((aws: KindAws, cancelled: CancelledRollout) => Promise<string>) | undefined
}

/** A kind DescribeServices' answer tells: it matches the service, and deploys it. */
interface MatchedKind extends KindInfo {
  matches(service: Service): boolean
  create(service: Service): DeploymentKind
}

/**
 * A kind told apart by reads of its own, which may deploy a service that does not exist yet
 * (Express Mode creates it): asked first, with what DescribeServices found.
 */
interface ClaimingKind extends KindInfo {
  readonly claim: Claim
}

/** One kind as the registry (index.ts) knows it. */
export type KindEntry = MatchedKind | ClaimingKind

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
