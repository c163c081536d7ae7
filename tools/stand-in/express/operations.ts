import { expressService, updatedService } from './answers.js'
import {
  type ExpressConfig,
  type ExpressRecord,
  type ExpressSettings,
  type ExpressState,
  defaultLogGroup,
  merged,
  nextScenario,
  sameSettings,
  settingsOf
} from './records.js'
import { canaryScenario, firstDeployment } from './scenarios.js'
import {
  alarmNameOf,
  canaryConfiguration,
  currentConfig,
  deploy,
  generatedName,
  imageOf,
  newService
} from './service.js'
import { checkRequest } from './shapes.js'
import { customSettings } from './task-definition.js'
import { ACCOUNT, AwsError, REGION, asRecord, asString, asStrings } from '../wire.js'

/*
 * The four Express Gateway operations. Their errors, as the API Reference lists them:
 * InvalidParameterException "The specified parameter isn't valid." (a request the model does not
 * accept, express/shapes.ts; a name already taken; a missing or malformed role);
 * ClusterNotFoundException "The specified cluster wasn't found."; ServiceNotFoundException "The
 * specified service wasn't found." (Update, Delete); ResourceNotFoundException "The specified
 * resource wasn't found." (Describe); ServiceNotActiveException "The specified service isn't
 * active. You can't update a service that's inactive." (Update, Delete). Their messages are the
 * stand-in's own wording. What the API Reference says of the members:
 * - "If you provide a task definition ARN, you cannot also specify primaryContainer,
 *   executionRoleArn, taskRoleArn, cpu, or memory."
 * - "The health check path must start with a forward slash" (healthCheckPath).
 * - serviceName "can contain up to 255 letters (uppercase and lowercase), numbers, underscores,
 *   and hyphens"; "If you do not specify a cluster, the default cluster is assumed."; "The ECS
 *   default cluster (if it does not already exist)" is created (Developer Guide, Resources created
 *   by Amazon ECS Express Mode services).
 * - "Some parameters like the infrastructure role cannot be modified after service creation"
 *   (UpdateExpressGatewayService: the model has no such member there).
 * - Delete: "The service enters a DRAINING state where existing tasks complete current requests
 *   without starting new tasks. After all tasks stop, the service and infrastructure are
 *   permanently removed." (the stand-in: INACTIVE at the next look).
 * An update whose members change nothing starts no deployment and registers nothing: the API
 * Reference does not say what such an update does; the stand-in answers the configuration in
 * force (as UpdateService starts no deployment when nothing changes).
 */

const SERVICE_ARN =
  /^arn:aws:ecs:([a-z0-9-]+):(\d{12}):service\/(?:([A-Za-z0-9_-]+)\/)?([A-Za-z0-9_-]+)$/
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/
const NAME = /^[A-Za-z0-9_-]{1,255}$/
const WITHOUT_TASK_DEFINITION = [
  'primaryContainer',
  'executionRoleArn',
  'taskRoleArn',
  'cpu',
  'memory'
]

const invalid = (message: string) => new AwsError('InvalidParameterException', message)

/** The Express service a serviceArn names, or the error each operation answers. */
export function lookupExpress(
  x: ExpressState,
  serviceArn: string,
  missing: 'ResourceNotFoundException' | 'ServiceNotFoundException'
): ExpressRecord {
  const m = SERVICE_ARN.exec(serviceArn)
  if (m === null) throw invalid(`Invalid serviceArn: ${serviceArn}`)
  const cluster = m[3] ?? 'default'
  const key = `${cluster}/${m[4] ?? ''}`
  const here = m[1] === REGION && m[2] === ACCOUNT
  if (here && !x.ecs.clusters.has(cluster))
    throw new AwsError('ClusterNotFoundException', 'Cluster not found.')
  const record = here ? x.records.get(key) : undefined
  if (record !== undefined) return record
  if (here && x.ecs.services.has(key))
    throw invalid(`The service ${serviceArn} is not an Express service.`)
  throw new AwsError(missing, `The Express service ${serviceArn} was not found.`)
}

/** The members both operations check beyond the model's shapes. */
function checkMembers(input: Record<string, unknown>): void {
  for (const key of ['infrastructureRoleArn', 'executionRoleArn', 'taskRoleArn']) {
    const value = input[key]
    if (value !== undefined && !ROLE_ARN.test(asString(value)))
      throw invalid(`${key} ${asString(value)} is not the ARN of an IAM role.`)
  }
  if (input.taskDefinitionArn !== undefined && WITHOUT_TASK_DEFINITION.some(k => k in input))
    throw invalid(
      'If you provide a task definition ARN, you cannot also specify primaryContainer, executionRoleArn, taskRoleArn, cpu, or memory.'
    )
  const path = input.healthCheckPath
  if (path !== undefined && !asString(path).startsWith('/'))
    throw invalid('The health check path must start with a forward slash.')
  const scaling = asRecord(input.scalingTarget)
  const min = scaling.minTaskCount
  const max = scaling.maxTaskCount
  if (typeof min === 'number' && typeof max === 'number' && min > max)
    throw invalid('scalingTarget.minTaskCount must not exceed scalingTarget.maxTaskCount.')
}

