import { CreateDeployment } from './create.js'
import {
  ContinueDeployment,
  GetDeployment,
  GetDeploymentTarget,
  ListDeploymentTargets,
  StopDeployment
} from './deployments.js'
import {
  BatchGetDeploymentGroups,
  GetDeploymentGroup,
  ListApplications,
  ListDeploymentGroups,
  lookupGroup,
  seedGroup
} from './groups.js'
import type {
  CodeDeployScenario,
  CodeDeployState,
  DeploymentGroupSeed,
  DeploymentStatus
} from './records.js'
import { tickGroup } from './timeline.js'
import type { EcsState } from '../ecs/state.js'

export type {
  AutoRollbackEvent,
  CodeDeployScenario,
  DeploymentGroupSeed,
  HookEvent,
  LifecycleEventName
} from './records.js'
export { targetGroupArn } from './task-sets.js'

/*
 * AWS CodeDeploy as the stand-in plays it for the Amazon ECS compute platform (JSON 1.1,
 * X-Amz-Target CodeDeploy_20141006.<name>, reached through AWS_ENDPOINT_URL_CODEDEPLOY):
 * applications and deployment groups for services on the CODE_DEPLOY deployment controller,
 * deployments of AppSpecContent revisions that play out over time on the ECS side as task sets,
 * traffic shifts, stopped tasks and their log lines, rollbacks. Each behaviour quotes the
 * CodeDeploy API Reference, the CodeDeploy User Guide or the ECS documentation it models, in the
 * module that plays it; it is a model of AWS, not of the code under test:
 *
 * - codedeploy/groups.ts: seeding; ListApplications, ListDeploymentGroups, GetDeploymentGroup,
 *   BatchGetDeploymentGroups;
 * - codedeploy/create.ts: CreateDeployment, the rollback deployments CodeDeploy starts, the end of
 *   a deployment; codedeploy/appspec.ts: the AppSpec of a revision;
 * - codedeploy/timeline.ts: lifecycle events, Ready, traffic, termination, as time passes;
 *   codedeploy/traffic.ts: the ECS deployment configurations;
 * - codedeploy/deployments.ts: GetDeployment, GetDeploymentTarget, ListDeploymentTargets,
 *   StopDeployment, ContinueDeployment; codedeploy/views.ts: DeploymentInfo, ECSTarget,
 *   DeploymentGroupInfo as they answer;
 * - codedeploy/task-sets.ts: the ECS side (task sets in DescribeServices and DescribeTaskSets,
 *   the stopped tasks of a replacement task set);
 * - codedeploy/records.ts: what the stand-in keeps, and the scenario and seed types.
 *
 * This module is the model tests hold: seeding, what they read back, and the operation dispatch.
 */

export class CodeDeployModel {
  private readonly state: CodeDeployState

  constructor(ecs: EcsState) {
    this.state = { ecs, applications: new Map(), deployments: new Map() }
    // A look at the service (DescribeServices, DescribeTaskSets) is a look at its deployment.
    ecs.taskSets.onLook = service => {
      for (const app of this.state.applications.values()) {
        for (const group of app.groups.values()) {
          if (group.service === service) tickGroup(this.state, group)
        }
      }
    }
  }

  // ----- seeding (what already exists before the scenario's first step) -----

  /**
   * An application and a deployment group for a service seeded with deploymentController
   * CODE_DEPLOY and loadBalancers; the revision it runs was deployed by a deployment that
   * Succeeded. Returns the deployment group's id.
   */
  seedDeploymentGroup(seed: DeploymentGroupSeed): string {
    return seedGroup(this.state, seed).id
  }

  /** Queues what the next deployment CreateDeployment starts in the group does. */
  queueScenario(application: string, deploymentGroup: string, scenario: CodeDeployScenario): void {
    lookupGroup(this.state, application, deploymentGroup).scenarios.push(scenario)
  }

  // ----- what the tests read back -----

  /** The deployments of a group, oldest first (the seeded one included). */
  deployments(
    application: string,
    deploymentGroup: string
  ): { id: string; status: DeploymentStatus; creator: string }[] {
    return lookupGroup(this.state, application, deploymentGroup).deployments.map(d => ({
      id: d.id,
      status: d.status,
      creator: d.creator
    }))
  }

  // ----- operations (X-Amz-Target CodeDeploy_20141006.<name>) -----

  readonly operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> =
    {
      ListApplications: () => ListApplications(this.state),
      ListDeploymentGroups: input => ListDeploymentGroups(this.state, input),
      GetDeploymentGroup: input => GetDeploymentGroup(this.state, input),
      BatchGetDeploymentGroups: input => BatchGetDeploymentGroups(this.state, input),
      CreateDeployment: input => CreateDeployment(this.state, input),
      GetDeployment: input => GetDeployment(this.state, input),
      GetDeploymentTarget: input => GetDeploymentTarget(this.state, input),
      ListDeploymentTargets: input => ListDeploymentTargets(this.state, input),
      StopDeployment: input => StopDeployment(this.state, input),
      ContinueDeployment: input => ContinueDeployment(this.state, input)
    }
}
