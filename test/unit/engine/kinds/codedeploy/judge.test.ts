import { describe, expect, it } from '@jest/globals'
import type {
  DeploymentInfo,
  DeploymentStatus,
  ECSTarget,
  LifecycleEvent
} from '@aws-sdk/client-codedeploy'
import { describeCodeDeploy } from '../../../../../src/engine/kinds/codedeploy/describe.js'
import {
  judgeCodeDeploy,
  judgeCodeDeployRollback
} from '../../../../../src/engine/kinds/codedeploy/judge.js'
import type {
  CodeDeployPoll,
  CodeDeploySnapshot
} from '../../../../../src/engine/kinds/codedeploy/snapshot.js'
import type { Followed } from '../../../../../src/engine/phases/watch/verdict.js'
import type { WaitUntil } from '../../../../../src/engine/settings/settings.js'
import { TARGET, said } from '../../../../support/rollout-fixtures.js'

/*
 * CodeDeploy deployments of an ECS service as GetDeployment and GetDeploymentTarget answer them
 * (the shapes of codedeploy.json: DeploymentInfo.status Created | Queued | InProgress | Baking |
 * Succeeded | Failed | Stopped | Ready; ECSTarget.lifecycleEvents with status and diagnostics;
 * taskSetsInfo labelled Blue and Green with trafficWeight; errorInformation.code from ErrorCode;
 * rollbackInfo.rollbackDeploymentId), judged as one table per judge.
 */

const ID = 'd-ABCDEFGHI'
const BACK = 'd-ROLLBACK1'
const NAMES = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic'
]

/** The events, the first `done` Succeeded, the next `next`, the rest Pending. */
function events(done: number, next: LifecycleEvent['status'] = 'InProgress'): LifecycleEvent[] {
  return NAMES.map((name, i) => ({
    lifecycleEventName: name,
    status: i < done ? 'Succeeded' : i === done ? next : 'Pending'
  }))
}

function target(done: number, green: number, next?: LifecycleEvent['status']): ECSTarget {
  return {
    targetId: 'megilance-cluster:megilance-backend',
    lifecycleEvents: events(done, next),
    taskSetsInfo: [
      {
        identifer: 'ecs-svc/1',
        taskSetLabel: 'Blue',
        trafficWeight: 100 - green,
        runningCount: 2,
        desiredCount: 2
      },
      {
        identifer: 'ecs-svc/2',
        taskSetLabel: 'Green',
        trafficWeight: green,
        runningCount: 2,
        desiredCount: 2
      }
    ]
  }
}

const info = (o: Partial<DeploymentInfo>): DeploymentInfo => ({
  deploymentId: ID,
  status: 'InProgress',
  ...o
})
const snap = (cd: CodeDeploySnapshot | undefined): CodeDeployPoll => ({ codeDeploy: cd })
const followed = (ids = [ID]): Followed => ({
  target: { ...TARGET, deploymentId: ID },
  ids,
  seen: false
})

const hookFailed: ECSTarget = {
  ...target(4, 0, 'Failed'),
  lifecycleEvents: events(4, 'Failed').map(e =>
    e.lifecycleEventName === 'AfterAllowTestTraffic'
      ? {
          ...e,
          diagnostics: {
            errorCode: 'ScriptFailed',
            scriptName: 'megilance-smoke-test',
            message: 'GET /api/health/ready answered 503',
            logTail: 'FAIL /api/health/ready 503'
          }
        }
      : e
  )
}

