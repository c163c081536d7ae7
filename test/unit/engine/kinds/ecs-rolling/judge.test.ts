import { describe, expect, it } from '@jest/globals'
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import {
  judgeEcsRollback,
  judgeRolling
} from '../../../../../src/engine/kinds/ecs-rolling/judge.js'
import {
  NEW_ID,
  OLD_ID,
  ROLLBACK_ID,
  T0,
  deployment,
  rolling,
  service,
  steady,
  tdArn
} from '../../../../support/ecs-fixtures.js'
import { FOLLOWED, TARGET, said } from '../../../../support/rollout-fixtures.js'

/*
 * The verdict on a rolling deployment and on ECS's own rollback of it, as tables of service reads.
 * Over 250 lines: one table per judge (judgeRolling, judgeEcsRollback), read top to bottom.
 */

const cb = { enable: true, rollback: true }
/** The configurable breaker (July 2026): ECS counts 10 failures, never reset by a healthy task. */
const configured = {
  ...cb,
  thresholdConfiguration: { type: 'COUNT' as const, value: 10 },
  resetOnHealthyTask: false
}
const TWIN = 'ecs-svc/4444444444444444444'
const later = new Date(T0 + 30_000)
const ours = FOLLOWED
const target = TARGET

/** Our deployment gone, `primary` in its place (created 30 s after ours), ours optionally ACTIVE. */
function replacedBy(
  taskDefinition: string,
  id = TWIN,
  keepOurs = false,
  circuitBreaker = cb
): Service {
  return service({
    deployments: [
      deployment({ id, taskDefinition, createdAt: later, runningCount: 1 }),
      ...(keepOurs ? [deployment({ id: NEW_ID, taskDefinition: tdArn(42), status: 'ACTIVE' })] : [])
    ],
    circuitBreaker
  })
}

describe('judgeRolling: the verdict on our rolling deployment', () => {
  it.each<
    [string, Service, Partial<{ sd: ServiceDeployment; stopped: number; seen: boolean }>, string]
  >([
    ['in progress', rolling({ runningCount: 1 }), {}, 'pending'],
    [
      'COMPLETED, not every task running yet',
      rolling({ runningCount: 1, rolloutState: 'COMPLETED' }),
      {},
      'pending'
    ],
    [
      'COMPLETED at count',
      rolling({ runningCount: 2, rolloutState: 'COMPLETED' }),
      {},
      'succeeded'
    ],
    [
      'the service deployment SUCCESSFUL at count',
      rolling({ runningCount: 2 }),
      { sd: { status: 'SUCCESSFUL' } },
      'succeeded'
    ],
    ['stopped tasks under the limit', rolling({}), { stopped: 2 }, 'pending'],
    [
      'stopped tasks at the limit, no circuit breaker',
      rolling({}),
      { stopped: 3 },
      'failed:failed-tasks'
    ],
    [
      'failedTasks reset to 0 by a running task, our stopped tasks at the limit',
      rolling({ runningCount: 1, failedTasks: 0 }),
      { stopped: 3 },
      'failed:failed-tasks'
    ],
    [
      'failedTasks alone when tasks are not counted',
      rolling({ failedTasks: 3 }),
      {},
      'failed:failed-tasks'
    ],
    [
      'stopped tasks at the limit, circuit breaker on (ECS decides)',
      rolling({}, { circuitBreaker: cb }),
      { stopped: 5 },
      'pending'
    ],
    [
      'the configurable breaker (COUNT 10, resetOnHealthyTask false): 5 stopped, past max-failed-tasks, ECS decides',
      rolling({ runningCount: 1, failedTasks: 5 }, { circuitBreaker: configured }),
      { stopped: 5 },
      'pending'
    ],
    [
      'the configurable breaker FAILED the deployment at its threshold, ECS rolls back',
      rolling(
        { rolloutState: 'FAILED', rolloutStateReason: 'tasks failed', failedTasks: 10 },
        { circuitBreaker: configured }
      ),
      { stopped: 10 },
      'failed:circuit-breaker+ecs'
    ],
    [
      'circuit breaker FAILED, ECS rolls back',
      rolling(
        { rolloutState: 'FAILED', rolloutStateReason: 'tasks failed' },
        { circuitBreaker: cb }
      ),
      {},
      'failed:circuit-breaker+ecs'
    ],
    [
      'circuit breaker FAILED, no rollback by ECS',
      rolling({ rolloutState: 'FAILED' }, { circuitBreaker: { enable: true, rollback: false } }),
      {},
      'failed:circuit-breaker'
    ],
    [
      'the service deployment ROLLBACK_IN_PROGRESS',
      rolling({}),
      { sd: { status: 'ROLLBACK_IN_PROGRESS' } },
      'failed:circuit-breaker+ecs'
    ],
    [
      'the service deployment ROLLBACK_FAILED',
      rolling({}),
      { sd: { status: 'ROLLBACK_FAILED' } },
      'failed:circuit-breaker+ecs'
    ],
    [
      'the service deployment STOPPED',
      rolling({}),
      { sd: { status: 'STOPPED', statusReason: 'stopped by user' } },
      'failed:stopped'
    ],
    // Stale reads: ECS reads lag writes ("the result of an API command you run that affects your
    // Amazon ECS resources might not be immediately visible to all subsequent commands").
    [
      'a stale read: only the old deployment, older than ours',
      steady(cb),
      { seen: false },
      'stale'
    ],
    ['a stale read after ours was seen', steady(cb), { seen: true }, 'stale'],
    ['a stale read: no deployment at all', service({ deployments: [] }), { seen: false }, 'stale'],
    // ECS's twin: a newer deployment of the same task definition that no other UpdateService started.
    [
      'ECS replaced ours with a twin of the same revision',
      replacedBy(tdArn(42)),
      {},
      `follow:${TWIN}`
    ],
    ['a twin while ours drains ACTIVE', replacedBy(tdArn(42), TWIN, true), {}, `follow:${TWIN}`],
    // Whatever became of the first one's service deployment: what runs is our revision.
    [
      'same revision, our first service deployment STOPPED: the twin is still followed',
      replacedBy(tdArn(42)),
      { sd: { status: 'STOPPED', statusReason: 'a newer service deployment started' } },
      `follow:${TWIN}`
    ],
    [
      'another revision is PRIMARY',
      replacedBy(tdArn(43), TWIN, false, { enable: false, rollback: false }),
      {},
      'failed:superseded'
    ],
    [
      'ECS made its rollback to the previous revision PRIMARY between two polls',
      replacedBy(tdArn(41), ROLLBACK_ID, true),
      {},
      'failed:circuit-breaker+ecs'
    ],
    [
      'the previous revision PRIMARY again without a circuit breaker: someone else deployed it',
      replacedBy(tdArn(41), ROLLBACK_ID, true, { enable: false, rollback: false }),
      {},
      'failed:superseded'
    ]
  ])('%s → %s', (_name, svc, o, expected) => {
    const judged = judgeRolling(
      {
        service: svc,
        ...(o.sd ? { serviceDeployment: o.sd } : {}),
        ...(o.stopped !== undefined ? { stoppedTasks: o.stopped } : {})
      },
      { ...ours, seen: o.seen ?? true }
    )
    expect(said(judged)).toBe(expected)
  })

  it('without createdAt, a read that never showed ours is stale; once seen, another PRIMARY is judged', () => {
    const noTime = { ...ours, target: { ...target, createdAt: undefined } }
    const other = replacedBy(tdArn(43), TWIN, false, { enable: false, rollback: false })
    expect(said(judgeRolling({ service: other }, { ...noTime, seen: false }))).toBe('stale')
    expect(said(judgeRolling({ service: other }, { ...noTime, seen: true }))).toBe(
      'failed:superseded'
    )
  })

  it('judges the twin it follows, not the first id', () => {
    const svc = service({
      deployments: [
        deployment({
          id: TWIN,
          taskDefinition: tdArn(42),
          createdAt: later,
          runningCount: 2,
          rolloutState: 'COMPLETED'
        })
      ]
    })
    expect(said(judgeRolling({ service: svc }, { ...ours, ids: [NEW_ID, TWIN] }))).toBe('succeeded')
  })
})

