import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import { awaitingHook } from '../ongoing/service-deployments.js'
import type { FailureKind, Followed, Judgement, RolloutSnapshot, Verdict } from './verdict.js'
import type { WaitUntil } from '../../settings/settings.js'
import { tasks, whyFailed } from './native-progress.js'

/*
 * The verdict on a deployment ECS runs itself (ECS deployment controller, strategy BLUE_GREEN,
 * LINEAR or CANARY), pure: read from our service deployment (DescribeServiceDeployments), whose
 * status ends SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED. What ECS says of it:
 * - lifecycleStage BAKE_TIME: "The stage when both blue and green service revisions are running
 *   simultaneously after the production traffic has shifted." An alarm can still roll it back
 *   then ("Monitor application health, performance metrics, and alarm states during the bake
 *   time period. A rollback operation is initiated when issues are detected.", Developer Guide,
 *   blue/green service deployments workflow): never a success before SUCCESSFUL, unless
 *   wait-until is traffic-shifted.
 * - PAUSE hooks: "The deployment remains paused until you call ContinueServiceDeployment with the
 *   hookId and an action of CONTINUE or ROLLBACK, or until the configured timeout is reached."
 *   (Developer Guide, Pause hooks); such a hook shows status AWAITING_ACTION.
 * - requestedProductionTrafficWeight: "The percentage of production traffic that is directed to
 *   this service revision. This value represents a snapshot of the traffic distribution and may
 *   not reflect real-time changes during active deployments." (ServiceRevisionSummary)
 */

export const NATIVE_STRATEGIES = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY'])

/** Stages at which production traffic is wholly on the new revision. */
const SHIFTED = new Set(['BAKE_TIME', 'CLEAN_UP'])
const ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'])

export interface NativeOptions {
  readonly waitUntil: WaitUntil
  /** PAUSE hooks this step has already answered (a read may still show them awaiting). */
  readonly answeredHooks?: ReadonlySet<string>
}

const verdict = (v: Verdict): Judgement => ({ kind: 'verdict', verdict: v })

/** Our blue/green, linear or canary deployment, judged by its service deployment. */
export function judgeNative(options: NativeOptions) {
  return (snapshot: RolloutSnapshot, followed: Followed): Judgement => {
    const sd = snapshot.serviceDeployment
    const id = followed.ids[followed.ids.length - 1] as string
    if (sd?.status === undefined) {
      return { kind: 'stale', why: `ECS lists no service deployment for ${id} yet` }
    }
    const stage = sd.lifecycleStage ?? 'no stage'
    if (sd.status === 'SUCCESSFUL') {
      return verdict({
        status: 'succeeded',
        reason: `ECS's service deployment is SUCCESSFUL: ${tasks(sd)} after ${stage}.`
      })
    }
    if (
      sd.status === 'ROLLBACK_SUCCESSFUL' ||
      sd.status === 'ROLLBACK_FAILED' ||
      ROLLING_BACK.has(sd.status)
    ) {
      return verdict({
        status: 'failed',
        kind: causeOf(sd),
        reason: `ECS rolls the deployment back (${sd.status}) at stage ${stage}: ${whyFailed(sd)}`,
        ecsRollingBack: true
      })
    }
    if (sd.status === 'STOPPED') {
      return verdict({
        status: 'failed',
        kind: 'stopped',
        reason: `ECS stopped the service deployment at stage ${stage}: ${whyFailed(sd)}`,
        ecsRollingBack: false
      })
    }
    const hook = awaitingHook(sd, options.answeredHooks)
    if (hook !== undefined) {
      return verdict({
        status: 'paused',
        stage,
        hookId: hook.hookId as string,
        reason: `The deployment is paused at stage ${stage}: PAUSE hook ${hook.hookId} awaits action${hook.expiresAt ? ` until ${hook.expiresAt.toISOString()} (then ECS will ${hook.timeoutAction ?? 'ROLLBACK'})` : ''}.`
      })
    }
    if (options.waitUntil === 'traffic-shifted' && SHIFTED.has(stage)) {
      return verdict({
        status: 'succeeded',
        reason: `Production traffic is wholly on the new revision (stage ${stage}; ${tasks(sd)}). wait-until is traffic-shifted: the step does not wait for the end, and ECS may still roll the deployment back during the bake time.`
      })
    }
    return { kind: 'pending' }
  }
}

/** ECS's rollback of our service deployment (its own, or one this step asked for), to its end. */
export function judgeNativeRollback(snapshot: RolloutSnapshot): Judgement {
  const sd = snapshot.serviceDeployment
  switch (sd?.status) {
    case 'ROLLBACK_SUCCESSFUL':
      return verdict({
        status: 'succeeded',
        reason: `ECS rolled the service back (ROLLBACK_SUCCESSFUL): ${whyFailed(sd)}`
      })
    case 'ROLLBACK_FAILED':
      return verdict({
        status: 'failed',
        kind: 'rollback-failed',
        reason: `ECS's rollback failed (ROLLBACK_FAILED): ${sd.statusReason ?? sd.rollback?.reason ?? 'no reason given'}`,
        ecsRollingBack: false
      })
    case 'SUCCESSFUL':
    case 'STOPPED':
      return verdict({
        status: 'failed',
        kind: 'rollback-failed',
        reason: `The service deployment ended ${sd.status} instead of rolling back: ${sd.statusReason ?? 'no reason given'}`,
        ecsRollingBack: false
      })
    default:
      return { kind: 'pending' }
  }
}

/** What made ECS roll back: a triggered alarm, the circuit breaker, a failed hook. */
function causeOf(sd: ServiceDeployment): FailureKind {
  if ((sd.alarms?.triggeredAlarmNames?.length ?? 0) > 0) return 'alarm'
  if (sd.deploymentCircuitBreaker?.status === 'TRIGGERED') return 'circuit-breaker'
  if (sd.lifecycleHookDetails?.some(h => h.status === 'FAILED' || h.status === 'TIMED_OUT'))
    return 'hook'
  return 'ecs-rollback'
}
