import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { Report } from '../../../src/engine/phases/report/report.js'
import type { ReleaseReport } from '../../../src/engine/release/report.js'
import { outputsOf, releaseOutputsOf } from '../../../src/engine/outputs.js'

const declared = Object.keys(
  (parse(readFileSync('action-ecs-deploy/action.yml', 'utf8')) as { outputs: object }).outputs
).sort()

const report = {
  mode: 'deploy',
  outcome: 'succeeded',
  cluster: 'c',
  service: 'megilance-backend',
  region: 'us-east-1',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:2',
  previousTaskDefinitionArn:
    'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:1',
  deploymentId: 'ecs-svc/1',
  renderedPath: '/tmp/x.json',
  images: [],
  changes: [],
  verdict: undefined,
  health: undefined,
  diagnosis: undefined,
  rollback: undefined,
  startedAt: 0,
  finishedAt: 1
} as Report

describe("the outputs, by action.yml's names, for the action and the CLI's --json", () => {
  it("one service: every declared output, in action.yml's set", () => {
    const outputs = outputsOf(report)
    expect(outputs.map(([name]) => name).sort()).toEqual(declared)
    expect(Object.fromEntries(outputs)).toMatchObject({
      outcome: 'succeeded',
      'deployment-id': 'ecs-svc/1',
      'run-task-exit-code': '',
      services: ''
    })
  })

  it("a release: outcome the release's, services each one's, the rest empty", () => {
    const release: ReleaseReport = {
      outcome: 'succeeded',
      path: 'release.yml',
      cluster: 'c',
      region: 'us-east-1',
      reports: [report],
      startedAt: 0,
      finishedAt: 1
    }
    const outputs = Object.fromEntries(releaseOutputsOf(release))
    expect(Object.keys(outputs).sort()).toEqual(declared)
    expect(outputs.outcome).toBe('succeeded')
    expect(JSON.parse(outputs.services ?? '')).toEqual([
      {
        service: 'megilance-backend',
        outcome: 'succeeded',
        'task-definition-arn': report.taskDefinitionArn,
        'previous-task-definition-arn': report.previousTaskDefinitionArn
      }
    ])
    expect(outputs['task-definition-arn']).toBe('')
  })
})
