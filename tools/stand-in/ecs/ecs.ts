import { DescribeTaskSets, primaryTaskSet, taskSetsOf } from '../codedeploy/task-sets.js'
import { ExpressModel } from '../express/express.js'
import { ListClusters, ListServices, refuseOverTenServices, seedCluster } from './clusters.js'
import type { EcsOptions } from './records.js'
import type { RolloutScript } from './rollouts/rollout-scripts.js'
import { type ServiceSeed, seedService } from './seed.js'
import {
  DescribeServiceDeployments,
  DescribeServiceRevisions,
  ListServiceDeployments,
  lookupServiceDeployment
} from './service-deployments.js'
import { DescribeServices, UpdateService } from './services.js'
import { type EcsState, lookupService } from './state.js'
import { DescribeTasks, ListTasks, recordStoppedTask } from './stopped-tasks.js'
import { StrategyModel } from './rollouts/strategies.js'
import {
  DeregisterTaskDefinition,
  DescribeTaskDefinition,
  ListTagsForResource,
  ListTaskDefinitions,
  RegisterTaskDefinition,
  TagResource,
  seedTaskDefinition
} from './task-definitions.js'
import { asRecords, asString } from '../wire.js'

export {
  rollouts,
  type RolloutScript,
  type RolloutStep,
  type StoppedTaskSpec
} from './rollouts/rollout-scripts.js'
export type {
  DeploymentRecord,
  EcsOptions,
  ServiceDeploymentRecord,
  ServiceRecord
} from './records.js'
export type { ServiceSeed } from './seed.js'

/*
 * Amazon ECS as the stand-in plays it: task definitions (families, revisions, tags), services
 * with deployments, service events, stopped tasks and, where a scenario allows it, service
 * deployments and service revisions. Rollouts follow a script: each DescribeServices answer for a
 * service moves the rollout of its PRIMARY deployment one step on (optionally not before some
 * wall time). Each behaviour quotes the AWS documentation it models, in the module that plays
 * it; it is a model of ECS, not of the code under test:
 *
 * - ecs/rollouts/rollout-scripts.ts: the scripts (`rollouts`); ecs/rollouts/rollout.ts: the timeline that plays
 *   them (failedTasks resets, ECS duplicates a deployment, early success);
 * - ecs/start-deployment.ts: a new deployment and its service deployment;
 * - ecs/rollouts/rollbacks.ts: the circuit breaker and ECS's own rollbacks, which succeed or fail;
 * - ecs/rollouts/read-lag.ts: reads lag writes (eventual consistency);
 * - ecs/services.ts: DescribeServices, UpdateService (deployment controllers);
 * - ecs/clusters.ts: ListClusters, ListServices, DescribeServices' 10 services a call;
 * - ecs/service-deployments.ts: ListServiceDeployments, DescribeServiceDeployments,
 *   DescribeServiceRevisions;
 * - ecs/task-definitions.ts: Register/Describe/List/DeregisterTaskDefinition(s), TagResource,
 *   ListTagsForResource;
 * - ecs/stopped-tasks.ts: the stopped tasks of rollouts, ListTasks, DescribeTasks;
 * - ecs/seed.ts: a service as it stands before the scenario; ecs/records.ts, ecs/state.ts: what
 *   the stand-in keeps;
 * - ecs/rollouts/strategies.ts: blue/green, linear and canary deployments; ecs/tasks.ts: RunTask,
 *   StopTask;
 * - codedeploy/task-sets.ts: the task sets of CODE_DEPLOY services (DescribeTaskSets), which the
 *   CodeDeploy stand-in (codedeploy.ts) drives.
 * - express/express.ts: Express Mode (Create/Update/Describe/DeleteExpressGatewayService), each
 *   Express service a service record like the others, its updates canary deployments with
 *   alarm-based rollback (ecs/rollouts/strategies.ts); express/: the model's request shapes,
 *   records and defaults, the task definition, the service, the answers, the managed resources,
 *   the scenarios. The operations that read services and deployments look at Express services
 *   first (ExpressModel.reading).
 *
 * This module is the model tests hold: seeding, what they read back, and the operation dispatch.
 */

export class EcsModel {
  private readonly state: EcsState
  /** Express Mode services: seeding, scenarios, what tests read back (express/express.ts). */
  readonly express: ExpressModel
  /** The task definitions of the standalone tasks that still run (ecs-tasks.ts tells them). */
  private runningStandalone: () => readonly string[] = () => []

  constructor(options: EcsOptions) {
    this.state = {
      options,
      families: new Map(),
      tags: new Map(),
      services: new Map(),
      clusters: new Set(),
      tasks: [],
      strategies: new StrategyModel((service, green, spec) =>
        recordStoppedTask(this.state, service, green, spec)
      ),
      taskSets: { byService: new Map(), onLook: undefined }
    }
    this.express = new ExpressModel(this.state)
  }

  /** Where the task definitions of the standalone tasks still running are learnt (ecs-tasks.ts). */
  useStandaloneTasks(running: () => readonly string[]): void {
    this.runningStandalone = running
  }

