import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy'
import type { Service } from '@aws-sdk/client-ecs'
import { InputError } from '../../../shared/parse.js'
import type { Context } from '../../deps.js'
import { CODEDEPLOY_INPUTS } from '../../settings/codedeploy-inputs.js'
import type { PlanRequest } from '../kind.js'
import {
  type AppSpec,
  REVISION_PLACEHOLDER,
  appSpecFromService,
  appSpecLines,
  containersOf,
  parseAppSpec,
  withTaskDefinition
} from './appspec.js'
import { type DeploymentGroup, ecsServiceOf, findDeploymentGroup, targetIdOf } from './group.js'

/*
 * Before the first write of a deploy (and of a rollback to an earlier revision): the deployment
 * group that deploys the service, and the AppSpec CreateDeployment will send (a file, or built
 * from the live service), both checked. What it finds is logged; a dry run prints the AppSpec.
 */

/** What a CodeDeploy deployment is started from. */
export interface CodeDeployPlan {
  readonly group: DeploymentGroup
  /** The AppSpec, its TaskDefinition set at the start. */
  readonly appSpec: AppSpec
  /** Where it came from, for the log. */
  readonly source: string
}

export async function planCodeDeploy(
  x: Context,
  service: Service,
  req: PlanRequest
): Promise<{ plan: CodeDeployPlan; dryRun: string[] }> {
  const where = ecsServiceOf(req.current.service, { cluster: x.s.cluster, service: x.s.service })
  const group = await findDeploymentGroup(x, where)
  x.io.log.info(
    `Deployment group ${group.application}/${group.name} (${group.how}) holds ${targetIdOf(where)}: ${groupFacts(group.info, x.s.codeDeploy.deploymentConfig)}.`
  )
  warnOnTiming(x, group.info)
  const { appSpec, source } = readAppSpec(x, service)
  checkContainers(appSpec, req, source)
  const shown = appSpecLines(
    withTaskDefinition(appSpec, req.taskDefinitionArn ?? REVISION_PLACEHOLDER)
  )
  x.io.log.info(`AppSpec (${source}):`)
  for (const line of shown) x.io.log.info(`  ${line}`)
  return {
    plan: { group, appSpec, source },
    dryRun: [
      `dry-run: the AppSpec CreateDeployment would send (${source}):`,
      ...shown.map(line => `  ${line}`),
      `dry-run: no CodeDeploy deployment is created in ${group.application}/${group.name}.`
    ]
  }
}

/** The AppSpec of the codedeploy-appspec file, else of the live service. */
export function readAppSpec(x: Context, service: Service): { appSpec: AppSpec; source: string } {
  const file = x.s.codeDeploy.appSpecFile
  if (file === '')
    return { appSpec: appSpecFromService(service), source: 'built from the live service' }
  let text: string
  try {
    text = x.io.files.readText(file)
  } catch {
    throw new InputError(
      CODEDEPLOY_INPUTS.appSpec,
      `cannot read ${file}. Give a path relative to the workspace.`
    )
  }
  return { appSpec: parseAppSpec(text, file), source: file }
}

/** The container the load balancer routes to must be in the revision ("It must be a container specified in your Amazon ECS task definition."). */
function checkContainers(spec: AppSpec, req: PlanRequest, source: string): void {
  const names = (req.definition.containerDefinitions ?? []).map(c => c.name)
  if (names.length === 0) return
  const missing = containersOf(spec).filter(c => !names.includes(c))
  if (missing.length === 0) return
  throw new InputError(
    source.startsWith('built') ? 'task-definition' : CODEDEPLOY_INPUTS.appSpec,
    `the AppSpec (${source}) routes the load balancer to container ${missing.join(', ')}, which the task definition does not have (its containers: ${names.join(', ')}). CodeDeploy requires "a container specified in your Amazon ECS task definition".`
  )
}

/** The group's settings that shape the deployment, in one phrase. */
function groupFacts(info: DeploymentGroupInfo, config: string): string {
  const rollback = info.autoRollbackConfiguration
  const ready = info.blueGreenDeploymentConfiguration?.deploymentReadyOption
  const termination =
    info.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess
  return [
    `configuration ${config || info.deploymentConfigName || 'CodeDeployDefault.ECSAllAtOnce'}`,
    rollback?.enabled
      ? `automatic rollback on ${(rollback.events ?? []).join(', ') || 'no event'}`
      : 'no automatic rollback',
    ready?.actionOnTimeout === 'STOP_DEPLOYMENT'
      ? `waits at Ready for ContinueDeployment (up to ${ready.waitTimeInMinutes ?? 0} min)`
      : 'shifts traffic without waiting at Ready',
    termination?.action === 'KEEP_ALIVE'
      ? 'keeps the original task set'
      : `removes the original task set ${termination?.terminationWaitTimeInMinutes ?? 0} min after`
  ].join('; ')
}

/** Warns when the step will not see the end: a wait at Ready, or a termination wait too long. */
function warnOnTiming({ s, io }: Context, info: DeploymentGroupInfo): void {
  const bg = info.blueGreenDeploymentConfiguration
  if (!s.waitForServiceStability) return
  if (bg?.deploymentReadyOption?.actionOnTimeout === 'STOP_DEPLOYMENT') {
    io.log.info(
      'The deployment group waits at Ready for ContinueDeployment: the step ends paused there (outcome paused); run mode: continue to shift production traffic.'
    )
  }
  const wait = bg?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0
  if (s.waitUntil === 'completed' && wait >= s.waitForMinutes) {
    io.log.warning(
      `wait-for-minutes is ${s.waitForMinutes}, but CodeDeploy keeps the original task set ${wait} minutes after shifting traffic before the deployment Succeeds. The watch will time out first${s.rollbackOnFailure ? ' and roll the deployment back' : ''}. Give wait-for-minutes more than ${wait}, or wait-until: ready.`,
      'wait-for-minutes too short'
    )
  }
}
