import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand
} from '@aws-sdk/client-ecs'
import { ACCOUNT, CLUSTER, REGION, seedMegilance, tdArn } from '../../../tools/harness/megilance.js'
import { type EnvStandIn, standInOnEnv } from './sdk-env.js'

/*
 * The clusters of the ECS stand-in and the services in each, as a client sees them through the
 * real SDK client and AWS_ENDPOINT_URL_ECS (ecs/clusters.ts quotes the API reference): ListClusters
 * and ListServices in pages, DescribeServices up to 10 services a call, ListTasks of a family in
 * another cluster. The stand-in holds every request and answer to AWS's model on close.
 */

const AT = `arn:aws:ecs:${REGION}:${ACCOUNT}`
let env: EnvStandIn | undefined
afterEach(async () => {
  await env?.stop()
  env = undefined
})

/** MegiLance in its cluster; a staging cluster with 12 services; an empty batch cluster. */
async function world() {
  env = await standInOnEnv()
  const aws = env.aws
  const running = seedMegilance(aws)
  for (let i = 1; i <= 12; i++)
    aws.ecs.seedService({
      cluster: 'staging',
      service: `api-${String(i).padStart(2, '0')}`,
      taskDefinition: running.backend
    })
  aws.ecs.seedCluster('batch')
  return { aws, ecs: new ECSClient({}) }
}

describe('clusters and services in the ECS stand-in, through the SDK', () => {
  it('ListClusters: every cluster by ARN, in pages of maxResults', async () => {
    const { ecs } = await world()
    const all = await ecs.send(new ListClustersCommand({}))
    expect(all.clusterArns).toEqual(
      [CLUSTER, 'staging', 'batch'].map(name => `${AT}:cluster/${name}`)
    )
    expect(all.nextToken).toBeUndefined()
    const first = await ecs.send(new ListClustersCommand({ maxResults: 2 }))
    expect(first.clusterArns).toHaveLength(2)
    const rest = await ecs.send(
      new ListClustersCommand({ maxResults: 2, nextToken: first.nextToken })
    )
    expect(rest.clusterArns).toEqual([`${AT}:cluster/batch`])
    expect(rest.nextToken).toBeUndefined()
    await expect(ecs.send(new ListClustersCommand({ maxResults: 101 }))).rejects.toMatchObject({
      name: 'InvalidParameterException'
    })
  })

  it('ListServices: 10 a page by default, up to maxResults; an unknown cluster is ClusterNotFoundException', async () => {
    const { ecs } = await world()
    const first = await ecs.send(new ListServicesCommand({ cluster: 'staging' }))
    expect(first.serviceArns).toHaveLength(10)
    const rest = await ecs.send(
      new ListServicesCommand({ cluster: 'staging', nextToken: first.nextToken })
    )
    expect(rest.serviceArns).toEqual([
      `${AT}:service/staging/api-11`,
      `${AT}:service/staging/api-12`
    ])
    const all = await ecs.send(
      new ListServicesCommand({ cluster: `${AT}:cluster/staging`, maxResults: 100 })
    )
    expect(all.serviceArns).toHaveLength(12)
    expect(all.nextToken).toBeUndefined()
    const none = await ecs.send(new ListServicesCommand({ cluster: 'batch' }))
    expect(none.serviceArns).toEqual([])
    await expect(ecs.send(new ListServicesCommand({ cluster: 'nowhere' }))).rejects.toMatchObject({
      name: 'ClusterNotFoundException'
    })
  })

  it('DescribeServices: up to 10 services a call, more refused as ECS refuses them', async () => {
    const { ecs } = await world()
    const arns = (await ecs.send(new ListServicesCommand({ cluster: 'staging', maxResults: 100 })))
      .serviceArns as string[]
    const ten = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: arns.slice(0, 10) })
    )
    expect(ten.services?.map(s => s.taskDefinition)).toEqual(Array(10).fill(tdArn('backend', 1)))
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'staging', services: arns }))
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'service names can have at most 10 items.'
    })
  })

  it('ListTasks: the running tasks of a family in another cluster', async () => {
    const { aws, ecs } = await world()
    const task = aws.tasks.seedRunning({
      cluster: 'batch',
      taskDefinition: tdArn('backend', 1),
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60718'] } }
    })
    const inBatch = await ecs.send(
      new ListTasksCommand({ cluster: `${AT}:cluster/batch`, family: 'megilance-backend' })
    )
    expect(inBatch.taskArns).toEqual([task])
    const here = await ecs.send(
      new ListTasksCommand({ cluster: CLUSTER, family: 'megilance-backend' })
    )
    expect(here.taskArns).toEqual([])
  })
})
