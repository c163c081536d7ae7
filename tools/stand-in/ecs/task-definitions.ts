import type { TaskDefinitionRecord } from './records.js'
import type { EcsState } from './state.js'
import { page } from '../paging.js'
import {
  ACCOUNT,
  AwsError,
  REGION,
  asRecord,
  asRecords,
  asString,
  asStrings,
  epoch
} from '../wire.js'

/*
 * Task definitions in the ECS stand-in: RegisterTaskDefinition (families and revisions, checked
 * as ECS checks them), DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition, and
 * their tags (TagResource, ListTagsForResource).
 */

const READ_ONLY = new Set([
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
])

/** Registers a revision as RegisterTaskDefinition does; returns its ARN. */
export function seedTaskDefinition(
  state: EcsState,
  body: Record<string, unknown>,
  tags: readonly { key: string; value: string }[] = []
): string {
  const out = RegisterTaskDefinition(state, { ...body, ...(tags.length ? { tags } : {}) })
  return asString(asRecord(out.taskDefinition).taskDefinitionArn)
}

/** By ARN, family:revision or family (the newest ACTIVE). */
export function lookupTaskDefinition(state: EcsState, ref: string): TaskDefinitionRecord {
  const short = ref.startsWith('arn:') ? ref.slice(ref.indexOf('/') + 1) : ref
  const [family = '', revision] = short.split(':')
  const list = state.families.get(family) ?? []
  const found =
    revision === undefined
      ? [...list].reverse().find(r => r.status === 'ACTIVE')
      : list.find(r => r.revision === Number(revision))
  if (found === undefined || (ref.startsWith('arn:') && found.arn !== ref)) {
    throw new AwsError('ClientException', 'Unable to describe task definition.')
  }
  return found
}