/** A create's cluster, name and settings, checked; the default cluster made if missing. */
export function prepareCreate(x: ExpressState, input: Record<string, unknown>) {
  checkRequest('CreateExpressGatewayService', input)
  checkMembers(input)
  if (input.primaryContainer === undefined && input.taskDefinitionArn === undefined)
    throw invalid('The primary container must specify at minimum a container image.')
  const raw = asString(input.cluster) || 'default'
  const cluster = raw.slice(raw.lastIndexOf('/') + 1)
  if (!x.ecs.clusters.has(cluster)) {
    if (cluster !== 'default') throw new AwsError('ClusterNotFoundException', 'Cluster not found.')
    x.ecs.clusters.add(cluster)
  }
  const asked = asString(input.serviceName)
  if (asked !== '' && !NAME.test(asked))
    throw invalid('serviceName can contain up to 255 letters, numbers, underscores, and hyphens.')
  const logGroup = (name: string) => defaultLogGroup(cluster, name)
  const settings = (name: string): ExpressSettings =>
    input.taskDefinitionArn !== undefined
      ? customSettings(x.ecs, input, logGroup(name))
      : settingsOf(input, logGroup(name))
  const name = asked || generatedName(imageOf(settings('express')))
  const key = `${cluster}/${name}`
  const taken = x.records.get(key)
  if (taken?.status !== 'INACTIVE' && (taken !== undefined || x.ecs.services.has(key)))
    throw invalid(`A service named ${name} already exists in cluster ${cluster}.`)
  return { cluster, name, key, settings: settings(name) }
}

/** The record of a new Express service, its CloudWatch Logs group created. */
export function attachRecord(
  x: ExpressState,
  input: Record<string, unknown>,
  created: { key: string; settings: ExpressSettings; service: ExpressRecord['service'] }
): ExpressRecord {
  const group = asString(asRecord(created.settings.primaryContainer.awsLogsConfiguration).logGroup)
  x.ecs.options.createLogGroup?.(group)
  const record: ExpressRecord = {
    service: created.service,
    infrastructureRoleArn: asString(input.infrastructureRoleArn),
    tags: [...((input.tags as ExpressRecord['tags'] | undefined) ?? [])],
    configs: new Map(),
    endpoint: `${created.service.name}.ecs.${REGION}.on.aws`,
    alarmName: alarmNameOf(created.service.name),
    logGroup: group,
    status: 'ACTIVE',
    createdAt: created.service.createdAt,
    updatedAt: Date.now()
  }
  x.records.set(created.key, record)
  return record
}

export function createExpress(x: ExpressState, input: Record<string, unknown>) {
  const { cluster, name, key, settings } = prepareCreate(x, input)
  const service = newService(x.ecs, cluster, name, settings.scalingTarget.minTaskCount)
  const record = attachRecord(x, input, { key, settings, service })
  x.ecs.strategies.seed(service, canaryConfiguration(record.alarmName), [])
  const script = firstDeployment(nextScenario(x, key), settings.scalingTarget.minTaskCount)
  deploy(x.ecs, record, settings, script)
  return { service: expressService(record) }
}

export function updateExpress(x: ExpressState, input: Record<string, unknown>) {
  checkRequest('UpdateExpressGatewayService', input)
  const record = lookupExpress(x, asString(input.serviceArn), 'ServiceNotFoundException')
  if (record.status !== 'ACTIVE')
    throw new AwsError('ServiceNotActiveException', `The service is ${record.status}.`)
  checkMembers(input)
  const current = currentConfig(record)
  const settings = targetSettings(x, record, current, input)
  if (sameSettings(settings, current.settings)) return { service: updatedService(record, current) }
  record.updatedAt = Date.now()
  x.ecs.options.createLogGroup?.(
    asString(asRecord(settings.primaryContainer.awsLogsConfiguration).logGroup)
  )
  const s = record.service
  const scenario = canaryScenario(nextScenario(x, `${s.cluster}/${s.name}`), record.alarmName)
  const target = deploy(x.ecs, record, settings, [], scenario)
  return { service: updatedService(record, target) }
}

/** An update's settings: its members over the revision in force. */
function targetSettings(
  x: ExpressState,
  record: ExpressRecord,
  current: ExpressConfig,
  input: Record<string, unknown>
): ExpressSettings {
  const over = merged(current.settings, input)
  const custom =
    asString(input.taskDefinitionArn) ||
    (input.primaryContainer === undefined ? current.settings.customTaskDefinition : undefined)
  if (custom === undefined || custom === '') return settingsOf(over, record.logGroup)
  if (input.taskDefinitionArn === undefined && WITHOUT_TASK_DEFINITION.some(k => k in input))
    throw invalid(
      'The service runs the task definition you gave (taskDefinitionArn): give primaryContainer to change its container settings.'
    )
  const kept = ['healthCheckPath', 'networkConfiguration', 'scalingTarget']
  return customSettings(
    x.ecs,
    { taskDefinitionArn: custom, ...Object.fromEntries(kept.map(k => [k, over[k]])) },
    record.logGroup
  )
}

export function describeExpress(
  x: ExpressState,
  input: Record<string, unknown>,
  look: (record: ExpressRecord) => void
) {
  checkRequest('DescribeExpressGatewayService', input)
  const record = lookupExpress(x, asString(input.serviceArn), 'ResourceNotFoundException')
  look(record)
  return { service: expressService(record, asStrings(input.include).includes('TAGS')) }
}

export function deleteExpress(x: ExpressState, input: Record<string, unknown>) {
  checkRequest('DeleteExpressGatewayService', input)
  const record = lookupExpress(x, asString(input.serviceArn), 'ServiceNotFoundException')
  if (record.status !== 'ACTIVE')
    throw new AwsError('ServiceNotActiveException', `The service is ${record.status}.`)
  record.status = 'DRAINING'
  record.updatedAt = Date.now()
  record.service.desiredCount = 0
  return { service: expressService(record) }
}
