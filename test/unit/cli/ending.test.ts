import { describe, expect, it } from '@jest/globals'
import { ending, releaseEnding } from '../../../src/cli/ending.js'
import type { Report } from '../../../src/engine/phases/report/report.js'

const TD = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/api:${n}`
const base = {
  mode: 'deploy',
  cluster: 'prod',
  service: 'api',
  region: 'us-east-1',
  taskDefinitionArn: TD(2),
  previousTaskDefinitionArn: TD(1),
  deploymentId: 'ecs-svc/2',
  renderedPath: undefined,
  images: [],
  changes: [{ container: 'app', what: 'image', text: 'image a → b' }],
  verdict: undefined,
  health: undefined,
  diagnosis: undefined,
  rollback: undefined,
  startedAt: 0,
  finishedAt: 83_000
} as unknown as Report

describe('how a run ends on the terminal', () => {
  it('succeeded: one line', () => {
    const e = ending({ ...base, outcome: 'succeeded' }, false, false)
    expect(e.lines).toEqual(['', '✔ succeeded: api in prod, api:2 (deployment ecs-svc/2, 1:23)'])
    expect(e.failure).toBeUndefined()
  })

  it('diff: the changes', () => {
    const e = ending({ ...base, outcome: 'dry-run', deploymentId: undefined }, false, true)
    expect(e.lines.slice(1)).toEqual(['✔ dry-run: api in prod, api:2 (1:23)', '  app: image a → b'])
  })

  it('paused: the commands that go on or roll back', () => {
    const e = ending({ ...base, outcome: 'paused' }, false, false)
    expect(e.lines.slice(2)).toEqual([
      '  to go on:      ecs-deploy continue --cluster prod --service api --region us-east-1',
      '  to roll back:  ecs-deploy rollback --cluster prod --service api --region us-east-1'
    ])
  })

  it('rolled-back: the failure as the action writes it', () => {
    const verdict = {
      status: 'failed',
      kind: 'circuit-breaker',
      reason: 'ECS stopped the deployment.',
      ecsRollingBack: true
    }
    const e = ending({ ...base, outcome: 'rolled-back', verdict } as Report, true, false)
    expect(e.lines[1]).toContain('\u001b[31m✖ rolled-back\u001b[39m')
    expect(e.failure).toBe(
      `Deployment failed and was rolled back to ${TD(1)}: ECS stopped the deployment.`
    )
  })

  it('a release: one line per service', () => {
    const e = releaseEnding(
      {
        outcome: 'succeeded',
        path: 'release.yml',
        cluster: 'prod',
        region: 'us-east-1',
        reports: [{ ...base, outcome: 'succeeded' }],
        startedAt: 0,
        finishedAt: 1000
      },
      false
    )
    expect(e.lines.slice(1)).toEqual([
      '✔ succeeded: release release.yml in prod (0:01)',
      '  api: succeeded, api:2'
    ])
  })
})