describe('judgeCodeDeploy: GetDeployment decides; wait-until ready ends before the termination wait', () => {
  it.each<[string, CodeDeploySnapshot | undefined, WaitUntil, string]>([
    ['not read yet', undefined, 'completed', 'stale'],
    ['Created', { deployment: info({ status: 'Created' }) }, 'completed', 'pending'],
    ['Queued', { deployment: info({ status: 'Queued' }) }, 'completed', 'pending'],
    ['Install', { deployment: info({}), target: target(1, 0) }, 'completed', 'pending'],
    ['traffic shifting', { deployment: info({}), target: target(6, 40) }, 'ready', 'pending'],
    [
      'every event succeeded, termination wait: completed waits',
      { deployment: info({ instanceTerminationWaitTimeStarted: true }), target: target(8, 100) },
      'completed',
      'pending'
    ],
    [
      'every event succeeded, termination wait: ready ends',
      { deployment: info({ instanceTerminationWaitTimeStarted: true }), target: target(8, 100) },
      'ready',
      'succeeded'
    ],
    [
      'traffic-shifted means ready here',
      { deployment: info({}), target: target(8, 100) },
      'traffic-shifted',
      'succeeded'
    ],
    [
      'Succeeded',
      { deployment: info({ status: 'Succeeded' }), target: target(8, 100) },
      'completed',
      'succeeded'
    ],
    [
      'Ready (STOP_DEPLOYMENT)',
      { deployment: info({ status: 'Ready' }), target: target(5, 0) },
      'completed',
      'paused'
    ],
    [
      'Ready, even with ready',
      { deployment: info({ status: 'Ready' }), target: target(5, 0) },
      'ready',
      'paused'
    ],
    [
      'a hook failed, CodeDeploy rolls back',
      {
        deployment: info({
          status: 'Failed',
          errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'hook failed' },
          rollbackInfo: { rollbackDeploymentId: BACK }
        }),
        target: hookFailed
      },
      'completed',
      'failed:hook+ecs'
    ],
    [
      'a hook failed, no automatic rollback',
      {
        deployment: info({
          status: 'Failed',
          errorInformation: { code: 'HOOK_EXECUTION_FAILURE' }
        }),
        target: hookFailed
      },
      'completed',
      'failed:hook'
    ],
    [
      'the replacement tasks kept stopping',
      {
        deployment: info({
          status: 'Failed',
          errorInformation: { code: 'ECS_UPDATE_ERROR' },
          rollbackInfo: { rollbackDeploymentId: BACK }
        }),
        target: target(1, 0, 'Failed')
      },
      'completed',
      'failed:failed-tasks+ecs'
    ],
    [
      'stopped by someone, no rollback',
      { deployment: info({ status: 'Stopped', errorInformation: { code: 'MANUAL_STOP' } }) },
      'completed',
      'failed:stopped'
    ],
    [
      'stopped at the end of the Ready wait',
      { deployment: info({ status: 'Stopped', errorInformation: { code: 'TIMEOUT' } }) },
      'completed',
      'failed:timeout'
    ],
    [
      'stopped on an alarm, rolled back',
      {
        deployment: info({
          status: 'Stopped',
          errorInformation: { code: 'ALARM_ACTIVE' },
          rollbackInfo: { rollbackDeploymentId: BACK }
        })
      },
      'completed',
      'failed:alarm+ecs'
    ],
    [
      'another error',
      {
        deployment: info({ status: 'Failed', errorInformation: { code: 'IAM_ROLE_PERMISSIONS' } })
      },
      'completed',
      'failed:codedeploy'
    ]
  ])('%s', (_, cd, waitUntil, expected) => {
    expect(said(judgeCodeDeploy({ waitUntil })(snap(cd), followed()))).toBe(expected)
  })

  it('a deployment this step continued from Ready is not paused again by a stale read', () => {
    const ready = snap({ deployment: info({ status: 'Ready' }), target: target(5, 0) })
    expect(
      said(judgeCodeDeploy({ waitUntil: 'completed', continued: new Set([ID]) })(ready, followed()))
    ).toBe('pending')
  })

  it('names the failed hook, its diagnostics and the rollback deployment', () => {
    const j = judgeCodeDeploy({ waitUntil: 'completed' })(
      snap({
        deployment: info({
          status: 'Failed',
          errorInformation: {
            code: 'HOOK_EXECUTION_FAILURE',
            message: 'The AfterAllowTestTraffic hook failed'
          },
          rollbackInfo: { rollbackDeploymentId: BACK }
        }),
        target: hookFailed
      }),
      followed()
    )
    expect(j.kind === 'verdict' && j.verdict.reason).toBe(
      `CodeDeploy deployment ${ID} Failed: HOOK_EXECUTION_FAILURE: The AfterAllowTestTraffic hook failed; lifecycle event AfterAllowTestTraffic Failed: ScriptFailed in megilance-smoke-test: GET /api/health/ready answered 503. CodeDeploy rolls it back with deployment ${BACK}.`
    )
  })
})

