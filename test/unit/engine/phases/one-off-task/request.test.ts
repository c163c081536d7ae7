import { describe, expect, it } from '@jest/globals'
import type { RunTaskCommandInput, Service, TaskSet } from '@aws-sdk/client-ecs'
import { InputError } from '../../../../../src/shared/parse.js'
import {
  chooseContainer,
  describeRunTask,
  parseRunTaskCommand,
  runTaskClientToken,
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

  it.each<[string, Partial<TaskSet>, Partial<RunTaskCommandInput>]>([
    [
      'its capacity providers',
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] },
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }
    ],
    [
      'its launch type, over the service strategy',
      { launchType: 'FARGATE' },
      { launchType: 'FARGATE' }
    ],
    [
      'neither: the service strategy',
      {},
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }] }
    ]
  ])(
    'CODE_DEPLOY: the PRIMARY task set decides, not the service or an ACTIVE set: %s',
    (_, own, sent) => {
      const moved = {
        awsvpcConfiguration: {
          subnets: ['subnet-9'],
          securityGroups: ['sg-9'],
          assignPublicIp: 'ENABLED' as const
        }
      }
      const request = runTaskRequest(
        plan({
          serviceName: 's',
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }],
          platformVersion: 'LATEST',
          networkConfiguration: network,
          deployments: [],
          taskSets: [
            { status: 'ACTIVE', platformVersion: '1.3.0', launchType: 'EC2' },
            { status: 'PRIMARY', platformVersion: '1.4.0', networkConfiguration: moved, ...own }
          ]
        })
      )
      const { capacityProviderStrategy, launchType, networkConfiguration, platformVersion } =
        request
      expect({
        capacityProviderStrategy,
        launchType,
        networkConfiguration,
        platformVersion
      }).toEqual({
        capacityProviderStrategy: undefined,
        launchType: undefined,
        networkConfiguration: moved,
        platformVersion: '1.4.0',
        ...sent
      })
    }
  )

  it('startedBy keeps to the characters and length RunTask allows', () => {
    expect(startedBy('api.v2')).toBe('ecs-deploy/run-task/api-v2')
    expect(startedBy('x'.repeat(200))).toHaveLength(128)
  })
})

describe('runTaskClientToken: one task per run attempt and revision', () => {
  const arn = (family: string, revision = 42) =>
    `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`
  const run = { id: '9000000001', attempt: '2' }
  const valid = (token: string) => token.length <= 64 && /^[\x21-\x7e]+$/.test(token)

  it('the run, its attempt and the revision', () => {
    expect(runTaskClientToken(run, arn('megilance-backend'))).toBe(
      '9000000001-2-megilance-backend:42'
    )
  })

  it('the same for every call of the attempt; another attempt or revision, another token', () => {
    const token = runTaskClientToken(run, arn('api'))
    expect(runTaskClientToken({ ...run }, arn('api'))).toBe(token)
    expect(runTaskClientToken({ ...run, attempt: '3' }, arn('api'))).not.toBe(token)
    expect(runTaskClientToken(run, arn('api', 43))).not.toBe(token)
  })

  it('a long family: 64 characters in the range 33-126, still told apart', () => {
    const a = runTaskClientToken(run, arn(`${'f'.repeat(250)}a`))
    const b = runTaskClientToken(run, arn(`${'f'.repeat(250)}b`))
    expect(valid(a)).toBe(true)
    expect(a).toHaveLength(64)
    expect(a.startsWith('9000000001-2-fff')).toBe(true)
    expect(a).not.toBe(b)
  })

  it('outside a CI run: none (the SDK makes one per call)', () => {
    expect(runTaskClientToken({}, arn('api'))).toBe('')
    expect(runTaskClientToken({ id: '', attempt: '1' }, arn('api'))).toBe('')
  })

  it('no attempt given: attempt 1', () => {
    expect(runTaskClientToken({ id: '7' }, arn('api'))).toBe('7-1-api:42')
  })

  it('sent with RunTask when there is one, left out when there is none', () => {
    const base = {
      cluster: 'c',
      service: { serviceName: 's', launchType: 'EC2' as const },
      taskDefinitionArn: arn('api'),
      container: 'api',
      command: ['true'],
      tags: []
    }
    expect(runTaskRequest({ ...base, clientToken: '7-1-api:42' }).clientToken).toBe('7-1-api:42')
    expect('clientToken' in runTaskRequest({ ...base, clientToken: '' })).toBe(false)
  })
})

describe('describeRunTask: what the log says runs', () => {
  it('the command readable, what may hold a credential shown as ***', () => {
    const request = runTaskRequest({
      cluster: 'c',
      service: { serviceName: 's', launchType: 'FARGATE' },
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:7',
      container: 'api',
      command: ['sh', '-c', 'DATABASE_URL=postgres://app:hunter2@db/app alembic upgrade head'],
      tags: []
    })
    const text = describeRunTask(request)
    expect(text).toContain(
      'container api runs ["sh","-c","DATABASE_URL=postgres://app:***@db/app alembic upgrade head"]'
    )
    expect(text).not.toContain('hunter2')
    // What ECS is sent keeps the command whole.
    expect(request.overrides?.containerOverrides?.[0]?.command?.[2]).toContain('hunter2')
  })
})
