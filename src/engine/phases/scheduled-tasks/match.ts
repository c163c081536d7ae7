import type { Target } from '@aws-sdk/client-eventbridge'
import type { Schedule } from '../../../aws/scheduler.js'

/*
 * Which scheduled tasks are this run's: an ECS target (EcsParameters) whose Arn is the cluster
 * ("Arn: The Amazon Resource Name (ARN) of the target." — for an ECS task, the cluster's) and whose
 * TaskDefinitionArn is of the family. Pure.
 */

/** The cluster and the family a scheduled task must run to be this run's. */
export interface Where {
  /** The cluster input: a name or an ARN. */
  readonly cluster: string
  readonly family: string
}

/** The family a task definition reference names: an ARN, FAMILY:REVISION or FAMILY. */
export function familyOf(ref: string | undefined): string | undefined {
  const m = /(?:^|:task-definition\/)([A-Za-z0-9_-]{1,255})(?::\d+)?$/.exec(ref ?? '')
  return m?.[1]
}

/** Whether a reference names a revision (an ARN or FAMILY:REVISION ending in :N). */
export const namesRevision = (ref: string): boolean => /:\d+$/.test(ref)

/** A cluster ARN is the cluster input itself, or ends in cluster/NAME for a name. */
export function isCluster(targetArn: string | undefined, cluster: string): boolean {
  if (targetArn === undefined) return false
  if (cluster.startsWith('arn:')) return targetArn === cluster
  return /^arn:aws[\w-]*:ecs:[^:]+:\d{12}:cluster\/(.+)$/.exec(targetArn)?.[1] === cluster
}

const runs = (arn: string | undefined, ecsTaskDefinition: string | undefined, w: Where) =>
  ecsTaskDefinition !== undefined &&
  isCluster(arn, w.cluster) &&
  familyOf(ecsTaskDefinition) === w.family

/** The targets of a rule that run the family on the cluster, in the rule's order. */
export function matchingTargets(targets: readonly Target[], w: Where): Target[] {
  return targets.filter(t => runs(t.Arn, t.EcsParameters?.TaskDefinitionArn, w))
}

/** Whether a schedule's target runs the family on the cluster. */
export function scheduleMatches(schedule: Schedule, w: Where): boolean {
  const target = schedule.Target
  return runs(target?.Arn, target?.EcsParameters?.TaskDefinitionArn, w)
}

/** What a target runs, for an error that says why it is not this run's. */
export function whatItRuns(arn: string | undefined, ecsTaskDefinition: string | undefined): string {
  if (ecsTaskDefinition === undefined) return `${arn ?? 'nothing'} (not an ECS task)`
  return `${ecsTaskDefinition} on ${arn ?? 'no cluster'}`
}
