import { describe, expect, it } from '@jest/globals'
import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { describeNative } from '../../../../../src/engine/phases/watch/native-progress.js'
import {
  judgeNative,
  judgeNativeRollback
} from '../../../../../src/engine/phases/watch/native-judge.js'
import { minutesEcsNeeds } from '../../../../../src/engine/phases/watch/native-timing.js'
import { judgeRolling } from '../../../../../src/engine/kinds/ecs-rolling/judge.js'
import { kindFor } from '../../../../../src/engine/kinds/index.js'
import type { WaitUntil } from '../../../../../src/engine/settings/settings.js'
import {
  NEW_ID,
  T0,
  rolling,
  service,
  deployment,
  tdArn
} from '../../../../support/ecs-fixtures.js'
import { FOLLOWED, said } from '../../../../support/rollout-fixtures.js'

/*
 * Service deployments as DescribeServiceDeployments answers them for blue/green, linear and
 * canary services. What they model: lifecycleStage values and their meaning (ServiceDeployment:
 * "BAKE_TIME — The stage when both blue and green service revisions are running simultaneously
 * after the production traffic has shifted."), lifecycleHookDetails with status AWAITING_ACTION
 * for a PAUSE hook (Developer Guide, Pause hooks), alarms.triggeredAlarmNames ("One or more
 * CloudWatch alarm names that have been triggered during the service deployment."), rollback
 * .reason ("The reason the rollback happened."), and the terminal statuses SUCCESSFUL, STOPPED,
 * ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED (Developer Guide, service deployments).
 * Over 250 lines: one table of cases per judge (judgeNative, judgeNativeRollback, describeNative),
 * read top to bottom.
 */

const followed = FOLLOWED
const svc = rolling({ runningCount: 1 })
const ARN =
  'arn:aws:ecs:us-east-1:123456789012:service-deployment/megilance-cluster/megilance-backend/abc'

function sd(o: Partial<ServiceDeployment>): ServiceDeployment {
  return {
    serviceDeploymentArn: ARN,
    status: 'IN_PROGRESS',
    targetServiceRevision: { arn: 'rev-2', requestedTaskCount: 2, runningTaskCount: 2 },
    deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 },
    ...o
  }
}
const pause = { hookId: 'ecs-pause-1', targetType: 'PAUSE', status: 'AWAITING_ACTION' } as const
const lambda = {
  hookId: 'ecs-lambda-1',
  targetType: 'AWS_LAMBDA',
  targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:validate',
  status: 'FAILED'
} as const

