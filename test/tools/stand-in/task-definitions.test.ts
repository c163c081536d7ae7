import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  type ListTaskDefinitionsCommandInput,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { readFileSync } from 'node:fs'
import { CLUSTER, seedMegilance, service, tdArn } from '../../../tools/harness/megilance.js'
import { type EnvStandIn, standInOnEnv } from './sdk-env.js'

/*
 * The ECS stand-in's task definitions and running tasks as a client sees them, through the real
 * SDK client and AWS_ENDPOINT_URL_ECS: ListTaskDefinitions (familyPrefix, status, sort, paging),
 * DeregisterTaskDefinition and what INACTIVE forbids, ListTasks of running tasks by family,
 * RegisterTaskDefinition's refusal of containers reserving more memory than the task. Each
 * case is one behaviour the API reference states (ecs-task-definitions.ts, ecs-tasks.ts quote it).
 */

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60718'] } }
const body = (family: string) => ({
  ...(JSON.parse(readFileSync('examples/megilance/backend-task-definition.json', 'utf8')) as Record<
    string,
    unknown
  >),
  family
})

let env: EnvStandIn | undefined
afterEach(async () => {
  await env?.stop()
  env = undefined
})

/** MegiLance seeded, megilance-backend at revision 6, and a family whose name extends it. */
async function world() {
  env = await standInOnEnv()
  const aws = env.aws
  seedMegilance(aws)
  for (let i = 2; i <= 6; i++) aws.ecs.seedTaskDefinition(body('megilance-backend'))
  aws.ecs.seedTaskDefinition(body('megilance-backend-worker'))
  return { aws, ecs: new ECSClient({}) }
}

const list = (ecs: ECSClient, input: ListTaskDefinitionsCommandInput) =>
  ecs.send(new ListTaskDefinitionsCommand(input))

