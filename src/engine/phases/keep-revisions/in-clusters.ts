import type { Service, Task } from '@aws-sdk/client-ecs'
import { DESCRIBE_SERVICES_MAX } from '../../../aws/ecs/clusters.js'
import type { Context } from '../../deps.js'
import type { Use } from './decide.js'
import { read } from './reads.js'
import { nameOf, serviceUses, taskUses, type Here } from './uses.js'

/*
 * What runs a revision of the family in any cluster of the account in the Region, read only, in
 * one pass: ListClusters (every page); in each cluster, this deploy's first and named as the input
 * names it, ListServices (every page) and DescribeServices in batches of 10 (each service's
 * revision, deployments and task sets), then ListTasks with the family and desiredStatus RUNNING
 * and DescribeTasks in batches of 100. ListTasks: "The default status filter is RUNNING, which
 * shows tasks that Amazon ECS has set the desired status to RUNNING. [...] Although you can filter
 * results based on a desired status of PENDING, this doesn't return any results. Amazon ECS never
 * sets the desired status of a task to that value (only a task's lastStatus may have a value of
 * PENDING)." — so RUNNING finds the pending tasks too. DescribeTasks: "You can specify up to 100
 * tasks" a call.
 */

/** What was found, and how much was read (for the log). */
export interface ClusterUses {
  readonly uses: Use[]
  readonly clusters: number
  readonly services: number
  readonly tasks: number
}

export async function clusterUses(x: Context, family: string): Promise<ClusterUses> {
  const here: Here = { cluster: x.s.cluster, service: x.s.service }
  const clusters = await clustersToRead(x)
  const uses: Use[] = []
  let services = 0
  let tasks = 0
  for (const cluster of clusters) {
    const described = await servicesOf(x, cluster)
    const running = await tasksOf(x, cluster, family)
    services += described.length
    tasks += running.length
    uses.push(...described.flatMap(s => serviceUses(s, cluster, here)))
    uses.push(...taskUses(running, cluster, here))
  }
  return { uses, clusters: clusters.length, services, tasks }
}

/** Every cluster, once: this deploy's first, as the input names it, then the others by ARN. */
async function clustersToRead({ s, io }: Context): Promise<string[]> {
  const arns = await read('ecs:ListClusters', () => io.ecs.clusters.listClusters())
  const own = nameOf(s.cluster)
  return [s.cluster, ...new Set(arns.filter(arn => nameOf(arn) !== own))]
}

/** Every service of a cluster, described (a service deleted since the list is left out). */
async function servicesOf({ io }: Context, cluster: string): Promise<Service[]> {
  const arns = await read('ecs:ListServices', () => io.ecs.clusters.listServices(cluster))
  const services: Service[] = []
  for (let i = 0; i < arns.length; i += DESCRIBE_SERVICES_MAX) {
    const batch = arns.slice(i, i + DESCRIBE_SERVICES_MAX)
    const answer = await read('ecs:DescribeServices', () =>
      io.ecs.clusters.describeServices(cluster, batch)
    )
    const failed = answer.failures.filter(f => f.reason !== 'MISSING')
    if (failed.length > 0) {
      const said = failed.map(f => `${f.arn ?? '?'}: ${f.reason ?? '?'} ${f.detail ?? ''}`.trim())
      throw new Error(
        `DescribeServices in cluster ${nameOf(cluster)} failed for ${said.join('; ')}`
      )
    }
    services.push(...answer.services)
  }
  return services
}

/** The tasks of the family in a cluster whose desired status is RUNNING, described. */
async function tasksOf({ io }: Context, cluster: string, family: string): Promise<Task[]> {
  const arns = await read('ecs:ListTasks', () => io.ecs.listRunningTasks(cluster, family))
  const tasks: Task[] = []
  for (let i = 0; i < arns.length; i += 100) {
    const batch = arns.slice(i, i + 100)
    tasks.push(...(await read('ecs:DescribeTasks', () => io.ecs.describeTasks(cluster, batch))))
  }
  return tasks
}
