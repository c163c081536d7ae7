import { describe, expect, it } from '@jest/globals'
import { cancelledState } from '../../../../../src/actions/ecs-deploy/post.js'
import {
  OUTCOMES,
  failureMessage,
  stepSucceeds,
  type Report,
  type Outcome
} from '../../../../../src/engine/phases/report/report.js'
import { renderSummary } from '../../../../../src/engine/phases/report/summary.js'
import { renderReleaseSummary } from '../../../../../src/engine/release/summary.js'
import {
  githubDescription,
  githubStateOf
} from '../../../../../src/actions/ecs-deploy/github-deployment.js'
import { NEW_ID, completed, rolling, tdArn } from '../../../../support/ecs-fixtures.js'

describe('what each outcome means for the step and the GitHub Deployment', () => {
  it.each<[Outcome, boolean, string | undefined]>([
    ['succeeded', true, 'success'],
    ['failed', false, 'failure'],
    ['rolled-back', false, 'failure'],
    ['rollback-failed', false, 'failure'],
    ['unknown', false, 'error'],
    ['dry-run', true, undefined],
    ['started', true, 'in_progress'],
    ['paused', true, 'in_progress'],
    ['skipped', true, 'inactive']
  ])('%s: step passes %s, GitHub status %s', (outcome, passes, state) => {
    expect(stepSucceeds(outcome)).toBe(passes)
    expect(githubStateOf(outcome)).toBe(state)
  })

  it('never records success but for succeeded', () => {
    expect(OUTCOMES.filter(o => githubStateOf(o) === 'success')).toEqual(['succeeded'])
  })
})

const base: Report = {
  mode: 'deploy',
  outcome: 'failed',
  cluster: 'c',
  service: 's',
  region: 'us-east-1',
  taskDefinitionArn: tdArn(42),
  previousTaskDefinitionArn: tdArn(41),
  deploymentId: NEW_ID,
  renderedPath: undefined,
  images: [],
  changes: [],
  verdict: {
    status: 'failed',
    kind: 'failed-tasks',
    reason: '3 tasks failed.',
    ecsRollingBack: false
  },
  health: undefined,
  diagnosis: undefined,
  rollback: undefined,
  startedAt: 0,
  finishedAt: 1000
}

describe('failureMessage and the summary headline', () => {
  it.each<[Outcome, Partial<Report>, RegExp, string]>([
    ['failed', {}, /^Deployment failed: 3 tasks failed\.$/, '❌ Failed'],
    [
      'rolled-back',
      {
        rollback: {
          by: 'action',
          taskDefinitionArn: tdArn(40),
          verdict: { status: 'succeeded', reason: 'ok' }
        }
      },
      /^Deployment failed and was rolled back to .*megilance-backend:40: 3 tasks failed\.$/,
      '↩️ Failed and rolled back'
    ],
    [
      'rollback-failed',
      {
        rollback: {
          by: 'ecs',
          taskDefinitionArn: tdArn(41),
          verdict: {
            status: 'failed',
            kind: 'rollback-failed',
            reason: "ECS's rollback failed (ROLLBACK_FAILED): x",
            ecsRollingBack: false
          }
        }
      },
      /^Deployment failed, and the rollback to .*:41 failed too: ECS's rollback failed \(ROLLBACK_FAILED\): x\. The deployment failed because: 3 tasks failed\.$/,
      '🛑 Failed, and the rollback failed too'
    ],
    [
      'unknown',
      { verdict: { status: 'unknown', reason: 'AccessDeniedException: no.' } },
      /^The state of the rollout could not be known: AccessDeniedException: no\. Nothing was rolled back on a guess/,
      '❓ State unknown'
    ]
  ])('%s', (outcome, extra, message, headline) => {
    const r = { ...base, ...extra, outcome }
    expect(failureMessage(r)).toMatch(message)
    expect(renderSummary(r)).toContain(headline)
  })

  it('has no failure line when the step passes', () => {
    for (const outcome of ['succeeded', 'dry-run', 'started'] as const)
      expect(failureMessage({ ...base, outcome })).toBeUndefined()
  })
})

