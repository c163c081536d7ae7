import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { readStatus } from '../../../src/cli/status.js'
import { statusJson, statusText } from '../../../src/cli/status-view.js'
import { EcrApi } from '../../../src/aws/ecr.js'
import { ecsApi, awsError } from '../../support/aws-apis.js'
import { recordingLog } from '../../support/recording-log.js'

const TD = (n: number, family = 'api') =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${n}`
const SHA = '3f786850e387550fdab836ed7e6dc881de23001b'
const SD = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/api/ABC'

function world() {
  const ecs = mockClient(ECSClient)
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceName: 'api',
        status: 'ACTIVE',
        runningCount: 2,
        desiredCount: 2,
        pendingCount: 0,
        taskDefinition: TD(3),
        deploymentConfiguration: { strategy: 'CANARY' },
        deployments: [
          {
            id: 'ecs-svc/3',
            status: 'PRIMARY',
            taskDefinition: TD(3),
            rolloutState: 'COMPLETED',
            runningCount: 2,
            desiredCount: 2,
            pendingCount: 0
          }
        ]
      }
    ]
  })
  const tags: Record<string, { key: string; value: string }[]> = {
    [TD(3)]: [
      { key: 'ecs-deploy-actions:commit', value: SHA },
      { key: 'ecs-deploy-actions:outcome', value: 'succeeded' }
    ],
    [TD(2)]: [{ key: 'ecs-deploy-actions:outcome', value: 'rolled-back' }],
    [TD(1)]: []
  }
  ecs.on(DescribeTaskDefinitionCommand).callsFake(async input => ({
    taskDefinition: { taskDefinitionArn: input.taskDefinition, containerDefinitions: [] },
    tags: tags[input.taskDefinition as string] ?? []
  }))
  ecs
    .on(ListTaskDefinitionsCommand)
    .resolves({ taskDefinitionArns: [TD(4, 'api-worker'), TD(3), TD(2), TD(1)] })
  ecs.on(ListServiceDeploymentsCommand).resolves({
    serviceDeployments: [{ serviceDeploymentArn: SD, createdAt: new Date('2026-01-01T00:00:00Z') }]
  })
  ecs.on(DescribeServiceDeploymentsCommand).resolves({
    serviceDeployments: [
      {
        serviceDeploymentArn: SD,
        status: 'SUCCESSFUL',
        lifecycleStage: 'CLEAN_UP',
        createdAt: new Date('2026-01-01T00:00:00Z'),
        targetServiceRevision: { requestedProductionTrafficWeight: 100 }
      }
    ]
  })
  return ecs
}

const ecr = { revisionOf: async () => '' } as unknown as EcrApi

describe('status: the service as it stands, from reads alone', () => {
  const ecs = world()
  afterEach(() => {
    ecs.resetHistory()
  })

  it('reads the service, its revision with its commit, its service deployments, the last outcome tags', async () => {
    const { log } = recordingLog()
    const s = await readStatus({ ecs: ecsApi(), ecr, region: 'us-east-1', log }, 'prod', 'api')
    const sent = ecs
      .calls()
      .map(c => (c.args[0] as { constructor: { name: string } }).constructor.name)
    expect(sent.every(name => /^(Describe|List)/.test(name))).toBe(true)
    expect(s.commit).toEqual({ sha: SHA, from: 'its commit tag' })
    expect(s.outcome).toBe('succeeded')
    expect(s.revisions.map(r => [r.arn, r.outcome])).toEqual([
      [TD(3), 'succeeded'],
      [TD(2), 'rolled-back'],
      [TD(1), '']
    ])
    expect(statusText(s, false).split('\n')).toEqual([
      'api in prod (us-east-1)',
      '  status    ACTIVE, 2/2 tasks running, 0 pending',
      '  strategy  CANARY (controller ECS)',
      `  running   api:3, commit ${SHA.slice(0, 12)} (its commit tag), outcome succeeded`,
      '',
      'Deployments',
      '  PRIMARY  ecs-svc/3  api:3  COMPLETED  2/2 running, 0 pending',
      '',
      'Service deployments',
      `  SUCCESSFUL  CLEAN_UP  traffic 100%  2026-01-01T00:00:00.000Z  ${SD}`,
      '',
      'Recent revisions (outcome tags)',
      `  api:3  succeeded  ${SHA.slice(0, 12)}`,
      '  api:2  rolled-back',
      '  api:1  —'
    ])
    expect(JSON.parse(statusJson(s))).toMatchObject({
      service: 'api',
      strategy: 'CANARY',
      'task-definition-arn': TD(3),
      commit: SHA,
      outcome: 'succeeded',
      'service-deployments': [
        { arn: SD, status: 'SUCCESSFUL', stage: 'CLEAN_UP', 'production-traffic': 100 }
      ],
      revisions: [{ outcome: 'succeeded' }, { outcome: 'rolled-back' }, { outcome: '' }]
    })
  })

  it('service deployments that cannot be read are left out, with a line saying why', async () => {
    ecs
      .on(ListServiceDeploymentsCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized'))
    const { log, seen } = recordingLog()
    const s = await readStatus({ ecs: ecsApi(), ecr, region: 'us-east-1', log }, 'prod', 'api')
    expect(s.serviceDeployments).toEqual([])
    expect(seen).toEqual([
      'info The service deployments cannot be read (AccessDeniedException: not authorized).'
    ])
  })
})
