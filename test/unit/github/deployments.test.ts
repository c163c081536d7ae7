import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  TagResourceCommand
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { run } from '../../../src/ecs-deploy/main.js'
import type { DeploymentsClient } from '../../../src/github/deployments.js'
import { runAction } from '../../support/action-env.js'
import {
  BACKEND_IMAGE_NEW,
  CLUSTER,
  NEW_ID,
  REGION,
  SERVICE,
  completed,
  registered,
  rolling,
  steady
} from '../../support/ecs-fixtures.js'
import { fakeRuntime } from '../../support/fake-runtime.js'

const ecs = mockClient(ECSClient)

function recorder(refuse = false) {
  const calls: Array<{ call: string; params: Record<string, unknown> }> = []
  const client: DeploymentsClient = {
    createDeployment: async params => {
      calls.push({ call: 'createDeployment', params })
      if (refuse)
        throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 })
      return { status: 201, data: { id: 77 } }
    },
    createDeploymentStatus: async params => {
      calls.push({ call: 'createDeploymentStatus', params })
      return {}
    }
  }
  return {
    calls,
    client,
    states: () => calls.filter(c => c.call === 'createDeploymentStatus').map(c => c.params.state)
  }
}

const inputs = {
  'aws-region': REGION,
  cluster: CLUSTER,
  service: SERVICE,
  'container-name': 'backend',
  image: BACKEND_IMAGE_NEW,
  environment: 'production',
  'environment-url': 'https://megilance.example',
  'github-token': 'ghs_token',
  'rollback-on-failure': 'false'
}

beforeEach(() => {
  ecs.reset()
  ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: registered(41) })
  ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: registered(42) })
  ecs.on(UpdateServiceCommand).resolves({ service: rolling({}) })
  ecs
    .on(ListServiceDeploymentsCommand)
    .rejects(Object.assign(new Error('x'), { name: 'UnknownOperationException' }))
  ecs.on(ListTasksCommand).resolves({ taskArns: [] })
  ecs.on(TagResourceCommand).resolves({})
})

describe('GitHub Deployments', () => {
  it('records in_progress then success, with the environment URL and the run log URL', async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady()] })
      .resolves({
        services: [completed(NEW_ID, 42)]
      })
    const gh = recorder()
    const r = await runAction(inputs, () => run(fakeRuntime({ github: gh.client })))
    expect(r.outputs.outcome).toBe('succeeded')
    expect(gh.calls[0]).toMatchObject({
      call: 'createDeployment',
      params: {
        owner: 'megilance',
        repo: 'megilance',
        ref: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
        environment: 'production'
      }
    })
    expect(gh.states()).toEqual(['in_progress', 'success'])
    expect(gh.calls[2]!.params).toMatchObject({
      deployment_id: 77,
      environment_url: 'https://megilance.example',
      log_url: 'https://github.com/megilance/megilance/actions/runs/4242'
    })
  })

  it('records failure when the rollout fails', async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady()] })
      .resolves({ services: [rolling({ failedTasks: 3 })] })
    const gh = recorder()
    const r = await runAction(inputs, () => run(fakeRuntime({ github: gh.client })))
    expect(r.outputs.outcome).toBe('failed')
    expect(gh.states()).toEqual(['in_progress', 'failure'])
  })

  it('warns and deploys anyway without the permission', async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady()] })
      .resolves({
        services: [completed(NEW_ID, 42)]
      })
    const gh = recorder(true)
    const r = await runAction(inputs, () => run(fakeRuntime({ github: gh.client })))
    expect(r.failed).toBe(false)
    expect(r.outputs.outcome).toBe('succeeded')
    expect(gh.states()).toEqual([])
    expect(r.log).toMatch(
      /::warning title=GitHub deployment::Could not create a GitHub deployment for environment "production" \(HTTP 403: Resource not accessible by integration\)/
    )
    expect(r.log).not.toContain('ghs_token')
  })
})
