import type { DeploymentConfiguration } from '@aws-sdk/client-ecs'
import type { Context } from '../../deps.js'
import type { WaitUntil } from '../../settings/settings.js'

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

/**
 * Before any write: warns when wait-for-minutes cannot cover what ECS will take (the waits
 * between traffic shifts and the bake time), beyond starting tasks and moving traffic.
 */
export function warnIfTooShort({ s, io }: Context, c: DeploymentConfiguration | undefined): void {
  if (!s.waitForServiceStability) return
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
  io.log.warning(
    `wait-for-minutes is ${s.waitForMinutes}, but this ${c?.strategy} deployment takes ECS at least ${needs} minutes (${parts.join(', ')}) plus the time to start tasks and shift traffic. The watch will time out first${s.rollbackOnFailure ? ' and roll the deployment back through ECS' : ''}. Give wait-for-minutes more than ${needs}${s.waitUntil === 'completed' ? ', or wait-until: traffic-shifted' : ''}.`,
    'wait-for-minutes too short'
  )
}
