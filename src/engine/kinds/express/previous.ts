import type {
  ContainerDefinition,
  ExpressGatewayContainer,
  ServiceRevision,
  TaskDefinition,
  UpdateExpressGatewayServiceCommandInput
} from '@aws-sdk/client-ecs'
import { InputError } from '../../../shared/parse.js'
import type { Context } from '../../deps.js'
import { INPUTS } from '../../settings/settings.js'
import { MAIN } from './checks.js'

/*
 * Rollback mode on an Express service with no deployment under way: the configuration before
 * the one in force, from ECS's records (read only), as an UpdateExpressGatewayService puts it
 * back: "Amazon ECS creates a new service revision with updated configuration" (API Reference).
 * - The service revision: the newest SUCCESSFUL service deployment's target that is not what
 *   runs now (ListServiceDeployments, status SUCCESSFUL).
 * - Its image and settings: the task definition it runs (DescribeTaskDefinition: the container
 *   Main, its port, environment, secrets, command and logs; the task's cpu, memory and roles), and
 *   what Express Mode manages for it (DescribeServiceRevisions, ecsManagedResources: "The
 *   resources created and managed by Amazon ECS when you create an Express service"): the target
 *   group's healthCheckPath, the scalable target's minCapacity and maxCapacity; its subnets and
 *   security groups (networkConfiguration).
 */

/** An earlier configuration of the service, as an update's members. */
export interface PreviousConfiguration {
  readonly serviceRevisionArn: string
  readonly members: Omit<UpdateExpressGatewayServiceCommandInput, 'serviceArn'>
}

/** The configuration to go back to; an InputError (nothing changed) when ECS knows none. */
export async function previousConfiguration(
  { s, io }: Context,
  running: readonly string[]
): Promise<PreviousConfiguration> {
  const briefs = await io.ecs.listServiceDeployments(s.cluster, s.service, {
    status: ['SUCCESSFUL']
  })
  const before = briefs
    .filter(b => b.targetServiceRevisionArn !== undefined)
    .filter(b => !running.includes(b.targetServiceRevisionArn as string))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0]
  const arn = before?.targetServiceRevisionArn
  if (arn === undefined) {
    throw new InputError(
      INPUTS.rollbackTo,
      `no earlier configuration of ${s.service} is known: ECS reports no SUCCESSFUL service deployment of a service revision other than the one running. Nothing was changed.`
    )
  }
  const revision = await io.ecs.describeServiceRevision(arn)
  const td = revision?.taskDefinition
  if (revision === undefined || td === undefined) {
    throw new Error(`DescribeServiceRevisions does not describe ${arn}.`)
  }
  const { taskDefinition } = await io.ecs.describeTaskDefinition(td)
  io.log.info(`The configuration before the one in force: service revision ${arn} (${td}).`)
  return { serviceRevisionArn: arn, members: membersOf(revision, taskDefinition) }
}

/** An update's members that put a service revision's image and settings back. Pure. */
export function membersOf(
  revision: ServiceRevision,
  td: TaskDefinition
): PreviousConfiguration['members'] {
  const containers = td.containerDefinitions ?? []
  const main = containers.find(c => c.name === MAIN) ?? containers[0]
  const managed = revision.ecsManagedResources
  const path = managed?.ingressPaths?.[0]?.targetGroups?.[0]?.healthCheckPath
  const target = managed?.autoScaling?.scalableTarget
  const network = revision.networkConfiguration?.awsvpcConfiguration
  return {
    ...(main ? { primaryContainer: containerOf(main) } : {}),
    ...(td.cpu !== undefined ? { cpu: td.cpu } : {}),
    ...(td.memory !== undefined ? { memory: td.memory } : {}),
    ...(td.executionRoleArn !== undefined ? { executionRoleArn: td.executionRoleArn } : {}),
    ...(td.taskRoleArn !== undefined ? { taskRoleArn: td.taskRoleArn } : {}),
    ...(path !== undefined ? { healthCheckPath: path } : {}),
    ...(target?.minCapacity !== undefined && target.maxCapacity !== undefined
      ? { scalingTarget: { minTaskCount: target.minCapacity, maxTaskCount: target.maxCapacity } }
      : {}),
    ...(network?.subnets !== undefined
      ? {
          networkConfiguration: {
            subnets: network.subnets,
            ...(network.securityGroups ? { securityGroups: network.securityGroups } : {})
          }
        }
      : {})
  }
}

/** The primary container of a container definition (ExpressGatewayContainer). */
function containerOf(c: ContainerDefinition): ExpressGatewayContainer {
  const options = c.logConfiguration?.logDriver === 'awslogs' ? c.logConfiguration.options : {}
  const group = options?.['awslogs-group']
  const prefix = options?.['awslogs-stream-prefix']
  const port = c.portMappings?.[0]?.containerPort
  const credentials = c.repositoryCredentials?.credentialsParameter
  return {
    image: c.image,
    ...(port !== undefined ? { containerPort: port } : {}),
    ...(c.command !== undefined ? { command: c.command } : {}),
    ...(c.environment?.length ? { environment: c.environment } : {}),
    ...(c.secrets?.length ? { secrets: c.secrets } : {}),
    ...(credentials !== undefined
      ? { repositoryCredentials: { credentialsParameter: credentials } }
      : {}),
    ...(group && prefix
      ? { awsLogsConfiguration: { logGroup: group, logStreamPrefix: prefix } }
      : {})
  }
}
