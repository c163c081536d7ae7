import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../../src/shared/parse.js'
import { unchangedByRender } from '../../../../src/engine/phases/render/base-from-arn.js'
import {
  familyRevisionOf,
  isTaskDefinitionArn,
  isTaskDefinitionRef
} from '../../../../src/engine/common/task-definition-arn.js'
import { readSettings } from '../../../../src/engine/settings/settings.js'

const read = (inputs: Record<string, string>) =>
  readSettings(
    name => ({ service: 'megilance-backend', 'aws-region': 'us-east-1', ...inputs })[name] ?? '',
    {}
  )

describe('the inputs of the one-off task, log lines, log groups and task-definition-arn', () => {
  it('defaults: no one-off task, 20 log lines, retention left alone, no ARN base', () => {
    expect(read({})).toMatchObject({
      taskDefinitionArn: '',
      runTask: undefined,
      logLines: 20,
      logRetentionDays: undefined
    })
  })

  it('run-task-command with its container, defaulting to container-name', () => {
    expect(
      read({ 'run-task-command': 'alembic upgrade head', 'container-name': 'backend' }).runTask
    ).toEqual({
      command: ['sh', '-c', 'alembic upgrade head'],
      container: '',
      defaultContainer: 'backend'
    })
    expect(
      read({ 'run-task-command': '["alembic","upgrade","head"]', 'run-task-container': 'migrate' })
        .runTask
    ).toEqual({
      command: ['alembic', 'upgrade', 'head'],
      container: 'migrate',
      defaultContainer: ''
    })
  })

  it.each([
    [{ 'run-task-container': 'backend' }, 'run-task-container', 'needs run-task-command'],
    [{ 'run-task-command': '[1]' }, 'run-task-command', 'JSON array of strings'],
    [{ 'log-retention-days': '10' }, 'log-retention-days', '10 is not a retention'],
    [{ 'log-lines': '-1' }, 'log-lines', 'below the minimum'],
    [{ 'task-definition-arn': 'megilance-backend' }, 'task-definition-arn', 'FAMILY:REVISION'],
    [
      { 'task-definition-arn': 'megilance-backend:3', 'task-definition': 'deploy/backend.json' },
      'task-definition-arn',
      'cannot be given together with task-definition'
    ],
    [
      { 'task-definition-arn': 'megilance-backend:3', mode: 'rollback' },
      'task-definition-arn',
      'rollback-to'
    ]
  ])('%j: an error naming %s', (inputs, input, text) => {
    let caught: unknown
    try {
      read(inputs)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InputError)
    expect((caught as InputError).input).toBe(input)
    expect((caught as Error).message).toContain(text)
  })

  it.each([
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:12', true],
    ['arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/api_v2:1', true],
    ['megilance-backend:12', true],
    ['megilance-backend', false],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend', false]
  ])('task-definition-arn %s → %s', (ref, ok) => {
    expect(isTaskDefinitionRef(ref)).toBe(ok)
  })

  it.each([
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:12', true],
    ['megilance-backend:12', false],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/megilance backend:12', false],
    ['arn:aws:ecs:us-east-1:123:task-definition/megilance-backend:12', false]
  ])('rollback-to ARN %s → %s', (arn, ok) => {
    expect(isTaskDefinitionArn(arn)).toBe(ok)
  })

  it('reads family and revision from an ARN ECS answered with', () => {
    expect(
      familyRevisionOf('arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:12')
    ).toEqual({ family: 'megilance-backend', revision: 12 })
    expect(familyRevisionOf('megilance-backend')).toBeUndefined()
  })

  it('a revision is deployed as it is only when rendering changed nothing but the run tags', () => {
    const base = { family: 'f', containerDefinitions: [{ name: 'a', image: 'i:1' }] }
    expect(
      unchangedByRender(base, {
        ...base,
        tags: [{ key: 'ecs-deploy-actions:commit', value: 'abc' }]
      })
    ).toBe(true)
    expect(
      unchangedByRender(base, { ...base, containerDefinitions: [{ name: 'a', image: 'i:2' }] })
    ).toBe(false)
    expect(unchangedByRender(base, { ...base, cpu: '512' })).toBe(false)
  })
})
