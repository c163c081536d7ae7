import { describe, expect, it } from '@jest/globals'
import { judgeRollout, type RolloutTarget } from '../../../src/ecs-deploy/rollout.js'
import { nearestServiceDeployment } from '../../../src/ecs-deploy/rollout-source.js'
import {
  NEW_ID,
  OLD_ID,
  ROLLBACK_ID,
  deployment,
  rolling,
  service,
  tdArn
} from '../../support/ecs-fixtures.js'

const target: RolloutTarget = {
  deploymentId: NEW_ID,
  taskDefinitionArn: tdArn(42),
  previousTaskDefinitionArn: tdArn(41),
  maxFailedTasks: 3
}
const cb = { enable: true, rollback: true }

describe('judgeRollout', () => {
  it.each([
    ['in progress', rolling({ runningCount: 1 }), undefined],
    [
      'COMPLETED but not every task running yet',
      rolling({ runningCount: 1, rolloutState: 'COMPLETED' }),
      undefined
    ],
    ['COMPLETED at count', rolling({ runningCount: 2, rolloutState: 'COMPLETED' }), 'succeeded'],
    ['failed tasks under the limit', rolling({ failedTasks: 2 }), undefined],
    ['failed tasks at the limit, no circuit breaker', rolling({ failedTasks: 3 }), 'failed-tasks'],
    [
      'failed tasks at the limit, circuit breaker on (ECS decides)',
      rolling({ failedTasks: 3 }, { circuitBreaker: cb }),
      undefined
    ],
    [
      'circuit breaker FAILED',
      rolling(
        { rolloutState: 'FAILED', rolloutStateReason: 'tasks failed' },
        { circuitBreaker: cb }
      ),
      'circuit-breaker'
    ]
  ] as const)('%s', (_name, svc, expected) => {
    const v = judgeRollout({ service: svc }, target)
    if (expected === undefined) expect(v).toBeUndefined()
    else if (expected === 'succeeded') expect(v?.status).toBe('succeeded')
    else expect(v).toMatchObject({ status: 'failed', kind: expected })
  })

  it('tells ECS rolling back apart from being superseded when FAILED was missed between polls', () => {
    const svc = service({
      deployments: [
        deployment({ id: ROLLBACK_ID, taskDefinition: tdArn(41) }),
        deployment({ id: NEW_ID, taskDefinition: tdArn(42), status: 'ACTIVE' })
      ],
      circuitBreaker: cb
    })
    expect(judgeRollout({ service: svc }, target)).toMatchObject({
      kind: 'circuit-breaker',
      ecsRollingBack: true
    })
    const noBreaker = service({ deployments: svc.deployments! })
    expect(judgeRollout({ service: noBreaker }, target)).toMatchObject({
      kind: 'superseded',
      supersededBy: ROLLBACK_ID
    })
  })

  it('follows our deployment by id when two deployments run the same task definition', () => {
    const svc = service({
      deployments: [
        deployment({
          id: 'ecs-svc/other',
          taskDefinition: tdArn(42),
          runningCount: 2,
          rolloutState: 'COMPLETED'
        }),
        deployment({ id: NEW_ID, taskDefinition: tdArn(42), status: 'ACTIVE', runningCount: 0 })
      ]
    })
    expect(judgeRollout({ service: svc }, target)).toMatchObject({
      status: 'failed',
      kind: 'superseded',
      supersededBy: 'ecs-svc/other'
    })
  })

  it('a circuit breaker without rollback fails the deploy and leaves the rollback to us', () => {
    const svc = rolling(
      { rolloutState: 'FAILED' },
      { circuitBreaker: { enable: true, rollback: false } }
    )
    expect(judgeRollout({ service: svc }, target)).toMatchObject({
      kind: 'circuit-breaker',
      ecsRollingBack: false
    })
  })

  it('reads the service deployment status where it is there', () => {
    const svc = rolling({ runningCount: 2 })
    expect(
      judgeRollout({ service: svc, serviceDeployment: { status: 'SUCCESSFUL' } }, target)?.status
    ).toBe('succeeded')
    expect(
      judgeRollout({ service: svc, serviceDeployment: { status: 'ROLLBACK_SUCCESSFUL' } }, target)
    ).toMatchObject({ ecsRollingBack: true })
    expect(
      judgeRollout(
        {
          service: rolling({}),
          serviceDeployment: { status: 'STOPPED', statusReason: 'stopped by user' }
        },
        target
      )
    ).toMatchObject({ kind: 'stopped' })
  })

  it('keeps waiting while the old deployment drains', () => {
    expect(
      judgeRollout({ service: rolling({ runningCount: 2 }) }, { ...target, deploymentId: OLD_ID })
    ).toMatchObject({ kind: 'superseded' })
  })
})

describe('nearestServiceDeployment', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s))
  it('takes the service deployment created with ours, not a failed one just before nor a newer one', () => {
    const briefs = [
      { serviceDeploymentArn: 'failed-deploy', createdAt: at(0) },
      { serviceDeploymentArn: 'our-rollback', createdAt: at(4) },
      { serviceDeploymentArn: 'newer', createdAt: at(30) }
    ]
    expect(nearestServiceDeployment(briefs, at(3))).toBe('our-rollback')
    expect(nearestServiceDeployment([], at(3))).toBeUndefined()
  })
})

describe('eventsSince', () => {
  it('lists the events since the deploy began, oldest first, keeping same-second events in order', async () => {
    const { eventsSince } = await import('../../../src/ecs-deploy/diagnose.js')
    const t = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s))
    // as ECS answers: newest first
    const events = [
      { createdAt: t(5), message: 'task A failed container health checks.' },
      { createdAt: t(5), message: 'has started 1 tasks: (task A).' },
      { createdAt: t(1), message: 'has reached a steady state.' }
    ]
    expect(eventsSince(service({ deployments: [], events }), t(2))).toEqual([
      '10:00:05Z has started 1 tasks: (task A).',
      '10:00:05Z task A failed container health checks.'
    ])
  })
})
