import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { InputError } from '../../../../../src/shared/parse.js'
import {
  chooseContainer,
  parseRunTaskCommand,
  runTaskRequest,
  startedBy
} from '../../../../../src/engine/phases/one-off-task/request.js'

describe('parseRunTaskCommand', () => {
  it.each([
    ['', undefined],
    ['alembic upgrade head', ['sh', '-c', 'alembic upgrade head']],
    ['["alembic", "upgrade", "head"]', ['alembic', 'upgrade', 'head']],
    ['  python -m app.migrate && echo done  ', ['sh', '-c', 'python -m app.migrate && echo done']]
  ])('%j → %j', (text, expected) => {
    expect(parseRunTaskCommand('run-task-command', text)).toEqual(expected)
  })

  it.each(['[alembic upgrade head]', '[]', '["alembic", 3]', '[{"a":1}]'])(
    '%s: an error naming the input',
    text => {
      expect(() => parseRunTaskCommand('run-task-command', text)).toThrow(InputError)
      expect(() => parseRunTaskCommand('run-task-command', text)).toThrow(
        'Input "run-task-command"'
      )
    }
  )
})

describe('chooseContainer', () => {
  const td = {
    family: 'megilance-backend',
    containerDefinitions: [{ name: 'backend' }, { name: 'xray', essential: false }]
  }
  it.each([
    ['run-task-container wins', 'xray', 'backend', 'xray'],
    ['else container-name', '', 'backend', 'backend'],
    ['else the only essential container', '', '', 'backend']
  ])('%s', (_, runTaskContainer, containerName, expected) => {
    expect(chooseContainer(td, runTaskContainer, containerName)).toBe(expected)
  })

  it('a container that is not there, or two essential ones: an error naming the input', () => {
    expect(() => chooseContainer(td, 'api', '')).toThrow(
      /Input "run-task-container": container "api"/
    )
    expect(() => chooseContainer(td, '', 'api')).toThrow(/Input "container-name"/)
    expect(() =>
      chooseContainer({ containerDefinitions: [{ name: 'a' }, { name: 'b' }] }, '', '')
    ).toThrow(/2 essential containers \(a, b\)/)
  })
})

describe('runTaskRequest: the service network, launch type or capacity providers, platform version', () => {
  const network = {
    awsvpcConfiguration: {
      subnets: ['subnet-1'],
      securityGroups: ['sg-1'],
      assignPublicIp: 'DISABLED' as const
    }
  }
  const plan = (service: Service) => ({
    cluster: 'megilance-cluster',
    service,
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:42',
    container: 'backend',
    command: ['alembic', 'upgrade', 'head'],
    tags: [{ key: 'ecs-deploy-actions:commit', value: 'abc' }]
  })

  it('a Fargate service', () => {
    expect(
      runTaskRequest(
        plan({
          serviceName: 'megilance-backend',
          launchType: 'FARGATE',
          platformVersion: '1.4.0',
          networkConfiguration: network
        })
      )
    ).toEqual({
      cluster: 'megilance-cluster',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:42',
      count: 1,
      startedBy: 'ecs-deploy/run-task/megilance-backend',
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: network,
      overrides: {
        containerOverrides: [{ name: 'backend', command: ['alembic', 'upgrade', 'head'] }]
      },
      tags: [{ key: 'ecs-deploy-actions:commit', value: 'abc' }]
    })
  })

  it('a capacity provider strategy: sent, and no launch type with it', () => {
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
    const request = runTaskRequest(
      plan({
        serviceName: 's',
        launchType: 'FARGATE',
        capacityProviderStrategy: strategy,
        networkConfiguration: network
      })
    )
    expect(request.capacityProviderStrategy).toEqual(strategy)
    expect(request.launchType).toBeUndefined()
  })

  it('what the service leaves out comes from its PRIMARY deployment; nothing is invented', () => {
    const request = runTaskRequest(
      plan({
        serviceName: 's',
        deployments: [{ status: 'PRIMARY', launchType: 'EC2', networkConfiguration: network }]
      })
    )
    expect(request.launchType).toBe('EC2')
    expect(request.networkConfiguration).toEqual(network)
    expect(request.platformVersion).toBeUndefined()
  })

  it('startedBy keeps to the characters and length RunTask allows', () => {
    expect(startedBy('api.v2')).toBe('ecs-deploy/run-task/api-v2')
    expect(startedBy('x'.repeat(200))).toHaveLength(128)
  })
})
