import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { run } from '../../../src/ecs-deploy/main.js'
import {
  pickPreviousRevision,
  pickSuccessfulDeployment,
  runningIfGood
} from '../../../src/ecs-deploy/rollback-target.js'
import { runAction } from '../../support/action-env.js'
import {
  CLUSTER,
  REGION,
  ROLLBACK_ID,
  SERVICE,
  T0,
  completed,
  deployment,
  registered,
  service,
  steady,
  tdArn
} from '../../support/ecs-fixtures.js'
import { fakeRuntime } from '../../support/fake-runtime.js'

describe('pickPreviousRevision', () => {
  it('skips a failed revision for the newest earlier one that succeeded', () => {
    const picked = pickPreviousRevision(
      [
        { arn: 'a:40', revision: 40, outcome: 'succeeded' },
        { arn: 'a:39', revision: 39, outcome: 'succeeded' },
        { arn: 'a:40b', revision: 40.5, outcome: 'failed' }
      ],
      41
    )
    expect(picked?.revision).toBe(40)
  })
  it('without tags picks none: an untagged revision may never have run well', () => {
    expect(
      pickPreviousRevision(
        [
          { arn: 'a:39', revision: 39, outcome: undefined },
          { arn: 'a:40', revision: 40, outcome: undefined }
        ],
        41
      )
    ).toBeUndefined()
  })
  it('never picks the running revision or a newer one', () => {
    expect(
      pickPreviousRevision(
        [
          { arn: 'a:41', revision: 41, outcome: 'succeeded' },
          { arn: 'a:42', revision: 42, outcome: 'succeeded' }
        ],
        41
      )
    ).toBeUndefined()
  })
})

describe('runningIfGood: deploy mode goes back to what ran when it began only if that was good', () => {
  it.each([
    ['steady, untagged', { arn: tdArn(41), outcome: undefined, steady: true }, tdArn(41)],
    ['steady, tagged succeeded', { arn: tdArn(41), outcome: 'succeeded', steady: true }, tdArn(41)],
    [
      'still rolling out, tagged succeeded',
      { arn: tdArn(41), outcome: 'succeeded', steady: false },
      tdArn(41)
    ],
    [
      'still rolling out, untagged',
      { arn: tdArn(41), outcome: undefined, steady: false },
      undefined
    ],
    [
      'steady but tagged failed (its health check failed)',
      { arn: tdArn(41), outcome: 'failed', steady: true },
      undefined
    ],
    ['nothing running', { arn: undefined, outcome: undefined, steady: false }, undefined]
  ])('%s', (_name, running, expected) => {
    expect(runningIfGood(running)).toBe(expected)
  })
})

describe('pickSuccessfulDeployment: the newest SUCCESSFUL service deployment ECS reports', () => {
  const at = (m: number) => new Date(T0 + m * 60000)
  it.each([
    [
      'the newest one',
      [
        { createdAt: at(1), taskDefinitionArn: tdArn(39) },
        { createdAt: at(5), taskDefinitionArn: tdArn(40) }
      ],
      [],
      tdArn(40)
    ],
    [
      'never an excluded one (the running one, ours)',
      [
        { createdAt: at(1), taskDefinitionArn: tdArn(39) },
        { createdAt: at(5), taskDefinitionArn: tdArn(41) }
      ],
      [tdArn(41)],
      tdArn(39)
    ],
    [
      'never another family',
      [{ createdAt: at(5), taskDefinitionArn: tdArn(3, 'other') }],
      [],
      undefined
    ],
    ['none', [], [], undefined]
  ])('%s', (_name, deployments, exclude, expected) => {
    expect(pickSuccessfulDeployment(deployments, 'megilance-backend', exclude)).toBe(expected)
  })
})

const ecs = mockClient(ECSClient)
const base = { 'aws-region': REGION, cluster: CLUSTER, service: SERVICE, mode: 'rollback' }