describe('judgeCodeDeployRollback: the rollback deployment to its end, followed once named', () => {
  const rb = (status: DeploymentStatus) => ({ deployment: { deploymentId: BACK, status } })
  const failed = info({ status: 'Failed', rollbackInfo: { rollbackDeploymentId: BACK } })
  it.each<[string, CodeDeploySnapshot | undefined, string[], string]>([
    ['not read yet', undefined, [ID], 'stale'],
    ['still being stopped', { deployment: info({}), target: target(1, 0) }, [ID], 'pending'],
    ['named: followed', { deployment: failed, rollback: rb('Created') }, [ID], `follow:${BACK}`],
    ['rolling back', { deployment: failed, rollback: rb('InProgress') }, [ID, BACK], 'pending'],
    ['rolled back', { deployment: failed, rollback: rb('Succeeded') }, [ID, BACK], 'succeeded'],
    [
      'the rollback failed',
      { deployment: failed, rollback: rb('Failed') },
      [ID, BACK],
      'failed:rollback-failed'
    ],
    [
      'stopped, the replacement still there, no rollback named yet',
      { deployment: info({ status: 'Stopped' }), target: target(1, 0, 'Skipped') },
      [ID],
      'stale'
    ],
    [
      'stopped before the replacement existed: nothing moved',
      { deployment: info({ status: 'Stopped' }) },
      [ID],
      'succeeded'
    ],
    [
      'no rollback possible, traffic on the replacement',
      {
        deployment: info({
          status: 'Failed',
          rollbackInfo: { rollbackMessage: 'cannot be rolled back' }
        }),
        target: target(8, 100, 'Failed')
      },
      [ID],
      'failed:rollback-failed'
    ]
  ])('%s', (_, cd, ids, expected) => {
    expect(said(judgeCodeDeployRollback(snap(cd), followed(ids)))).toBe(expected)
  })
})

describe('describeCodeDeploy: one line a poll', () => {
  it.each<[string, CodeDeploySnapshot | undefined, string]>([
    ['nothing yet', undefined, 'CodeDeploy has not answered yet'],
    ['Queued', { deployment: info({ status: 'Queued' }) }, 'Queued'],
    [
      'traffic shifting',
      { deployment: info({}), target: target(6, 30) },
      'InProgress; lifecycle: BeforeInstall Succeeded, Install Succeeded, AfterInstall Succeeded, AllowTestTraffic Succeeded, AfterAllowTestTraffic Succeeded, BeforeAllowTraffic Succeeded, AllowTraffic InProgress; replacement task set ecs-svc/2 2/2 running, 30% of traffic; original 70%'
    ],
    [
      'Ready',
      { deployment: info({ status: 'Ready' }), target: target(5, 0, 'Pending') },
      'Ready (production traffic waits for ContinueDeployment); lifecycle: BeforeInstall Succeeded, Install Succeeded, AfterInstall Succeeded, AllowTestTraffic Succeeded, AfterAllowTestTraffic Succeeded; replacement task set ecs-svc/2 2/2 running, 0% of traffic; original 100%'
    ],
    [
      'its rollback',
      {
        deployment: info({ status: 'Failed' }),
        rollback: { deployment: { deploymentId: BACK, status: 'InProgress' } }
      },
      `rollback deployment ${BACK}: InProgress`
    ]
  ])('%s', (_, cd, line) => {
    expect(describeCodeDeploy(snap(cd))).toBe(line)
  })
})