describe('judgeNative: the service deployment decides, never a bake in progress', () => {
  it.each<[string, ServiceDeployment | undefined, WaitUntil, string]>([
    ['not listed yet', undefined, 'completed', 'stale'],
    ['PENDING', sd({ status: 'PENDING' }), 'completed', 'pending'],
    ['SCALE_UP', sd({ lifecycleStage: 'SCALE_UP' }), 'completed', 'pending'],
    [
      'PRODUCTION_TRAFFIC_SHIFT',
      sd({ lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' }),
      'completed',
      'pending'
    ],
    [
      'BAKE_TIME, all tasks running: not yet',
      sd({ lifecycleStage: 'BAKE_TIME' }),
      'completed',
      'pending'
    ],
    ['CLEAN_UP: not yet', sd({ lifecycleStage: 'CLEAN_UP' }), 'completed', 'pending'],
    [
      'SUCCESSFUL',
      sd({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' }),
      'completed',
      'succeeded'
    ],
    [
      'BAKE_TIME, wait-until traffic-shifted',
      sd({ lifecycleStage: 'BAKE_TIME' }),
      'traffic-shifted',
      'succeeded'
    ],
    [
      'POST_PRODUCTION_TRAFFIC_SHIFT, traffic-shifted',
      sd({ lifecycleStage: 'POST_PRODUCTION_TRAFFIC_SHIFT' }),
      'traffic-shifted',
      'pending'
    ],
    [
      'PAUSE hook awaiting',
      sd({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT', lifecycleHookDetails: [pause] }),
      'completed',
      'paused'
    ],
    [
      'PAUSE hook continued',
      sd({ lifecycleHookDetails: [{ ...pause, status: 'SUCCEEDED' }] }),
      'completed',
      'pending'
    ],
    [
      'alarm in ALARM, rolling back',
      sd({
        status: 'ROLLBACK_IN_PROGRESS',
        lifecycleStage: 'BAKE_TIME',
        alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['backend-5xx'] }
      }),
      'completed',
      'failed:alarm+ecs'
    ],
    [
      'Lambda hook failed, rolled back',
      sd({ status: 'ROLLBACK_SUCCESSFUL', lifecycleHookDetails: [lambda] }),
      'completed',
      'failed:hook+ecs'
    ],
    ['ROLLBACK_FAILED', sd({ status: 'ROLLBACK_FAILED' }), 'completed', 'failed:ecs-rollback+ecs'],
    [
      'ROLLBACK_REQUESTED',
      sd({ status: 'ROLLBACK_REQUESTED' }),
      'traffic-shifted',
      'failed:ecs-rollback+ecs'
    ],
    [
      'STOPPED',
      sd({ status: 'STOPPED', statusReason: 'a newer service deployment started' }),
      'completed',
      'failed:stopped'
    ],
    ['STOP_REQUESTED', sd({ status: 'STOP_REQUESTED' }), 'completed', 'pending']
  ])('%s → %s', (_name, serviceDeployment, waitUntil, expected) => {
    const judged = judgeNative({ waitUntil })({ service: svc, serviceDeployment }, followed)
    expect(said(judged)).toBe(expected)
  })

  it('a hook this step already answered is not a pause (reads may lag)', () => {
    const judged = judgeNative({ waitUntil: 'completed', answeredHooks: new Set(['ecs-pause-1']) })(
      { service: svc, serviceDeployment: sd({ lifecycleHookDetails: [pause] }) },
      followed
    )
    expect(said(judged)).toBe('pending')
  })

  it('names the alarm, the rollback reason and the circuit breaker count', () => {
    const judged = judgeNative({ waitUntil: 'completed' })(
      {
        service: svc,
        serviceDeployment: sd({
          status: 'ROLLBACK_IN_PROGRESS',
          lifecycleStage: 'BAKE_TIME',
          rollback: { reason: 'CloudWatch alarm went into ALARM' },
          alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['backend-5xx', 'backend-latency'] },
          deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 2, threshold: 10 }
        })
      },
      followed
    )
    expect(judged.kind === 'verdict' && judged.verdict.reason).toBe(
      'ECS rolls the deployment back (ROLLBACK_IN_PROGRESS) at stage BAKE_TIME: CloudWatch alarm went into ALARM; alarms in ALARM: backend-5xx, backend-latency; circuit breaker: 2 failed tasks (threshold 10)'
    )
  })

  it('says plainly that ECS may still roll back when it stops at traffic-shifted', () => {
    const judged = judgeNative({ waitUntil: 'traffic-shifted' })(
      { service: svc, serviceDeployment: sd({ lifecycleStage: 'BAKE_TIME' }) },
      followed
    )
    expect(judged.kind === 'verdict' && judged.verdict.reason).toContain(
      'ECS may still roll the deployment back during the bake time'
    )
  })
})

describe('judgeNativeRollback: ECS rolling our deployment back, to its end', () => {
  it.each<[string, ServiceDeployment['status'], string]>([
    ['requested', 'ROLLBACK_REQUESTED', 'pending'],
    ['in progress', 'ROLLBACK_IN_PROGRESS', 'pending'],
    ['successful', 'ROLLBACK_SUCCESSFUL', 'succeeded'],
    ['failed', 'ROLLBACK_FAILED', 'failed:rollback-failed'],
    ['the deployment succeeded first', 'SUCCESSFUL', 'failed:rollback-failed']
  ])('%s → %s', (_name, status, expected) => {
    expect(said(judgeNativeRollback({ service: svc, serviceDeployment: sd({ status }) }))).toBe(
      expected
    )
  })
})

describe('the dispatch on the strategy', () => {
  const withStrategy = (strategy: 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY'): Service => ({
    ...svc,
    deploymentConfiguration: { ...svc.deploymentConfiguration, strategy }
  })
  it.each([
    ['ROLLING', false],
    ['BLUE_GREEN', true],
    ['LINEAR', true],
    ['CANARY', true]
  ] as const)('%s → native %s', (strategy, native) => {
    expect(kindFor(withStrategy(strategy), 'svc').rollsBackItself).toBe(native)
  })
})

describe('describeNative: the progress line', () => {
  it('shows the stage, traffic, bake time left and hooks', () => {
    const line = describeNative(
      sd({
        lifecycleStage: 'BAKE_TIME',
        deploymentConfiguration: { strategy: 'CANARY', bakeTimeInMinutes: 5 },
        targetServiceRevision: {
          requestedTaskCount: 2,
          runningTaskCount: 2,
          requestedProductionTrafficWeight: 100
        },
        lifecycleHookDetails: [{ ...lambda, status: 'SUCCEEDED' }]
      }),
      { strategy: 'CANARY', now: T0 + 90_000, bakeSeenAt: T0 }
    )
    expect(line).toBe(
      'BAKE_TIME (IN_PROGRESS); 2/2 new tasks running; production traffic 100%; bake time ≤4 of 5 min left; hooks: validate (Lambda) SUCCEEDED'
    )
  })
})

describe('minutesEcsNeeds: what wait-for-minutes must cover beyond starting tasks', () => {
  it.each<[string, Parameters<typeof minutesEcsNeeds>[0], WaitUntil, number]>([
    ['blue/green, bake 15', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 15 }, 'completed', 15],
    [
      'blue/green, traffic-shifted',
      { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 15 },
      'traffic-shifted',
      0
    ],
    [
      'canary defaults (10) + bake 5',
      { strategy: 'CANARY', bakeTimeInMinutes: 5 },
      'completed',
      15
    ],
    [
      'linear 25% × 2 min: 3 waits',
      { strategy: 'LINEAR', linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 } },
      'completed',
      6
    ],
    ['linear defaults: 9 waits of 6', { strategy: 'LINEAR' }, 'traffic-shifted', 54]
  ])('%s → %d', (_name, config, until, minutes) => {
    expect(minutesEcsNeeds(config, until)).toBe(minutes)
  })
})

describe('early success criteria (rolling): SUCCESSFUL before every task runs', () => {
  const early = (enable: boolean): Service => ({
    ...service({
      deployments: [deployment({ id: NEW_ID, taskDefinition: tdArn(42), runningCount: 1 })]
    }),
    deploymentConfiguration: {
      earlySuccessCriteria: { enable, healthyPercent: 50, sourceServiceRevisionCleanup: 'DEFERRED' }
    }
  })
  it.each([
    [true, 'succeeded'],
    [false, 'pending']
  ])('early success enabled %s → %s', (enable, expected) => {
    const judged = judgeRolling(
      { service: early(enable), serviceDeployment: { status: 'SUCCESSFUL' } },
      followed
    )
    expect(said(judged)).toBe(expected)
  })
})