function describeTaskDefinition(r: TaskDefinitionRecord): Record<string, unknown> {
  const fargate = asStrings(r.body.requiresCompatibilities).includes('FARGATE')
  return {
    ...r.body,
    taskDefinitionArn: r.arn,
    family: r.family,
    revision: r.revision,
    status: r.status,
    compatibilities: fargate ? ['EC2', 'FARGATE'] : ['EC2'],
    requiresAttributes: [
      { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
      { name: 'ecs.capability.execution-role-awslogs' },
      { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.19' },
      { name: 'ecs.capability.task-eni' }
    ],
    registeredAt: epoch(r.registeredAt),
    registeredBy: r.registeredBy,
    ...(r.deregisteredAt !== undefined ? { deregisteredAt: epoch(r.deregisteredAt) } : {})
  }
}

export function DescribeTaskDefinition(state: EcsState, input: Record<string, unknown>) {
  const record = lookupTaskDefinition(state, asString(input.taskDefinition))
  const include = asStrings(input.include)
  return {
    taskDefinition: describeTaskDefinition(record),
    ...(include.includes('TAGS') ? { tags: state.tags.get(record.arn) ?? [] } : {})
  }
}

export function RegisterTaskDefinition(state: EcsState, input: Record<string, unknown>) {
  const family = asString(input.family)
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
    throw new AwsError('ClientException', 'Family contains invalid characters or is missing.')
  }
  const containers = asRecords(input.containerDefinitions)
  if (containers.length === 0) {
    throw new AwsError('ClientException', 'Container list cannot be empty.')
  }
  for (const c of containers) {
    if (asString(c.name) === '' || asString(c.image) === '') {
      throw new AwsError(
        'ClientException',
        'Container.name and Container.image should not be null or empty.'
      )
    }
  }
  const fargate = asStrings(input.requiresCompatibilities).includes('FARGATE')
  if (fargate && (asString(input.cpu) === '' || asString(input.memory) === '')) {
    throw new AwsError(
      'ClientException',
      'Fargate requires task definition to have cpu and memory values.'
    )
  }
  if (fargate && asString(input.networkMode) !== 'awsvpc') {
    throw new AwsError('ClientException', 'Fargate only supports network mode ‘awsvpc’.')
  }
  refuseMemoryAboveTask(input.memory, containers)
  for (const key of Object.keys(input)) {
    if (READ_ONLY.has(key)) {
      throw new AwsError(
        'SerializationException',
        `Unexpected field: ${key} is not a parameter of RegisterTaskDefinition.`
      )
    }
  }
  const list = state.families.get(family) ?? []
  const revision = list.length + 1
  const { tags, ...body } = input
  const record: TaskDefinitionRecord = {
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`,
    family,
    revision,
    status: 'ACTIVE',
    body,
    registeredAt: Date.now(),
    registeredBy:
      state.options.principal ??
      `arn:aws:sts::${ACCOUNT}:assumed-role/megilance-deploy/GitHubActions`
  }
  list.push(record)
  state.families.set(family, list)
  const tagList = asRecords(tags).map(t => ({ key: asString(t.key), value: asString(t.value) }))
  if (tagList.length > 0) state.tags.set(record.arn, tagList)
  return {
    taskDefinition: describeTaskDefinition(record),
    ...(tagList.length > 0 ? { tags: tagList } : {})
  }
}

/*
 * ContainerDefinition.memory: "The total amount of memory reserved for all containers within a
 * task must be lower than the task memory value, if one is specified." and "If you specify
 * memoryReservation, then that value is subtracted from the available memory resources for the
 * container instance where the container is placed. Otherwise, the value of memory is used."
 * RegisterTaskDefinitionRequest.memory: "String values are converted to an integer indicating
 * the MiB when the task definition is registered." ("1GB" or "1 GB").
 * ECS answers a container above the task with "ClientException: The 'memory' setting for
 * container 'blah' is greater than for the task." (pulumi/pulumi-awsx#188). A sum equal to the
 * task's is accepted ("you can set them to the sum of the reservations of each of the container
 * that's declared in your task definition", Developer Guide, Choosing Fargate task sizes). No
 * page gives ECS's words for a sum of several containers above the task: the stand-in answers
 * with the API reference's sentence.
 */
function refuseMemoryAboveTask(taskMemory: unknown, containers: Record<string, unknown>[]): void {
  const task = /^\s*(\d+)\s*$/.exec(asString(taskMemory))
    ? Number(asString(taskMemory))
    : Number(/^\s*(\d+(?:\.\d+)?)\s*gb\s*$/i.exec(asString(taskMemory))?.[1] ?? NaN) * 1024
  if (Number.isNaN(task)) return
  const reserved = (c: Record<string, unknown>) =>
    typeof c.memoryReservation === 'number' ? c.memoryReservation : Number(c.memory ?? 0)
  const alone = containers.find(c => reserved(c) > task)
  if (alone !== undefined) {
    throw new AwsError(
      'ClientException',
      `The 'memory' setting for container '${asString(alone.name)}' is greater than for the task.`
    )
  }
  if (containers.reduce((n, c) => n + reserved(c), 0) > task) {
    throw new AwsError(
      'ClientException',
      'The total amount of memory reserved for all containers within a task must be lower than the task memory value.'
    )
  }
}

export function TagResource(state: EcsState, input: Record<string, unknown>) {
  const arn = asString(input.resourceArn)
  lookupTaskDefinition(state, arn)
  const tags = [...(state.tags.get(arn) ?? [])]
  for (const t of asRecords(input.tags)) {
    const key = asString(t.key)
    const value = asString(t.value)
    const i = tags.findIndex(x => x.key === key)
    if (i >= 0) tags[i] = { key, value }
    else tags.push({ key, value })
  }
  state.tags.set(arn, tags)
  return {}
}

export function ListTagsForResource(state: EcsState, input: Record<string, unknown>) {
  const arn = asString(input.resourceArn)
  lookupTaskDefinition(state, arn)
  return { tags: state.tags.get(arn) ?? [] }
}

/**
 * ListTaskDefinitions, as its parameters say:
 * - familyPrefix: "Specifying a familyPrefix limits the listed task definitions to task
 *   definition revisions that belong to that family."
 * - status: "By default, only ACTIVE task definitions are listed. By setting this parameter to
 *   INACTIVE, you can view task definitions that are INACTIVE as long as an active task or
 *   service still references them." (`referenced`)
 * - sort: "By default, (ASC) task definitions are listed lexicographically by family name and in
 *   ascending numerical order by revision [...] Setting this parameter to DESC reverses the sort
 *   order on family name and revision."
 * - maxResults: "This value can be between 1 and 100. If this parameter isn't used, then
 *   ListTaskDefinitions returns up to 100 results and a nextToken value if applicable."
 */
export function ListTaskDefinitions(
  state: EcsState,
  input: Record<string, unknown>,
  referenced: (arn: string) => boolean = () => false
) {
  const prefix = asString(input.familyPrefix)
  const status = asString(input.status) || 'ACTIVE'
  const records = [...state.families.values()]
    .flat()
    .filter(r => (prefix === '' || r.family === prefix) && r.status === status)
    .filter(r => status === 'ACTIVE' || referenced(r.arn))
    .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
  if (asString(input.sort) === 'DESC') records.reverse()
  const limit = typeof input.maxResults === 'number' ? input.maxResults : undefined
  if (limit !== undefined && (limit < 1 || limit > 100))
    throw new AwsError('InvalidParameterException', 'maxResults must be between 1 and 100.')
  const { items, nextToken } = page(
    records.map(r => r.arn),
    { limit, max: 100, token: input.nextToken, invalidToken: () => badToken() }
  )
  return { taskDefinitionArns: items, ...(nextToken ? { nextToken } : {}) }
}

const badToken = () => new AwsError('InvalidParameterException', 'Invalid nextToken.')

/**
 * DeregisterTaskDefinition: "Deregisters the specified task definition by family and revision.
 * Upon deregistration, the task definition is marked as INACTIVE." taskDefinition: "The family
 * and revision (family:revision) or full Amazon Resource Name (ARN) of the task definition to
 * deregister. You must specify a revision." Answers "The full description of the deregistered
 * task."
 */
export function DeregisterTaskDefinition(state: EcsState, input: Record<string, unknown>) {
  const ref = asString(input.taskDefinition)
  if (!/:\d+$/.test(ref))
    throw new AwsError(
      'ClientException',
      'A revision must be specified: family:revision or an ARN.'
    )
  const record = lookupTaskDefinition(state, ref)
  if (record.status === 'ACTIVE') {
    record.status = 'INACTIVE'
    record.deregisteredAt = Date.now()
  }
  return { taskDefinition: describeTaskDefinition(record) }
}