describe('cancelledState: what a cancelled job records on the GitHub Deployment', () => {
  it.each([
    [
      'still rolling',
      rolling({ runningCount: 1, pendingCount: 1 }),
      'error',
      /^Job cancelled mid-rollout: IN_PROGRESS: 1\/2 running/
    ],
    [
      'completed (a success seen)',
      completed(),
      'success',
      /^Job cancelled; the rollout had completed/
    ],
    [
      'failed',
      rolling({ rolloutState: 'FAILED' }),
      'failure',
      /^Job cancelled; the rollout had failed/
    ],
    ['not readable', undefined, 'error', /where it stood is not known/]
  ])('%s → %s', (_name, svc, state, description) => {
    const got = cancelledState(svc, NEW_ID)
    expect(got.state).toBe(state)
    expect(got.description).toMatch(description)
  })
})

describe('a paused deployment on GitHub', () => {
  it('says what it waits for', () => {
    expect(
      githubDescription({
        ...base,
        outcome: 'paused',
        verdict: {
          status: 'paused',
          reason: 'paused',
          stage: 'POST_TEST_TRAFFIC_SHIFT',
          hookId: 'ecs-pause-1'
        }
      })
    ).toBe(
      's: waiting for someone to continue or roll back (PAUSE hook at POST_TEST_TRAFFIC_SHIFT)'
    )
  })
})

describe('the summary of a failure leads with its cause', () => {
  const crashed = (taskId: string) => ({
    taskId,
    stoppedReason: 'Essential container in task exited',
    stopCode: 'EssentialContainerExited',
    healthStatus: undefined,
    containers: [{ name: 'app', exitCode: 1, reason: undefined, healthStatus: undefined }]
  })
  const traceback = [
    'Traceback (most recent call last):',
    '  File "/app/main.py", line 3, in <module>',
    'RuntimeError: DATABASE_URL not set'
  ]
  const tail = (taskId: string) => ({
    container: 'app',
    taskId,
    group: '/ecs/s',
    stream: `ecs/app/${taskId}`,
    status: 'read' as const,
    lines: traceback
  })
  const summary = renderSummary({
    ...base,
    diagnosis: { tasks: ['t1', 't2', 't3'].map(crashed), events: [] },
    logTails: ['t1', 't2', 't3'].map(tail)
  })

  it('says first which container exited, with what code and its last log line', () => {
    const lines = summary.split('\n')
    const cause = lines.findIndex(l => l.startsWith('**Cause:**'))
    expect(lines[cause]).toBe('**Cause:** `app` exited 1: RuntimeError: DATABASE_URL not set')
    expect(cause).toBeLessThan(lines.findIndex(l => l.startsWith('| Service |')))
  })

  it('shows the log lines three tasks printed alike once, naming the other two', () => {
    expect(summary.split('RuntimeError: DATABASE_URL not set').length - 1).toBe(2) // cause + block
    expect(summary).toContain('(and 2 more tasks with the same lines: t2, t3)')
  })

  it("a release's summary leads the failed service's section with its cause, not the one put back", () => {
    const failed = {
      ...base,
      service: 'web',
      outcome: 'rolled-back' as const,
      diagnosis: { tasks: [crashed('t1')], events: [] },
      logTails: [tail('t1')]
    }
    const putBack = {
      ...base,
      service: 'api',
      outcome: 'rolled-back' as const,
      verdict: { status: 'succeeded' as const, reason: 'ok' },
      rollback: { by: 'action' as const, taskDefinitionArn: tdArn(41) }
    }
    const lines = renderReleaseSummary({
      outcome: 'rolled-back',
      path: 'deploy/release.yml',
      cluster: 'c',
      region: 'us-east-1',
      reports: [putBack, failed],
      startedAt: 0,
      finishedAt: 1000
    }).split('\n')
    const causes = lines.filter(l => l.startsWith('**Cause:**'))
    expect(causes).toEqual(['**Cause:** `app` exited 1: RuntimeError: DATABASE_URL not set'])
    expect(lines.indexOf(causes[0]!)).toBe(lines.indexOf('### web') + 2)
    expect(lines.indexOf(causes[0]!)).toBeLessThan(lines.indexOf('### Why it failed'))
  })
})