describe('rollback mode', () => {
  beforeEach(() => {
    ecs.reset()
    ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [] })
    ecs.on(DescribeTaskDefinitionCommand).callsFake(input => {
      const name = String(input.taskDefinition)
      if (name.includes('other-family'))
        return {
          taskDefinition: {
            ...registered(7),
            family: 'other-family',
            taskDefinitionArn: tdArn(7, 'other-family')
          }
        }
      const revision = Number(/:(\d+)$/.exec(name)?.[1])
      return {
        taskDefinition: registered(
          revision,
          undefined,
          revision === 38 ? { status: 'INACTIVE' } : {}
        )
      }
    })
  })

  it('previous: goes back past a failed revision to the last one that succeeded, registering nothing', async () => {
    ecs
      .on(ListTaskDefinitionsCommand)
      .resolves({ taskDefinitionArns: [tdArn(41), tdArn(40), tdArn(39), tdArn(38)] })
    ecs.on(ListTagsForResourceCommand).callsFake(input => ({
      tags: [
        {
          key: 'ecs-deploy-actions:outcome',
          value: String(input.resourceArn).endsWith(':40') ? 'failed' : 'succeeded'
        }
      ]
    }))
    ecs.on(UpdateServiceCommand).resolves({
      service: service({
        deployments: [deployment({ id: ROLLBACK_ID, taskDefinition: tdArn(39) })]
      })
    })
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady()] })
      .resolves({
        services: [completed(ROLLBACK_ID, 39)]
      })
    const r = await runAction(base, () => run(fakeRuntime()))
    expect(r.failed).toBe(false)
    expect(r.outputs).toMatchObject({
      outcome: 'succeeded',
      'task-definition-arn': tdArn(39),
      'previous-task-definition-arn': tdArn(41),
      'deployment-id': ROLLBACK_ID
    })
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { taskDefinition: tdArn(39) })
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
    expect(r.log).toContain('previous → megilance-backend:39 (outcome tag: succeeded)')
    // the running revision and the target, each read once
    expect(ecs).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 2)
    expect(r.summary).toContain('Rollback of `megilance-backend`')
  })

  it('previous without any tags: the revision of the newest service deployment ECS reports SUCCESSFUL', async () => {
    ecs
      .on(ListTaskDefinitionsCommand)
      .resolves({ taskDefinitionArns: [tdArn(41), tdArn(40), tdArn(39)] })
    ecs.on(ListTagsForResourceCommand).resolves({ tags: [] })
    ecs.on(ListServiceDeploymentsCommand).resolves({
      serviceDeployments: [
        {
          createdAt: new Date(T0 - 3600_000),
          status: 'SUCCESSFUL',
          targetServiceRevisionArn: 'rev-41'
        },
        {
          createdAt: new Date(T0 - 7200_000),
          status: 'SUCCESSFUL',
          targetServiceRevisionArn: 'rev-39'
        }
      ]
    })
    ecs.on(DescribeServiceRevisionsCommand).callsFake(input => ({
      serviceRevisions: [
        { taskDefinition: tdArn(Number(String(input.serviceRevisionArns[0]).slice(4))) }
      ]
    }))
    ecs.on(UpdateServiceCommand).resolves({
      service: service({
        deployments: [deployment({ id: ROLLBACK_ID, taskDefinition: tdArn(39) })]
      })
    })
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [steady()] })
      .resolves({
        services: [completed(ROLLBACK_ID, 39)]
      })
    const r = await runAction(base, () => run(fakeRuntime()))
    expect(r.outputs['task-definition-arn']).toBe(tdArn(39)) // :40 never succeeded, :41 runs
    expect(ecs).toHaveReceivedCommandWith(ListServiceDeploymentsCommand, { status: ['SUCCESSFUL'] })
    expect(r.log).toContain(
      'previous → megilance-backend:39 (the newest service deployment ECS reports SUCCESSFUL)'
    )
  })

  it('previous with neither tags nor SUCCESSFUL deployments: refused, no write', async () => {
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [tdArn(41), tdArn(40)] })
    ecs.on(ListTagsForResourceCommand).resolves({ tags: [] })
    ecs.on(DescribeServicesCommand).resolves({ services: [steady()] })
    const r = await runAction(base, () => run(fakeRuntime()))
    expect(r.failed).toBe(true)
    expect(r.log).toContain('no earlier revision of megilance-backend is known to have succeeded')
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
  })

  it('dry-run: names the target and what would change, and writes nothing', async () => {
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [tdArn(41), tdArn(40)] })
    ecs.on(ListTagsForResourceCommand).resolves({
      tags: [{ key: 'ecs-deploy-actions:outcome', value: 'succeeded' }]
    })
    ecs.on(DescribeServicesCommand).resolves({ services: [steady()] })
    const r = await runAction({ ...base, 'dry-run': 'true' }, () => run(fakeRuntime()))
    expect(r.failed).toBe(false)
    expect(r.outputs).toMatchObject({ outcome: 'dry-run', 'task-definition-arn': tdArn(40) })
    expect(r.log).toContain('dry-run: the service is not rolled back to megilance-backend:40.')
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
  })

  it.each([
    [
      'another family',
      tdArn(7, 'other-family'),
      /is of family "other-family", but the service runs family "megilance-backend"/
    ],
    [
      'an INACTIVE revision',
      '38',
      /megilance-backend:38 is INACTIVE; only an ACTIVE revision can run/
    ],
    ['the running revision', '41', /megilance-backend:41 is already what the service runs/]
  ])('refuses %s with no write', async (_name, to, error) => {
    ecs.on(DescribeServicesCommand).resolves({ services: [steady()] }) // runs :41
    const r = await runAction({ ...base, 'rollback-to': to }, () => run(fakeRuntime()))
    expect(r.failed).toBe(true)
    expect(r.log).toMatch(error)
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
  })
})
