import type { BreakerRecord, DeploymentRecord, ServiceRecord } from '../records.js'

/*
 * The configurable deployment circuit breaker (a service whose deploymentCircuitBreaker has a
 * thresholdConfiguration): ECS counts the deployment's failed tasks and fails it at the
 * threshold; a script does not say when. As the ECS API Reference states it:
 * - ThresholdConfiguration: "The type and value together determine the number of task failures
 *   that are tolerated before the circuit breaker triggers."
 * - type: "For the percentage types (BOUNDED_PERCENT and UNBOUNDED_PERCENT), Amazon ECS multiplies
 *   value by the latest service desired count. For COUNT, Amazon ECS uses value directly as the
 *   threshold." BOUNDED_PERCENT: "Amazon ECS calculates the failure threshold by multiplying value
 *   by the latest service desired count, then clamping the result to a minimum of 3 and a maximum
 *   of 200." UNBOUNDED_PERCENT: "without applying the 3-to-200 bounds" (ThresholdType). The value
 *   is a percentage: its default 50 is ServiceDeploymentCircuitBreaker.threshold's "0.5 * desired
 *   task count". No page says how a fraction is rounded; the stand-in rounds up.
 * - resetOnHealthyTask: "When set to true, a task that reaches a healthy state resets the failure
 *   count to 0. When set to false, Amazon ECS does not reset the failure count. The default is
 *   true." The stand-in takes a task that runs as one that reached a healthy state.
 * Without a thresholdConfiguration the rollout's script says when the breaker trips (the ready-made
 * scripts fail fewer tasks than the default threshold's minimum of 3).
 */

/** The number of failed tasks at which the breaker fails a deployment (pure). */
export function breakerThreshold(
  threshold: NonNullable<BreakerRecord['thresholdConfiguration']>,
  desiredCount: number
): number {
  if (threshold.type === 'COUNT') return threshold.value
  const share = Math.ceil((threshold.value * desiredCount) / 100)
  return threshold.type === 'UNBOUNDED_PERCENT' ? share : Math.min(200, Math.max(3, share))
}

/**
 * One poll's task outcomes counted by the configurable breaker: a task that ran resets the count
 * (unless resetOnHealthyTask is false), each failed task adds one. Whether the count reached the
 * threshold; always false for a breaker that is off or scripted.
 */
export function countBreakerFailures(
  service: ServiceRecord,
  deployment: DeploymentRecord,
  seen: { readonly ran: boolean; readonly failed: number }
): boolean {
  const breaker = service.circuitBreaker
  const threshold = breaker.thresholdConfiguration
  if (!breaker.enable || threshold === undefined) return false
  if (seen.ran && breaker.resetOnHealthyTask !== false) deployment.breakerFailures = 0
  deployment.breakerFailures = (deployment.breakerFailures ?? 0) + seen.failed
  return deployment.breakerFailures >= breakerThreshold(threshold, service.desiredCount)
}
