import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { warnIfDenied } from '../../common/permissions.js'
import type { Context } from '../../deps.js'
import {
  unknownRollback,
  type CancelledRollout,
  type FailedRollout,
  type KindAws,
  type Ongoing,
  type RolledBack,
  type Started,
  type WatchRequest
} from '../../kinds/kind.js'
import { awaitingHook } from '../ongoing/service-deployments.js'
import type { RollbackReport } from '../report/report.js'
import type { WatchResult } from '../watch/loop.js'
import { watchNative } from '../watch/watch-native.js'

/*
 * What this step asks of ECS on a blue/green, linear or canary deployment (and the canary of an
 * Express service), shared by the kinds ECS deploys this way: a rollback through ECS, never a
 * second UpdateService on top of ECS's own deployment.
 * - StopServiceDeployment, stopType ROLLBACK: "This option rolls back the service deployment to
 *   the previous service revision. You can use this option even if you didn't configure the
 *   service deployment for the rollback option." A PENDING or IN_PROGRESS deployment "moves to
 *   the ROLLBACK_REQUESTED state, and then the rollback operation starts." (Developer Guide,
 *   Stopping Amazon ECS service deployments)
 * - ContinueServiceDeployment, action ROLLBACK: "Rolls back the deployment to the previous
 *   service revision." "You can continue a deployment that has a pause hook in AWAITING_ACTION
 *   status." (API Reference / Developer Guide, Continuing service deployments)
 */

export type RollbackCall = 'StopServiceDeployment' | 'ContinueServiceDeployment'

/** The rollback through ECS, for a watch to follow. */
export interface ThroughEcs {
  readonly started: Started
  readonly sd: ServiceDeployment | undefined
  /** The revision ECS puts back. */
  readonly taskDefinitionArn: string | undefined
  readonly deadline: number
}

type Watch = (x: Context, w: WatchRequest) => Promise<WatchResult>

/**
 * Asks ECS to roll our service deployment back (ContinueServiceDeployment ROLLBACK when it
 * waits at a PAUSE hook, else StopServiceDeployment ROLLBACK) and watches the rollback to its
 * end. Undefined when it cannot be asked (the service deployment unknown, the call refused).
 */
export async function rollBackThroughEcs(
  x: Context,
  r: ThroughEcs,
  watch: Watch
): Promise<RolledBack | undefined> {
  const via = await askEcs(x, r.sd)
  if (via === undefined) return undefined
  const report: RollbackReport = { by: 'action', via, taskDefinitionArn: r.taskDefinitionArn }
  try {
    const arn = r.sd?.serviceDeploymentArn
    const back = await x.io.log.group(
      `Watch ECS's rollback of ${r.started.target.deploymentId}`,
      () =>
        watch(x, {
          started: r.started,
          watching: 'rollback',
          deadline: r.deadline,
          what: `ECS's rollback of ${r.started.target.deploymentId}`,
          serviceDeploymentArn: arn,
          answeredHooks: []
        })
    )
    x.io.log.info(`The rollback through ECS ${back.verdict.status}: ${back.verdict.reason}`)
    return {
      report: { ...report, verdict: back.verdict },
      serviceDeployment: back.snapshot?.serviceDeployment
    }
  } catch (error) {
    return unknownRollback(x.io.log, report, error)
  }
}

/** The rollback call, made; undefined (said in the log) when it cannot be. */
async function askEcs(
  { io }: Context,
  sd: ServiceDeployment | undefined
): Promise<RollbackCall | undefined> {
  const arn = sd?.serviceDeploymentArn
  if (arn === undefined) {
    io.log.info(
      'The service deployment is not known, so it cannot be rolled back through ECS; not rolling back on a guess (and never with a second UpdateService).'
    )
    return undefined
  }
  const hook = awaitingHook(sd)
  const via: RollbackCall = hook ? 'ContinueServiceDeployment' : 'StopServiceDeployment'
  try {
    if (hook?.hookId !== undefined)
      await io.ecs.continueServiceDeployment(arn, hook.hookId, 'ROLLBACK')
    else await io.ecs.rollBackServiceDeployment(arn)
  } catch (error) {
    const without = 'The service is left as it is: ECS goes on with its deployment.'
    if (warnIfDenied(io.log, error, `ecs:${via}`, arn, without)) return undefined
    throw error
  }
  io.log.info(
    hook
      ? `Asked ECS to roll back service deployment ${arn}, paused at hook ${hook.hookId} (ContinueServiceDeployment, action ROLLBACK).`
      : `Asked ECS to roll back service deployment ${arn} (StopServiceDeployment, stopType ROLLBACK).`
  )
  return via
}

/** A failed deployment ECS runs itself, rolled back through ECS and watched to its end. */
export function rollBackNative(x: Context, failed: FailedRollout, strategy: string) {
  const started = {
    ...failed.started,
    target: { ...failed.started.target, deploymentId: failed.result.deploymentId }
  }
  const sd = failed.result.snapshot?.serviceDeployment
  const through = { started, sd, taskDefinitionArn: failed.current.arn, deadline: failed.deadline }
  return rollBackThroughEcs(x, through, (x2, w) => watchNative(x2, w, strategy))
}

/** A deployment ECS runs itself, under way, rolled back through ECS (rollback mode). */
export function rollBackOngoing(
  x: Context,
  ongoing: Ongoing,
  deadline: number,
  service: Service,
  strategy: string
) {
  const through = {
    started: { target: ongoing.target, service },
    sd: ongoing.sd,
    taskDefinitionArn: ongoing.target.previousTaskDefinitionArn,
    deadline
  }
  return rollBackThroughEcs(x, through, (x2, w) => watchNative(x2, w, strategy))
}

/*
 * rollback-on-cancel: StopServiceDeployment ROLLBACK of the newest service deployment under way,
 * which "rolls back the service deployment to the previous service revision" (ECS API Reference,
 * StopServiceDeployment), never a second UpdateService. Started, not watched.
 */
export async function stopThroughEcsOnCancel({ ecs }: KindAws, c: CancelledRollout) {
  const ongoing = await ecs.listServiceDeployments(c.cluster, c.service, {
    status: ['PENDING', 'IN_PROGRESS']
  })
  const newest = ongoing
    .filter(b => b.serviceDeploymentArn !== undefined)
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0]
  if (newest?.serviceDeploymentArn === undefined)
    throw new Error('no service deployment is under way')
  await ecs.rollBackServiceDeployment(newest.serviceDeploymentArn)
  return `StopServiceDeployment ROLLBACK of ${newest.serviceDeploymentArn}`
}
