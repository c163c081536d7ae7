import type {
  DeploymentConfiguration,
  DeploymentLifecycleHookDetail,
  ServiceDeployment
} from '@aws-sdk/client-ecs'
import type {
  FailureKind,
  Followed,
  Judgement,
  RolloutSnapshot,
  Verdict
} from '../../phases/watch/verdict.js'

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
export type WaitUntil = 'completed' | 'traffic-shifted'

/** Stages at which production traffic is wholly on the new revision. */
const SHIFTED = new Set(['BAKE_TIME', 'CLEAN_UP'])
const ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'])

export interface NativeOptions {
  readonly waitUntil: WaitUntil
  /** PAUSE hooks this step has already answered (a read may still show them awaiting). */
  readonly answeredHooks?: ReadonlySet<string>
}

const verdict = (v: Verdict): Judgement => ({ kind: 'verdict', verdict: v })

/** The hook of a service deployment that awaits a ContinueServiceDeployment, if any. */
export function awaitingHook(
  sd: ServiceDeployment | undefined,
  answered: ReadonlySet<string> = new Set()
): DeploymentLifecycleHookDetail | undefined {
  return sd?.lifecycleHookDetails?.find(
    h => h.status === 'AWAITING_ACTION' && h.hookId !== undefined && !answered.has(h.hookId)
  )
}

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

/** The reason, the alarms in ALARM and the circuit breaker's count, as ECS reports them. */
export function whyFailed(sd: ServiceDeployment): string {
  const parts = [sd.rollback?.reason ?? sd.statusReason ?? 'no reason given']
  const alarms = sd.alarms?.triggeredAlarmNames ?? []
  if (alarms.length > 0) parts.push(`alarms in ALARM: ${alarms.join(', ')}`)
  const cb = sd.deploymentCircuitBreaker
  if (cb !== undefined && cb.status !== 'DISABLED' && (cb.failureCount ?? 0) > 0) {
    parts.push(
      `circuit breaker: ${cb.failureCount} failed tasks (threshold ${cb.threshold ?? '?'})`
    )
  }
  for (const h of sd.lifecycleHookDetails ?? []) {
    if (h.status === 'FAILED' || h.status === 'TIMED_OUT')
      parts.push(`hook ${hookName(h)} ${h.status}`)
  }
  return parts.join('; ')
}

function tasks(sd: ServiceDeployment): string {
  const t = sd.targetServiceRevision
  return `${t?.runningTaskCount ?? 0}/${t?.requestedTaskCount ?? 0} new tasks running`
}

/** A hook by the name a person knows it: the Lambda function's, or the PAUSE hook's id. */
export function hookName(h: DeploymentLifecycleHookDetail): string {
  if (h.targetType === 'PAUSE') return `PAUSE ${h.hookId ?? ''}`.trim()
  const fn = h.targetArn?.split(':function:')[1] ?? h.targetArn ?? h.hookId ?? 'hook'
  return `${fn} (Lambda)`
}

/** Facts one progress line is made of, beside the service deployment. */
export interface ProgressFacts {
  readonly strategy: string
  readonly now: number
  /** When this step first saw the stage BAKE_TIME. */
  readonly bakeSeenAt: number | undefined
}

/** One line on where a blue/green, linear or canary deployment stands (stable within a minute). */
export function describeNative(sd: ServiceDeployment | undefined, f: ProgressFacts): string {
  if (sd?.status === undefined) return 'service deployment not listed yet'
  const parts = [`${sd.lifecycleStage ?? 'no stage'} (${sd.status})`, tasks(sd)]
  const traffic = sd.targetServiceRevision?.requestedProductionTrafficWeight
  if (traffic !== undefined && f.strategy !== 'BLUE_GREEN')
    parts.push(`production traffic ${traffic}%`)
  const bake = sd.deploymentConfiguration?.bakeTimeInMinutes
  if (sd.lifecycleStage === 'BAKE_TIME' && bake !== undefined && f.bakeSeenAt !== undefined) {
    const left = Math.max(0, Math.ceil(bake - (f.now - f.bakeSeenAt) / 60000))
    parts.push(`bake time ≤${left} of ${bake} min left`)
  }
  const hooks = (sd.lifecycleHookDetails ?? []).map(h => `${hookName(h)} ${h.status ?? '?'}`)
  if (hooks.length > 0) parts.push(`hooks: ${hooks.join(', ')}`)
  if (sd.status !== 'IN_PROGRESS' && sd.status !== 'PENDING' && sd.status !== 'SUCCESSFUL') {
    parts.push(whyFailed(sd))
  }
  return parts.join('; ')
}

/** The progress line of one watch: it keeps when it first saw the bake begin. */
export function nativeProgress(
  strategy: string,
  now: () => number
): (snapshot: RolloutSnapshot) => string {
  let bakeSeenAt: number | undefined
  return snapshot => {
    const sd = snapshot.serviceDeployment
    if (sd?.lifecycleStage === 'BAKE_TIME') bakeSeenAt ??= now()
    return describeNative(sd, { strategy, now: now(), bakeSeenAt })
  }
}

/**
 * The least time ECS needs for a deployment under this configuration, in minutes, beyond
 * starting tasks and moving traffic: the waits between traffic shifts and the bake time.
 * - LinearConfiguration.stepBakeTimeInMinutes: "The default value is 6. This bake time is not
 *   applied after reaching 100 percent traffic."; stepPercent: "The default value is 10.0."
 * - CanaryConfiguration.canaryBakeTimeInMinutes: "The default value is 10."
 * - bakeTimeInMinutes: "The time period when both blue and green service revisions are running
 *   simultaneously after the production traffic has shifted." (not waited for with
 *   wait-until traffic-shifted)
 */
export function minutesEcsNeeds(c: DeploymentConfiguration | undefined, until: WaitUntil): number {
  let shifting = 0
  if (c?.strategy === 'LINEAR') {
    const step = c.linearConfiguration?.stepPercent ?? 10
    shifting = (Math.ceil(100 / step) - 1) * (c.linearConfiguration?.stepBakeTimeInMinutes ?? 6)
  } else if (c?.strategy === 'CANARY') {
    shifting = c.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10
  }
  return shifting + (until === 'completed' ? (c?.bakeTimeInMinutes ?? 0) : 0)
}
