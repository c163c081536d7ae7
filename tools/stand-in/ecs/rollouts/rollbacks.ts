import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord } from '../records.js'
import { type RolloutStep, rollouts } from './rollout-scripts.js'
import { startDeployment } from '../start-deployment.js'

/*
 * ECS's own rollbacks in the stand-in, which succeed or fail. "If rollback is on, when a service
 * deployment fails, the service is rolled back to the last deployment that completed
 * successfully." (DeploymentCircuitBreaker); service deployment states "Ongoing: IN_PROGRESS,
 * STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS; Completed: SUCCESSFUL, STOPPED,
 * ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED" (Developer Guide, "View service history using Amazon ECS
 * service deployments"). A rollback that completes ends ROLLBACK_SUCCESSFUL (ecs/rollouts/rollout.ts).
 */

/**
 * A rollout step whose circuit breaker fails the PRIMARY deployment: ECS rolls back to the
 * ACTIVE one if set to, or, when the failed deployment is itself ECS's rollback, the service
 * deployment ends ROLLBACK_FAILED.
 */
export function tripCircuitBreaker(
  service: ServiceRecord,
  primary: DeploymentRecord,
  step: RolloutStep,
  sd: ServiceDeploymentRecord | undefined,
  now: number,
  event: (message: string) => void
): void {
  if (primary.rollbackOf !== undefined) {
    // ECS's own rollback failed: "ROLLBACK_FAILED" ends the service deployment; no further rollback.
    primary.rolloutState = 'FAILED'
    primary.rolloutStateReason = `ECS deployment circuit breaker: ${step.circuitBreaker}.`
    event(`(deployment ${primary.id}) deployment failed: ${step.circuitBreaker}.`)
    if (sd !== undefined) {
      sd.status = 'ROLLBACK_FAILED'
      sd.statusReason = `Service deployment rollback failed: ${step.circuitBreaker}.`
      sd.finishedAt = now
      sd.updatedAt = now
    }
  } else {
    primary.rolloutState = 'FAILED'
    primary.rolloutStateReason = `ECS deployment circuit breaker: ${step.circuitBreaker}.`
    event(`(deployment ${primary.id}) deployment failed: ${step.circuitBreaker}.`)
    const back = service.deployments.find(d => d.status === 'ACTIVE')
    if (service.circuitBreaker.rollback && back !== undefined) {
      const rollback = startDeployment(
        service,
        back.taskDefinition,
        step.ecsRollback ?? rollouts.succeeds(service.desiredCount, 2),
        primary
      )
      event(`rolling back to deployment ${rollback.id}.`)
      if (sd !== undefined) {
        sd.status = 'ROLLBACK_IN_PROGRESS'
        sd.statusReason =
          'Service deployment rolled back because the circuit breaker threshold was exceeded.'
        sd.rollback = {
          reason:
            'Service deployment rolled back because the circuit breaker threshold was exceeded.',
          startedAt: now,
          serviceRevisionArn: back.revisionArn
        }
      }
    } else if (sd !== undefined) {
      sd.status = 'STOPPED'
      sd.statusReason =
        'Service deployment stopped because the circuit breaker threshold was exceeded.'
      sd.stoppedAt = now
    }
    if (sd !== undefined) {
      sd.breakerStatus = 'TRIGGERED'
      sd.updatedAt = now
    }
  }
}
