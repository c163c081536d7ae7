import type { Service } from '@aws-sdk/client-ecs'
import type { DeployDeps } from '../../deps.js'
import type { DeploySettings } from '../../settings/settings.js'
import type { PostState } from '../../post-state.js'
import { createRolloutPoller } from '../watch/ecs-poller.js'
import { verdictsFor, watchRollout, type WatchResult } from '../watch/loop.js'
import {
  shortArn,
  type Describe,
  type Judge,
  type RolloutTarget,
  type RolloutVerdicts
} from '../watch/verdict.js'

/*
 * The one "update → watch" routine the forward path and the rollback path share, and the watch
 * of ECS's own rollback. Each tells the caller as soon as UpdateService has answered, so that
 * whatever happens next, the caller knows a rollout began.
 */

export interface RolloutContext {
  readonly s: DeploySettings
  readonly d: DeployDeps
  readonly post: PostState
  /** PAUSE hooks this step answered (a read may still show them awaiting action). */
  readonly answeredHooks: Set<string>
}

/** The judges for the service's strategy, with this step's wait-until and answered hooks. */
export function verdictsOf(ctx: RolloutContext, service: Service): RolloutVerdicts {
  return verdictsFor(
    service,
    { waitUntil: ctx.s.waitUntil, answeredHooks: ctx.answeredHooks },
    ctx.d.now
  )
}

export interface RolloutRequest {
  readonly taskDefinitionArn: string
  /** What ran before (ECS rolling back to it is told apart from a superseding deployment). */
  readonly previousTaskDefinitionArn: string | undefined
  readonly desiredCount: number | undefined
  readonly forceNewDeployment: boolean
  /** Watch the rollout (else stop after UpdateService). */
  readonly watch: boolean
  readonly deadline: number
  /** "deployment" or "rollback deployment", for the log. */
  readonly label: string
}

export interface Started {
  readonly target: RolloutTarget
  /** The service as UpdateService answered it. */
  readonly service: Service
}

/** UpdateService, then (if asked) the watch of the deployment it started. */
export async function rollOut(
  ctx: RolloutContext,
  req: RolloutRequest,
  onStarted: (started: Started) => void
): Promise<{ started: Started; result: WatchResult | undefined }> {
  const { s, d } = ctx
  const service = await d.log.group(`Update service ${s.service}`, () =>
    d.ecs.updateService({
      cluster: s.cluster,
      service: s.service,
      taskDefinition: req.taskDefinitionArn,
      desiredCount: req.desiredCount,
      forceNewDeployment: req.forceNewDeployment
    })
  )
  // From here on a rollout exists: the caller learns of it before anything else can fail.
  const primary = service.deployments?.find(x => x.status === 'PRIMARY')
  const started: Started = {
    service,
    target: {
      deploymentId: primary?.id ?? '',
      taskDefinitionArn: req.taskDefinitionArn,
      previousTaskDefinitionArn: req.previousTaskDefinitionArn,
      maxFailedTasks: s.maxFailedTasks,
      createdAt: primary?.createdAt
    }
  }
  onStarted(started)
  if (primary?.id === undefined)
    throw new Error('UpdateService answered without a PRIMARY deployment.')
  if (primary.taskDefinition !== undefined && primary.taskDefinition !== req.taskDefinitionArn) {
    throw new Error(
      `UpdateService answered with PRIMARY deployment ${primary.id} on ${primary.taskDefinition}, not ${req.taskDefinitionArn}.`
    )
  }
  d.log.info(`Service updated to ${shortArn(req.taskDefinitionArn)}: ${req.label} ${primary.id}.`)
  if (!req.watch) return { started, result: undefined }
  ctx.post.watching({
    cluster: s.cluster,
    service: s.service,
    region: d.region,
    deploymentId: primary.id,
    taskDefinitionArn: req.taskDefinitionArn
  })
  const verdicts = verdictsOf(ctx, service)
  if (verdicts.native) d.log.info(`${verdicts.strategy} deployment: ECS shifts traffic itself.`)
  const result = await d.log.group(`Watch ${req.label} ${primary.id}`, () =>
    watch(ctx, started.target, {
      judge: verdicts.rollout,
      describe: verdicts.progress(),
      deadline: req.deadline,
      what: `The rollout of ${primary.id}`,
      countStoppedTasks: countsTasks(service, s)
    })
  )
  return { started, result }
}

/** ECS rolls our failed deployment back by itself: watch that to its end. */
export function watchEcsRollback(
  ctx: RolloutContext,
  target: RolloutTarget,
  service: Service,
  deadline: number,
  serviceDeploymentArn?: string
): Promise<WatchResult> {
  const verdicts = verdictsOf(ctx, service)
  return ctx.d.log.group(`Watch ECS's rollback of ${target.deploymentId}`, () =>
    watch(ctx, target, {
      judge: verdicts.ecsRollback,
      describe: verdicts.progress(),
      deadline,
      what: `ECS's rollback of ${target.deploymentId}`,
      countStoppedTasks: false,
      serviceDeploymentArn
    })
  )
}

export interface WatchRequest {
  readonly judge: Judge
  readonly describe: Describe
  readonly deadline: number
  readonly what: string
  readonly countStoppedTasks: boolean
  /** Our service deployment, when already known. */
  readonly serviceDeploymentArn?: string | undefined
}

export function watch(
  ctx: RolloutContext,
  target: RolloutTarget,
  w: WatchRequest
): Promise<WatchResult> {
  const { s, d } = ctx
  const { judge, deadline, what, countStoppedTasks } = w
  return watchRollout(
    target,
    judge,
    {
      timeoutMs: Math.max(0, deadline - d.now()),
      intervalMs: s.pollIntervalSeconds * 1000,
      what,
      describe: w.describe
    },
    {
      poll: createRolloutPoller(
        d.ecs,
        {
          cluster: s.cluster,
          service: s.service,
          taskDefinitionArn: target.taskDefinitionArn,
          createdAt: target.createdAt,
          countStoppedTasks,
          serviceDeploymentArn: w.serviceDeploymentArn
        },
        d.log
      ),
      now: d.now,
      sleep: d.sleep,
      log: m => d.log.info(m),
      warn: m => d.log.warning(m)
    }
  )
}

/** Our stopped tasks are counted where max-failed-tasks decides: no circuit breaker, a limit set. */
function countsTasks(service: Service, s: DeploySettings): boolean {
  return (
    s.maxFailedTasks > 0 &&
    service.deploymentConfiguration?.deploymentCircuitBreaker?.enable !== true
  )
}
