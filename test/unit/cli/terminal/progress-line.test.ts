import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import { elapsed, liveText, parseProgress } from '../../../../src/cli/terminal/progress-line.js'
import { describeNative } from '../../../../src/engine/phases/watch/native-progress.js'
import { describeProgress } from '../../../../src/engine/phases/watch/progress.js'

/* The lines are made by the engine's own describers, so a change of their wording breaks here. */

const rolling = (
  ours: Record<string, unknown>,
  others: Record<string, unknown>[] = [],
  sd?: ServiceDeployment
) =>
  describeProgress(
    {
      service: { deployments: [{ id: 'ecs-svc/1', ...ours }, ...others] },
      ...(sd ? { serviceDeployment: sd } : {})
    },
    'ecs-svc/1'
  )

const native = (sd: ServiceDeployment, strategy = 'CANARY') =>
  describeNative(sd, { strategy, now: 0, bakeSeenAt: undefined })

describe("the engine's progress lines, read back", () => {
  it.each([
    [
      'a rolling update under way',
      rolling({ rolloutState: 'IN_PROGRESS', runningCount: 1, desiredCount: 2, pendingCount: 1 }, [
        { id: 'ecs-svc/0', runningCount: 2 }
      ]),
      {
        stage: 'IN_PROGRESS',
        status: undefined,
        running: 1,
        desired: 2,
        failed: 0,
        traffic: undefined
      }
    ],
    [
      'with failed tasks and the service deployment rolling back',
      rolling(
        { rolloutState: 'IN_PROGRESS', runningCount: 0, desiredCount: 2, failedTasks: 2 },
        [],
        {
          status: 'ROLLBACK_IN_PROGRESS'
        }
      ),
      {
        stage: 'IN_PROGRESS',
        status: 'ROLLBACK_IN_PROGRESS',
        running: 0,
        desired: 2,
        failed: 2,
        traffic: undefined
      }
    ],
    [
      'a canary at 10%',
      native({
        status: 'IN_PROGRESS',
        lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
        targetServiceRevision: {
          runningTaskCount: 2,
          requestedTaskCount: 2,
          requestedProductionTrafficWeight: 10
        }
      }),
      {
        stage: 'PRODUCTION_TRAFFIC_SHIFT',
        status: 'IN_PROGRESS',
        running: 2,
        desired: 2,
        failed: undefined,
        traffic: 10
      }
    ],
    [
      'blue/green (no traffic share in its line)',
      native(
        { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP', targetServiceRevision: {} },
        'BLUE_GREEN'
      ),
      {
        stage: 'SCALE_UP',
        status: 'IN_PROGRESS',
        running: 0,
        desired: 0,
        failed: undefined,
        traffic: undefined
      }
    ]
  ])('%s', (_name, line, progress) => {
    expect(parseProgress(line)).toEqual(progress)
  })

  it.each([
    'service deployment not listed yet',
    'A read does not show deployment ecs-svc/1 yet (PRIMARY is ecs-svc/0); reading again.',
    'Registered arn:aws:ecs:us-east-1:123456789012:task-definition/api:2.',
    '2 of 2 tasks running api:2; rollout COMPLETED.'
  ])('not progress: %s', line => {
    expect(parseProgress(line)).toBeUndefined()
  })

  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [61_000, '1:01'],
    [3_600_000 + 62_000, '1:01:02']
  ])('elapsed(%i) = %s', (ms, text) => {
    expect(elapsed(ms)).toBe(text)
  })

  it('the live line: who, stage, tasks, traffic, failures, time', () => {
    const p = parseProgress(
      native({
        status: 'IN_PROGRESS',
        lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
        targetServiceRevision: {
          runningTaskCount: 1,
          requestedTaskCount: 2,
          requestedProductionTrafficWeight: 10
        }
      })
    )!
    expect(liveText('api', p, 42_000)).toBe(
      'api  PRODUCTION_TRAFFIC_SHIFT (IN_PROGRESS)  1/2 tasks  traffic 10%  0:42'
    )
    expect(
      liveText(
        'api',
        { ...p, status: 'PRODUCTION_TRAFFIC_SHIFT', traffic: undefined, failed: 3 },
        0
      )
    ).toBe('api  PRODUCTION_TRAFFIC_SHIFT  1/2 tasks  3 failed  0:00')
  })
})
