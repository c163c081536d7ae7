import { describe, expect, it } from '@jest/globals'
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { labelOf, noteDeployments, type DeploymentServices } from '../../../src/cli/labels.js'
import { ecsApi } from '../../support/aws-apis.js'

describe("each live line carries its service: deployments noted from UpdateService's answers", () => {
  it('UpdateService answers → its PRIMARY deployment is the service’s; other calls pass through', async () => {
    const ecs = mockClient(ECSClient)
    ecs.on(UpdateServiceCommand).resolves({
      service: {
        serviceName: 'api',
        deployments: [
          { id: 'ecs-svc/222', status: 'PRIMARY' },
          { id: 'ecs-svc/111', status: 'ACTIVE' }
        ]
      }
    })
    const seen: DeploymentServices = new Map()
    const api = noteDeployments(ecsApi(), seen)
    const service = await api.updateService({
      cluster: 'prod',
      service: 'api',
      taskDefinition: 'api:2',
      forceNewDeployment: false
    })
    expect(service.serviceName).toBe('api')
    expect([...seen]).toEqual([['ecs-svc/222', 'api']])
    expect(await api.describeTasks('prod', [])).toEqual([]) // bound to the API itself
    ecs.restore()
  })

  it.each([
    ['Watch deployment ecs-svc/222', 'api'],
    ["Watch ECS's rollback of ecs-svc/222", 'api'],
    ['Watch deployment ecs-svc/999', 'deployment ecs-svc/999'],
    ['Watch the deployment to its end', 'the deployment to its end']
  ])('%s → %s', (group, label) => {
    expect(labelOf(new Map([['ecs-svc/222', 'api']]), group)).toBe(label)
  })
})
