import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { describeError } from '../../../aws/errors.js'
import type { DeploySettings } from '../../settings/settings.js'
import { awaitingHook, minutesEcsNeeds, NATIVE_STRATEGIES } from './judge.js'
import { warnIfDenied } from '../../common/permissions.js'
import { watchEcsRollback, type RolloutContext } from '../../phases/start/roll-out.js'
import type { WatchResult } from '../../phases/watch/loop.js'
import type { RolloutTarget } from '../../phases/watch/verdict.js'
import type { Log } from '../../../shared/log.js'

/*
 * What this step asks of ECS on a blue/green, linear or canary deployment: a rollback through
 * ECS, never a second UpdateService on top of ECS's own deployment.
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

/**
 * Asks ECS to roll our service deployment back (ContinueServiceDeployment ROLLBACK when it
 * waits at a PAUSE hook, else StopServiceDeployment ROLLBACK) and watches the rollback to its
 * end. Undefined when it cannot be asked (the service deployment unknown, the call refused).
 */
export async function rollBackThroughEcs(
  ctx: RolloutContext,
  target: RolloutTarget,
  service: Service,
  sd: ServiceDeployment | undefined,
  deadline: number,
  onAsked: (via: RollbackCall) => void
): Promise<{ via: RollbackCall; result: WatchResult } | undefined> {
  const { d } = ctx
  const arn = sd?.serviceDeploymentArn
  if (arn === undefined) {
    d.log.info(
      'The service deployment is not known, so it cannot be rolled back through ECS; not rolling back on a guess (and never with a second UpdateService).'
    )
    return undefined
  }
  const hook = awaitingHook(sd)
  const via: RollbackCall = hook ? 'ContinueServiceDeployment' : 'StopServiceDeployment'
  try {
    if (hook?.hookId !== undefined) {
      await d.ecs.continueServiceDeployment(arn, hook.hookId, 'ROLLBACK')
      ctx.answeredHooks.add(hook.hookId)
    } else {
      await d.ecs.rollBackServiceDeployment(arn)
    }
  } catch (error) {
    const without = 'The service is left as it is: ECS goes on with its deployment.'
    if (warnIfDenied(d.log, error, `ecs:${via}`, arn, without)) return undefined
    throw error
  }
  onAsked(via)
  d.log.info(
    hook
      ? `Asked ECS to roll back service deployment ${arn}, paused at hook ${hook.hookId} (ContinueServiceDeployment, action ROLLBACK).`
      : `Asked ECS to roll back service deployment ${arn} (StopServiceDeployment, stopType ROLLBACK).`
  )
  const result = await watchEcsRollback(ctx, target, service, deadline, arn)
  return { via, result }
}

/** The newest service deployment of the service still PENDING or IN_PROGRESS, if any. */
export async function findOngoing(
  ctx: RolloutContext,
  service: Service
): Promise<ServiceDeployment | undefined> {
  const { s, d } = ctx
  const resource = service.serviceArn ?? `${s.cluster}/${s.service}`
  try {
    const briefs = await d.ecs.listServiceDeployments(s.cluster, s.service, {
      status: ['PENDING', 'IN_PROGRESS']
    })
    const newest = briefs
      .filter(b => b.serviceDeploymentArn !== undefined)
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0]
    if (newest === undefined) return undefined
    return await d.ecs.describeServiceDeployment(newest.serviceDeploymentArn!)
  } catch (error) {
    const without = 'Without it the step cannot see a paused or ongoing deployment.'
    if (warnIfDenied(d.log, error, 'ecs:ListServiceDeployments', resource, without))
      return undefined
    throw new Error(`Reading the service's deployments failed: ${describeError(error)}`, {
      cause: error
    })
  }
}

/**
 * Before any write: warns when wait-for-minutes cannot cover what ECS will take (the waits
 * between traffic shifts and the bake time), beyond starting tasks and moving traffic.
 */
export function warnIfTooShort(s: DeploySettings, log: Pick<Log, 'warning'>, service: Service) {
  const c = service.deploymentConfiguration
  if (!NATIVE_STRATEGIES.has(c?.strategy ?? 'ROLLING') || !s.waitForServiceStability) return
  const needs = minutesEcsNeeds(c, s.waitUntil)
  if (needs < s.waitForMinutes) return
  const parts = [
    ...(s.waitUntil === 'completed' ? [`bake time ${c?.bakeTimeInMinutes ?? 0} min`] : []),
    ...(c?.strategy === 'LINEAR'
      ? [
          `${needs - (s.waitUntil === 'completed' ? (c.bakeTimeInMinutes ?? 0) : 0)} min between linear steps`
        ]
      : []),
    ...(c?.strategy === 'CANARY'
      ? [`canary bake ${c.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10} min`]
      : [])
  ]
  log.warning(
    `wait-for-minutes is ${s.waitForMinutes}, but this ${c?.strategy} deployment takes ECS at least ${needs} minutes (${parts.join(', ')}) plus the time to start tasks and shift traffic. The watch will time out first${s.rollbackOnFailure ? ' and roll the deployment back through ECS' : ''}. Give wait-for-minutes more than ${needs}${s.waitUntil === 'completed' ? ', or wait-until: traffic-shifted' : ''}.`,
    'wait-for-minutes too short'
  )
}