  /** An active task or service references the revision (ListTaskDefinitions with INACTIVE). */
  private referenced(arn: string): boolean {
    if (this.runningStandalone().includes(arn)) return true
    return [...this.state.services.values()].some(
      s =>
        s.deployments.some(d => d.taskDefinition === arn) ||
        taskSetsOf(this.state, s).some(t => t.taskDefinition === arn)
    )
  }

  /** What the CodeDeploy stand-in drives on the ECS side (codedeploy.ts): task sets, tasks. */
  codeDeployHost(): EcsState {
    return this.state
  }

  // ----- seeding (what already exists before the scenario's first step) -----

  /** Registers a revision as RegisterTaskDefinition does; returns its ARN. */
  seedTaskDefinition(
    body: Record<string, unknown>,
    tags: readonly { key: string; value: string }[] = []
  ): string {
    return seedTaskDefinition(this.state, body, tags)
  }

  seedService(seed: ServiceSeed): void {
    seedService(this.state, seed)
  }

  /** A cluster with no service (yet): where a test runs a task or a schedule of its own. */
  seedCluster(name: string): string {
    return seedCluster(this.state, name)
  }

  /** Queues the script for the next deployment UpdateService starts on a service. */
  queueRollout(cluster: string, service: string, script: RolloutScript): void {
    lookupService(this.state, cluster, service).queue.push(script)
  }

  // ----- what the tests read back -----

  /** The task definition a service's PRIMARY deployment (CODE_DEPLOY: task set) runs. */
  running(cluster: string, service: string): string | undefined {
    const s = lookupService(this.state, cluster, service)
    if (s.controller === 'CODE_DEPLOY') return primaryTaskSet(this.state, s)?.taskDefinition
    return s.deployments.find(d => d.status === 'PRIMARY')?.taskDefinition
  }

  /** A CODE_DEPLOY service's task sets, oldest first, as they stand (no look: time stays put). */
  taskSets(
    cluster: string,
    service: string
  ): { id: string; externalId: string | undefined; status: string; taskDefinition: string }[] {
    return taskSetsOf(this.state, lookupService(this.state, cluster, service)).map(t => ({
      id: t.id,
      externalId: t.externalId,
      status: t.status,
      taskDefinition: t.taskDefinition
    }))
  }

  tagsOf(arn: string): Record<string, string> {
    return Object.fromEntries((this.state.tags.get(arn) ?? []).map(t => [t.key, t.value]))
  }

  revisions(
    family: string
  ): { arn: string; revision: number; image: string; status: 'ACTIVE' | 'INACTIVE' }[] {
    return (this.state.families.get(family) ?? []).map(r => ({
      arn: r.arn,
      revision: r.revision,
      image: asString(asRecords(r.body.containerDefinitions)[0]?.image),
      status: r.status
    }))
  }

  // ----- operations (X-Amz-Target AmazonEC2ContainerServiceV20141113.<name>) -----

  readonly operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> =
    {
      ...this.expressOperations(),
      DescribeServices: input => {
        refuseOverTenServices(input)
        return this.express.reading('DescribeServices', input, () =>
          DescribeServices(this.state, input)
        )
      },
      ListClusters: input => ListClusters(this.state, input),
      ListServices: input => ListServices(this.state, input),
      DescribeTaskDefinition: input => DescribeTaskDefinition(this.state, input),
      RegisterTaskDefinition: input => RegisterTaskDefinition(this.state, input),
      UpdateService: input => UpdateService(this.state, input),
      ListTasks: input => ListTasks(this.state, input),
      DescribeTasks: input => DescribeTasks(this.state, input),
      TagResource: input => TagResource(this.state, input),
      ListTagsForResource: input => ListTagsForResource(this.state, input),
      ListTaskDefinitions: input =>
        ListTaskDefinitions(this.state, input, arn => this.referenced(arn)),
      DeregisterTaskDefinition: input => DeregisterTaskDefinition(this.state, input),
      ListServiceDeployments: input =>
        this.express.reading('ListServiceDeployments', input, () =>
          ListServiceDeployments(this.state, input)
        ),
      DescribeServiceDeployments: input =>
        this.express.reading('DescribeServiceDeployments', input, () =>
          DescribeServiceDeployments(this.state, input)
        ),
      DescribeServiceRevisions: input =>
        this.express.reading('DescribeServiceRevisions', input, () =>
          DescribeServiceRevisions(this.state, input)
        ),
      DescribeTaskSets: input => DescribeTaskSets(this.state, input),
      StopServiceDeployment: input =>
        this.express.reading('StopServiceDeployment', input, () =>
          this.state.strategies.StopServiceDeployment(
            lookupServiceDeployment(this.state, input),
            input
          )
        ),
      ContinueServiceDeployment: input =>
        this.state.strategies.ContinueServiceDeployment(
          lookupServiceDeployment(this.state, input),
          input
        )
    }

  /** Create/Update/Describe/DeleteExpressGatewayService, answered by this.express. */
  private expressOperations(): Record<
    string,
    (input: Record<string, unknown>) => Record<string, unknown>
  > {
    const names = [
      'CreateExpressGatewayService',
      'UpdateExpressGatewayService',
      'DescribeExpressGatewayService',
      'DeleteExpressGatewayService'
    ] as const
    return Object.fromEntries(
      names.map(name => [
        name,
        (input: Record<string, unknown>) => this.express.operations[name](input)
      ])
    )
  }
}
