import type {
  EcsOptions,
  ServiceRecord,
  StoppedTaskRecord,
  TaskDefinitionRecord,
  TaskSetsRecord
} from './records.js'
import type { StrategyModel } from './rollouts/strategies.js'
import { ACCOUNT, AwsError, REGION, asString } from '../wire.js'

/*
 * All the ECS stand-in holds, in one place each operation module reads and writes, and the
 * lookups of a cluster and a service that answer ECS's not-found errors.
 */

export interface EcsState {
  readonly options: EcsOptions
  readonly families: Map<string, TaskDefinitionRecord[]>
  readonly tags: Map<string, { key: string; value: string }[]>
  readonly services: Map<string, ServiceRecord>
  readonly clusters: Set<string>
  readonly tasks: StoppedTaskRecord[]
  readonly strategies: StrategyModel
  /** The task sets of services on the CODE_DEPLOY controller (codedeploy/task-sets.ts). */
  readonly taskSets: TaskSetsRecord
}

export const clusterArn = (cluster: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`

export function clusterName(state: EcsState, value: unknown): string {
  const raw = asString(value) || 'default'
  const name = raw.slice(raw.lastIndexOf('/') + 1)
  if (!state.clusters.has(name))
    throw new AwsError('ClusterNotFoundException', 'Cluster not found.')
  return name
}

export function lookupService(state: EcsState, cluster: string, name: string): ServiceRecord {
  const short = name.slice(name.lastIndexOf('/') + 1)
  const found = state.services.get(`${cluster}/${short}`)
  if (found === undefined) throw new AwsError('ServiceNotFoundException', 'Service not found.')
  return found
}
