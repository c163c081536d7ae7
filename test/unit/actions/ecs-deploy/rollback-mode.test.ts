import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import { STEP, deployStep, servicesShow } from '../../../support/deploy-step.js'
import {
  ROLLBACK_ID,
  T0,
  completed,
  deployment,
  registered,
  service,
  steady,
  tdArn
} from '../../../support/ecs-fixtures.js'

/* mode: rollback through the whole step: which revision it picks, and what it refuses. */

const { ecs, run } = deployStep()
const base = { ...STEP, mode: 'rollback' }

/** The rollback's UpdateService starts a deployment of `revision`, which then completes. */
function rollsBackTo(revision: number) {
  ecs.on(UpdateServiceCommand).resolves({
    service: service({
      deployments: [deployment({ id: ROLLBACK_ID, taskDefinition: tdArn(revision) })]
    })
  })
  servicesShow(ecs, steady(), completed(ROLLBACK_ID, revision))
}

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
    rollsBackTo(39)
    const r = await run(base)
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
    rollsBackTo(39)
    const r = await run(base)
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
    const r = await run(base)
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
    const r = await run({ ...base, 'dry-run': 'true' })
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
    const r = await run({ ...base, 'rollback-to': to })
    expect(r.failed).toBe(true)
    expect(r.log).toMatch(error)
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand)
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand)
  })
})
