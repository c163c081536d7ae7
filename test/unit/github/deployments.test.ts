import { beforeEach, describe, expect, it } from '@jest/globals'
import type { DeploymentsClient } from '../../../src/github/deployments.js'
import { BACKEND, deployStep, servicesShow, stubRollout } from '../../support/deploy-step.js'
import { NEW_ID, completed, rolling, steady } from '../../support/ecs-fixtures.js'

const { ecs, run } = deployStep()

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
  ...BACKEND,
  environment: 'production',
  'environment-url': 'https://megilance.example',
  'github-token': 'ghs_token',
  'rollback-on-failure': 'false'
}

beforeEach(() => stubRollout(ecs))

describe('GitHub Deployments', () => {
  it('records in_progress then success, with the environment URL and the run log URL', async () => {
    servicesShow(ecs, steady(), completed(NEW_ID, 42))
    const gh = recorder()
    const r = await run(inputs, { github: gh.client })
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
    servicesShow(ecs, steady(), rolling({ failedTasks: 3 }))
    const gh = recorder()
    const r = await run(inputs, { github: gh.client })
    expect(r.outputs.outcome).toBe('failed')
    expect(gh.states()).toEqual(['in_progress', 'failure'])
  })

  it('warns and deploys anyway without the permission', async () => {
    servicesShow(ecs, steady(), completed(NEW_ID, 42))
    const gh = recorder(true)
    const r = await run(inputs, { github: gh.client })
    expect(r.failed).toBe(false)
    expect(r.outputs.outcome).toBe('succeeded')
    expect(gh.states()).toEqual([])
    expect(r.log).toMatch(
      /::warning title=GitHub deployment::Could not create a GitHub deployment for environment "production" \(HTTP 403: Resource not accessible by integration\)/
    )
    expect(r.log).not.toContain('ghs_token')
  })
})
