import type { Service, Task } from '@aws-sdk/client-ecs'
import { shortArn } from '../../common/task-definition-arn.js'
import type { Context } from '../../deps.js'
import type { RunRecord } from '../../record.js'
import { familyAndRevision, findLastGoodRevision } from '../roll-back/last-good.js'
import { describeTask } from '../scheduled-tasks/scheduled-task.js'
import type { Use } from './decide.js'

/*
 * What uses the revisions of the family after a deploy that succeeded, read only: the revision
 * deployed and the one that ran before; the one `rollback-to: previous` would pick; the service's
 * revision, deployments and task sets (DescribeServices); the tasks of the family whose desired
 * status is RUNNING on the cluster (ListTasks, DescribeTasks); the scheduled tasks found
 * (scheduled-tasks). An error is thrown to the caller: a search that did not finish deregisters
 * nothing.
 */

export async function revisionsInUse(r: RunRecord, x: Context, deployed: string): Promise<Use[]> {
  return [
    { arn: deployed, why: 'the revision just deployed' },
    ...(r.current?.arn ? [{ arn: r.current.arn, why: 'the revision that ran before' }] : []),
    ...(await rollbackTarget(x, deployed)),
    ...(await serviceUses(x)),
    ...(await taskUses(x, familyAndRevision(deployed).family)),
    ...scheduledUses(r)
  ]
}

/** The revision `rollback-to: previous` picks once the deployed one runs (last-good.ts). */
async function rollbackTarget({ s, io }: Context, deployed: string): Promise<Use[]> {
  const { family, revision } = familyAndRevision(deployed)
  const where = { cluster: s.cluster, service: s.service }
  const q = { ...where, family, belowRevision: revision, exclude: [deployed] }
  const found = await findLastGoodRevision(io.ecs, q, io.log)
  return found ? [{ arn: found.arn, why: 'the rollback target of rollback-to: previous' }] : []
}

/**
 * DescribeServices: "taskDefinition: The task definition to use for tasks in the service";
 * "deployments: The current state of deployments for the service" (every deployment in flight);
 * "taskSets: Information about a set of Amazon ECS tasks in either an CodeDeploy or an EXTERNAL
 * deployment".
 */
async function serviceUses({ s, io }: Context): Promise<Use[]> {
  const service: Service = await io.ecs.describeService(s.cluster, s.service)
  const uses: Use[] = []
  if (service.taskDefinition) uses.push({ arn: service.taskDefinition, why: 'the service runs it' })
  for (const d of service.deployments ?? []) {
    if (d.taskDefinition)
      uses.push({ arn: d.taskDefinition, why: `a ${d.status ?? ''} deployment of the service` })
  }
  for (const t of service.taskSets ?? []) {
    if (t.taskDefinition)
      uses.push({ arn: t.taskDefinition, why: `a ${t.status ?? ''} task set of the service` })
  }
  return uses
}

/**
 * ListTasks with the family and desiredStatus RUNNING: "The default status filter is RUNNING, which
 * shows tasks that Amazon ECS has set the desired status to RUNNING" (pending tasks too).
 */
async function taskUses({ s, io }: Context, family: string): Promise<Use[]> {
  const arns = await io.ecs.listRunningTasks(s.cluster, family)
  const tasks: Task[] = []
  for (let i = 0; i < arns.length; i += 100)
    tasks.push(...(await io.ecs.describeTasks(s.cluster, arns.slice(i, i + 100))))
  const ids = new Map<string, string[]>()
  for (const t of tasks) {
    if (t.taskDefinitionArn === undefined || t.desiredStatus === 'STOPPED') continue
    ids.set(t.taskDefinitionArn, [...(ids.get(t.taskDefinitionArn) ?? []), shortArn(t.taskArn)])
  }
  return [...ids].map(([arn, running]) => ({
    arn,
    why: running.length === 1 ? `a running task (${running[0]})` : `${running.length} running tasks`
  }))
}

/** The scheduled tasks found (scheduled-tasks), on the revision each runs now. */
function scheduledUses(r: RunRecord): Use[] {
  return (r.scheduled?.tasks ?? []).map(t => ({
    arn: t.status === 'moved' && t.to !== undefined ? t.to : t.from,
    why: `${describeTask(t.task)} runs it`
  }))
}
