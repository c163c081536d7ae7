import type { Service, Task } from '@aws-sdk/client-ecs'
import type { Target } from '@aws-sdk/client-eventbridge'
import type { Schedule } from '../../../aws/scheduler.js'
import { shortArn } from '../../common/task-definition-arn.js'
import { familyOf } from '../scheduled-tasks/match.js'
import { describeTask } from '../scheduled-tasks/scheduled-task.js'
import type { Use } from './decide.js'

/*
 * What uses which revision, from the answers of the reads (in-clusters.ts, in-schedules.ts), each
 * with the reason the log and the summary give. Pure.
 */

/** This deploy's service and cluster (names or ARNs, as the inputs give them). */
export interface Here {
  readonly cluster: string
  readonly service: string
}

/** The name in a cluster or service reference: the part after the last slash of an ARN. */
export const nameOf = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1)

/**
 * DescribeServices: "taskDefinition: The task definition to use for tasks in the service";
 * "deployments: The current state of deployments for the service" (every deployment in flight);
 * "taskSets: Information about a set of Amazon ECS tasks in either an CodeDeploy or an EXTERNAL
 * deployment". This deploy's own service says which of them; any other is named with its cluster.
 */
export function serviceUses(service: Service, cluster: string, here: Here): Use[] {
  const name = service.serviceName ?? nameOf(service.serviceArn ?? '')
  const own = nameOf(cluster) === nameOf(here.cluster) && name === nameOf(here.service)
  const other = `used by service ${name} in cluster ${nameOf(cluster)}`
  const uses: Use[] = []
  const add = (arn: string | undefined, why: string) => {
    if (arn) uses.push({ arn, why: own ? why : other })
  }
  add(service.taskDefinition, 'the service runs it')
  for (const d of service.deployments ?? [])
    add(d.taskDefinition, `a ${d.status ?? ''} deployment of the service`)
  for (const t of service.taskSets ?? [])
    add(t.taskDefinition, `a ${t.status ?? ''} task set of the service`)
  return uses
}

/**
 * The tasks DescribeTasks answered (ListTasks with desiredStatus RUNNING: pending ones too), by
 * revision; a task already told to stop uses nothing. Those of this deploy's cluster are "running
 * tasks"; the others are named with their cluster.
 */
export function taskUses(tasks: readonly Task[], cluster: string, here: Here): Use[] {
  const ids = new Map<string, string[]>()
  for (const t of tasks) {
    if (t.taskDefinitionArn === undefined || t.desiredStatus === 'STOPPED') continue
    ids.set(t.taskDefinitionArn, [...(ids.get(t.taskDefinitionArn) ?? []), shortArn(t.taskArn)])
  }
  const name = nameOf(cluster)
  const own = name === nameOf(here.cluster)
  return [...ids].map(([arn, running]) => {
    const one = running.length === 1
    if (own)
      return {
        arn,
        why: one ? `a running task (${running[0]})` : `${running.length} running tasks`
      }
    return {
      arn,
      why: one
        ? `a task in cluster ${name} (${running[0]})`
        : `${running.length} tasks in cluster ${name}`
    }
  })
}

/** The targets of a rule that run a task of the family, on any cluster. */
export function ruleUses(
  rule: string,
  eventBus: string,
  targets: readonly Target[],
  family: string
) {
  return targets
    .filter(t => familyOf(t.EcsParameters?.TaskDefinitionArn) === family)
    .map(target => ({
      arn: target.EcsParameters?.TaskDefinitionArn ?? '',
      why: `${describeTask({ kind: 'rule', rule, eventBus, target })} runs it`
    }))
}

/** Whether a ListSchedules target is an ECS cluster (only those are read whole). */
export const isEcsCluster = (arn: string | undefined): boolean =>
  /^arn:aws[\w-]*:ecs:[^:]+:\d{12}:cluster\/.+$/.test(arn ?? '')

/** A schedule that runs a task of the family, on any cluster; undefined for any other. */
export function scheduleUse(
  name: string,
  group: string,
  schedule: Schedule,
  family: string
): Use | undefined {
  const arn = schedule.Target?.EcsParameters?.TaskDefinitionArn
  if (familyOf(arn) !== family || arn === undefined) return undefined
  return { arn, why: `${describeTask({ kind: 'schedule', name, group, schedule })} runs it` }
}
