import type { DeploymentLifecycleHookDetail, ServiceDeployment } from '@aws-sdk/client-ecs'
import type { RolloutSnapshot } from './verdict.js'

/*
 * How a blue/green, linear or canary deployment is described: the reason ECS gives for a
 * failure, its hooks by name, and the progress line the watch logs.
 */

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

export function tasks(sd: ServiceDeployment): string {
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