describe("judgeEcsRollback: ECS's own rollback, to its end", () => {
  const failedOurs = deployment({
    id: NEW_ID,
    taskDefinition: tdArn(42),
    rolloutState: 'FAILED',
    status: 'ACTIVE'
  })
  const back = (d: Parameters<typeof deployment>[0]) =>
    service({
      deployments: [deployment({ ...d, createdAt: later }), failedOurs],
      circuitBreaker: cb
    })
  it.each<[string, Service, ServiceDeployment | undefined, string]>([
    [
      'ROLLBACK_IN_PROGRESS',
      rolling({ rolloutState: 'FAILED' }),
      { status: 'ROLLBACK_IN_PROGRESS' },
      'pending'
    ],
    [
      'ROLLBACK_SUCCESSFUL',
      rolling({ rolloutState: 'FAILED' }),
      { status: 'ROLLBACK_SUCCESSFUL' },
      'succeeded'
    ],
    [
      'ROLLBACK_FAILED',
      rolling({ rolloutState: 'FAILED' }),
      { status: 'ROLLBACK_FAILED', statusReason: 'tasks failed' },
      'failed:rollback-failed'
    ],
    [
      'no service deployment, ECS has not started its rollback yet',
      rolling({ rolloutState: 'FAILED' }, { circuitBreaker: cb }),
      undefined,
      'pending'
    ],
    [
      'no service deployment, the rollback deployment rolling',
      back({ id: ROLLBACK_ID, taskDefinition: tdArn(41), runningCount: 1 }),
      undefined,
      'pending'
    ],
    [
      'no service deployment, the rollback deployment COMPLETED at count',
      back({
        id: ROLLBACK_ID,
        taskDefinition: tdArn(41),
        runningCount: 2,
        rolloutState: 'COMPLETED'
      }),
      undefined,
      'succeeded'
    ],
    [
      'no service deployment, the rollback deployment FAILED',
      back({
        id: ROLLBACK_ID,
        taskDefinition: tdArn(41),
        rolloutState: 'FAILED',
        rolloutStateReason: 'tasks failed to start'
      }),
      undefined,
      'failed:rollback-failed'
    ],
    ['a stale read (only the old steady deployment)', steady(cb), undefined, 'pending']
  ])('%s → %s', (_name, svc, sd, expected) => {
    expect(
      said(judgeEcsRollback({ service: svc, ...(sd ? { serviceDeployment: sd } : {}) }, ours))
    ).toBe(expected)
  })
})

it('keeps OLD_ID in the fixtures distinct from ours', () => {
  expect(OLD_ID).not.toBe(NEW_ID)
})