describe('task definitions in the ECS stand-in, through the SDK', () => {
  it('lists one family (not another whose name starts with it), ASC by default or DESC, in pages', async () => {
    const { ecs } = await world()
    const asc = await list(ecs, { familyPrefix: 'megilance-backend' })
    expect(asc.taskDefinitionArns).toEqual([1, 2, 3, 4, 5, 6].map(n => tdArn('backend', n)))
    expect(asc.nextToken).toBeUndefined()

    const first = await list(ecs, {
      familyPrefix: 'megilance-backend',
      sort: 'DESC',
      maxResults: 4
    })
    expect(first.taskDefinitionArns).toEqual([6, 5, 4, 3].map(n => tdArn('backend', n)))
    const rest = await list(ecs, {
      familyPrefix: 'megilance-backend',
      sort: 'DESC',
      maxResults: 4,
      nextToken: first.nextToken
    })
    expect(rest.taskDefinitionArns).toEqual([2, 1].map(n => tdArn('backend', n)))
    expect(rest.nextToken).toBeUndefined()
    await expect(
      list(ecs, { familyPrefix: 'megilance-backend', nextToken: 'not-one-it-gave' })
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(list(ecs, { maxResults: 101 })).rejects.toThrow()
  })

  it('deregisters a revision: INACTIVE, off the ACTIVE list, no longer run or rolled out', async () => {
    const { aws, ecs } = await world()
    const out = await ecs.send(
      new DeregisterTaskDefinitionCommand({ taskDefinition: 'megilance-backend:6' })
    )
    expect(out.taskDefinition).toMatchObject({
      taskDefinitionArn: tdArn('backend', 6),
      status: 'INACTIVE'
    })
    expect(out.taskDefinition?.deregisteredAt).toBeInstanceOf(Date)
    const active = await list(ecs, { familyPrefix: 'megilance-backend', sort: 'DESC' })
    expect(active.taskDefinitionArns?.[0]).toBe(tdArn('backend', 5))
    // The family alone names its newest ACTIVE revision; the INACTIVE one is still described.
    const latest = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'megilance-backend' })
    )
    expect(latest.taskDefinition?.revision).toBe(5)
    const gone = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: tdArn('backend', 6) })
    )
    expect(gone.taskDefinition?.status).toBe('INACTIVE')

    await expect(
      ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'megilance-backend' }))
    ).rejects.toMatchObject({ name: 'ClientException' })
    await expect(
      ecs.send(
        new UpdateServiceCommand({
          cluster: CLUSTER,
          service: service('backend'),
          taskDefinition: tdArn('backend', 6)
        })
      )
    ).rejects.toThrow('TaskDefinition is inactive')
    await expect(
      ecs.send(
        new RunTaskCommand({
          cluster: CLUSTER,
          taskDefinition: tdArn('backend', 6),
          networkConfiguration: NETWORK
        })
      )
    ).rejects.toThrow('TaskDefinition is inactive')
    expect(aws.ecs.revisions('megilance-backend').map(r => r.status)).toEqual([
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'INACTIVE'
    ])
  })

  it('lists an INACTIVE revision only while a running task or a service references it', async () => {
    const { aws, ecs } = await world()
    aws.tasks.seedRunning({
      cluster: CLUSTER,
      taskDefinition: tdArn('backend', 3),
      networkConfiguration: NETWORK
    })
    for (const n of [1, 3, 4])
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: tdArn('backend', n) }))
    const inactive = await list(ecs, { familyPrefix: 'megilance-backend', status: 'INACTIVE' })
    // Revision 1 is what the service runs; 3 a running task's; 4 nothing's.
    expect(inactive.taskDefinitionArns).toEqual([tdArn('backend', 1), tdArn('backend', 3)])
  })

  it('lists the running tasks of a family on a cluster, and DescribeTasks tells their revision', async () => {
    const { aws, ecs } = await world()
    const worker = aws.tasks.seedRunning({
      cluster: CLUSTER,
      taskDefinition: tdArn('backend', 2),
      networkConfiguration: NETWORK,
      startedBy: 'nightly-import'
    })
    aws.tasks.seedRunning({
      cluster: CLUSTER,
      taskDefinition: 'megilance-backend-worker:1',
      networkConfiguration: NETWORK
    })
    const running = await ecs.send(
      new ListTasksCommand({
        cluster: CLUSTER,
        family: 'megilance-backend',
        desiredStatus: 'RUNNING'
      })
    )
    expect(running.taskArns).toEqual([worker])
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster: CLUSTER, tasks: [worker] })
    )
    expect(described.tasks?.[0]).toMatchObject({
      taskDefinitionArn: tdArn('backend', 2),
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING'
    })
    const stopped = await ecs.send(
      new ListTasksCommand({
        cluster: CLUSTER,
        family: 'megilance-backend',
        desiredStatus: 'STOPPED'
      })
    )
    expect(stopped.taskArns).toEqual([])
  })

  it.each<[string, string, Record<string, number>[], string | undefined]>([
    [
      'a container above the task',
      '512',
      [{ memory: 1024 }],
      "The 'memory' setting for container 'c1' is greater than for the task."
    ],
    [
      'a task memory in GB',
      '0.5 GB',
      [{ memory: 1024 }],
      "The 'memory' setting for container 'c1' is greater than for the task."
    ],
    [
      'two containers whose sum is above the task',
      '1024',
      [{ memory: 768 }, { memoryReservation: 512 }],
      'The total amount of memory reserved for all containers within a task must be lower than the task memory value.'
    ],
    ['a sum equal to the task', '1024', [{ memory: 512 }, { memory: 512 }], undefined],
    [
      'a reservation under the task, a hard limit above it',
      '1024',
      [{ memory: 2048, memoryReservation: 512 }],
      undefined
    ],
    ['no container size', '512', [{}], undefined]
  ])('RegisterTaskDefinition and memory: %s', async (_name, memory, sizes, refusal) => {
    const { ecs } = await world()
    const register = ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'sized',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory,
        containerDefinitions: sizes.map((size, i) => ({
          name: `c${i + 1}`,
          image: 'nginx',
          ...size
        }))
      })
    )
    if (refusal === undefined) await expect(register).resolves.toBeDefined()
    else await expect(register).rejects.toMatchObject({ name: 'ClientException', message: refusal })
  })
})
