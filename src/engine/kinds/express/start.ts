import type {
  Deployment,
  ExpressGatewayServiceConfiguration,
  Service,
  TaskDefinition
} from '@aws-sdk/client-ecs'
import { describeError } from '../../../aws/errors.js'
import type { Context } from '../../deps.js'
import type { StartRequest, Started } from '../kind.js'
import { MAIN } from './checks.js'
import type { ExpressFound } from './claim.js'

/*
 * The write that starts an Express deployment: the request as prepared (plan.ts), sent once.
 * From its answer: the service revision and task definition it rolls out, the service's ARN and
 * ingress endpoint ("A URL unique to this service in the format servicename.ecs.region.on.aws",
 * Developer Guide, Create your first Express Mode service using the AWS CLI), and where the new
 * tasks log ("logDriver: "awslogs"", "awslogs-stream-prefix: "ecs"", Resources created by Amazon
 * ECS Express Mode services). One DescribeServices then names the ECS deployment of that task
 * definition: its tasks carry its id ("If an Amazon ECS service started the task, the startedBy
 * parameter contains the deployment ID of that service.", API Reference, Task), so a failure is
 * explained from them. The watch finds the service deployment itself (phases/watch/ecs-poller.ts).
 */

/** Service deployments ECS created this long before our call still count as ours. */
const SKEW_MS = 1_000

export async function startExpress(
  x: Context,
  req: StartRequest,
  found: ExpressFound
): Promise<Started> {
  const { s, io } = x
  const request = req.prepared?.request
  if (request === undefined) throw new Error('Nothing was prepared to send to Express Mode.')
  const calledAt = new Date(io.now())
  const answer = await io.log.group(`${request.operation} ${s.service}`, () =>
    io.ecs.express.send(request)
  )
  const config = answer.configuration
  const serviceArn = answer.serviceArn ?? found.express?.serviceArn
  const base = {
    ingress: serviceArn ? { serviceArn, endpoint: endpointOf(config) } : undefined,
    definition: definitionOf(config, io.region)
  }
  const td = config?.taskDefinitionArn
  const target = (createdAt: Date | undefined, deploymentId = '') => ({
    deploymentId,
    taskDefinitionArn: td ?? '',
    previousTaskDefinitionArn: req.previousTaskDefinitionArn,
    maxFailedTasks: 0,
    createdAt
  })
  const placeholder: Service = found.service ?? { serviceName: s.service }
  if (td === undefined || config?.serviceRevisionArn === undefined) {
    const problem = `${request.operation} answered without the configuration it rolls out`
    return { ...base, service: placeholder, target: target(calledAt), problem }
  }
  const running = runningAlone(found, config.serviceRevisionArn)
  if (running) {
    const unchanged = `${request.operation} changed nothing: ${s.service} runs service revision ${lastPart(config.serviceRevisionArn)} (${lastPart(td)}) as before, and no deployment started.`
    return { ...base, service: placeholder, target: target(config.createdAt), unchanged }
  }
  io.log.info(
    `${s.service} rolls out service revision ${lastPart(config.serviceRevisionArn)} (${lastPart(td)}).`
  )
  const since = new Date((config.createdAt ?? calledAt).getTime() - SKEW_MS)
  const { service, deployment } = await ecsDeployment(x, td, since, placeholder)
  return { ...base, service, target: target(deployment?.createdAt ?? since, deployment?.id) }
}

/** The revision is what the service ran, alone: the update started nothing. */
function runningAlone({ express }: ExpressFound, revision: string): boolean {
  const active = express?.activeConfigurations ?? []
  return active.length === 1 && active[0]?.serviceRevisionArn === revision
}

/** The ECS deployment of the task definition, created since the call; best effort. */
async function ecsDeployment(
  { s, io }: Context,
  taskDefinitionArn: string,
  since: Date,
  placeholder: Service
): Promise<{ service: Service; deployment: Deployment | undefined }> {
  try {
    const service = await io.ecs.describeService(s.cluster, s.service)
    const deployment = (service.deployments ?? [])
      .filter(d => d.taskDefinition === taskDefinitionArn)
      .filter(d => (d.createdAt?.getTime() ?? 0) >= since.getTime())
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0]
    if (deployment?.id !== undefined) io.log.info(`ECS deployment ${deployment.id}.`)
    return { service, deployment }
  } catch (error) {
    io.log.info(`DescribeServices failed (${describeError(error)}); the watch reads on.`)
    return { service: placeholder, deployment: undefined }
  }
}

/** The ingress endpoint of a configuration (servicename.ecs.region.on.aws). */
export function endpointOf(
  config: ExpressGatewayServiceConfiguration | undefined
): string | undefined {
  return config?.ingressPaths?.find(p => p.endpoint !== undefined)?.endpoint
}

/** Where Main logs, from the configuration's awsLogsConfiguration. */
function definitionOf(
  config: ExpressGatewayServiceConfiguration | undefined,
  region: string
): Pick<TaskDefinition, 'containerDefinitions'> | undefined {
  const logs = config?.primaryContainer?.awsLogsConfiguration
  if (logs?.logGroup === undefined || logs.logStreamPrefix === undefined) return undefined
  const options = {
    'awslogs-group': logs.logGroup,
    'awslogs-stream-prefix': logs.logStreamPrefix,
    'awslogs-region': region
  }
  return {
    containerDefinitions: [{ name: MAIN, logConfiguration: { logDriver: 'awslogs', options } }]
  }
}

const lastPart = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1)
