import type { RolloutSnapshot } from './verdict.js'

/**
 * One line on where an ECS service's deployment stands, from DescribeServices, for the log;
 * stable so repeats can be skipped.
 */
export function describeProgress(snapshot: RolloutSnapshot, deploymentId: string): string {
  const ours = snapshot.service?.deployments?.find(d => d.id === deploymentId)
  if (ours === undefined) return `deployment ${deploymentId} not in the service`
  const others = (snapshot.service?.deployments ?? []).filter(d => d.id !== deploymentId)
  const old = others.reduce((sum, d) => sum + (d.runningCount ?? 0), 0)
  const status = snapshot.serviceDeployment?.status
  const sd = status && status !== ours.rolloutState ? `, ${status}` : ''
  const failed = snapshot.stoppedTasks ?? ours.failedTasks ?? 0
  return (
    `${ours.rolloutState ?? ours.status ?? 'UNKNOWN'}${sd}: ${ours.runningCount ?? 0}/${ours.desiredCount ?? 0} running, ` +
    `${ours.pendingCount ?? 0} pending, ${failed} failed` +
    (others.length > 0 ? `; ${old} old tasks running` : '')
  )
}
