import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../../src/shared/parse.js'
import { parseScheduledTasks } from '../../../../src/engine/settings/scheduled-tasks-inputs.js'
import { readSettings } from '../../../../src/engine/settings/settings.js'

const read = (inputs: Record<string, string>) =>
  readSettings(
    name => ({ service: 'megilance-backend', 'aws-region': 'us-east-1', ...inputs })[name] ?? '',
    {}
  )

/** The InputError `fn` throws: its input and message. */
function refusal(fn: () => unknown): { input: string; message: string } {
  try {
    fn()
  } catch (error) {
    if (error instanceof InputError) return { input: error.input, message: error.message }
    throw error
  }
  throw new Error('no InputError')
}

describe('scheduled-tasks', () => {
  it.each([
    ['', { mode: 'none' }],
    ['none', { mode: 'none' }],
    ['auto', { mode: 'auto', eventBuses: ['default'] }],
    ['auto\nauto@ops\nauto@ops', { mode: 'auto', eventBuses: ['default', 'ops'] }],
    [
      'auto@arn:aws:events:us-east-1:123456789012:event-bus/ops',
      {
        mode: 'auto',
        eventBuses: ['default', 'arn:aws:events:us-east-1:123456789012:event-bus/ops']
      }
    ],
    [
      'rule:nightly\nrule:hourly@ops\n# a comment\nschedule:report\nschedule:weekly@jobs\nrule:nightly',
      {
        mode: 'named',
        names: [
          { kind: 'rule', name: 'nightly', eventBus: 'default' },
          { kind: 'rule', name: 'hourly', eventBus: 'ops' },
          { kind: 'schedule', name: 'report', group: 'default' },
          { kind: 'schedule', name: 'weekly', group: 'jobs' }
        ]
      }
    ]
  ])('%j → %j', (text, setting) => {
    expect(parseScheduledTasks(text)).toEqual(setting)
  })

  it.each([
    ['auto\nrule:nightly', 'gives auto together with other lines'],
    ['none\nrule:nightly', 'gives none together with other lines'],
    ['rules:nightly', 'line 1 ("rules:nightly") is not'],
    ['rule:', 'is not none, auto'],
    ['rule:night ly', 'is not none, auto'],
    [`schedule:${'x'.repeat(65)}`, 'is not none, auto'],
    ['schedule:report@jobs/x', '"jobs/x" is not a schedule group name'],
    ['rule:nightly@ops bus', '"ops bus" is not an event bus name or ARN'],
    ['auto@', '"" is not an event bus name or ARN']
  ])('%j is refused: %s', (text, message) => {
    expect(refusal(() => parseScheduledTasks(text))).toEqual({
      input: 'scheduled-tasks',
      message: expect.stringContaining(message)
    })
  })

  it('defaults to none; the service stays required without it, saying when it may be empty', () => {
    expect(read({}).scheduledTasks).toEqual({ mode: 'none' })
    expect(refusal(() => read({ service: '' }))).toEqual({
      input: 'service',
      message:
        'Input "service": is required. Give the ECS service name. (It may be empty only when scheduled-tasks names scheduled tasks: a family without a service is registered, then its scheduled tasks are moved.)'
    })
  })

  it('a family without a service: a deploy, from a file or a registered revision, with no one-off task', () => {
    const family = { service: '', 'scheduled-tasks': 'auto', 'task-definition': 'td.json' }
    expect(read(family)).toMatchObject({ service: '', scheduledTasks: { mode: 'auto' } })
    expect(
      read({ ...family, 'task-definition': '', 'task-definition-arn': 'reports:3' }).service
    ).toBe('')
    expect(refusal(() => read({ ...family, 'task-definition': '' }))).toMatchObject({
      input: 'task-definition',
      message: expect.stringContaining('with no service, there is no running task definition')
    })
    expect(refusal(() => read({ ...family, mode: 'rollback' }))).toMatchObject({
      input: 'service',
      message: expect.stringContaining('is required in rollback mode')
    })
    expect(refusal(() => read({ ...family, 'run-task-command': 'migrate' }))).toMatchObject({
      input: 'run-task-command',
      message: expect.stringContaining('with no service there is none')
    })
  })

  it('moves only after a success it sees: not with wait-for-service-stability false', () => {
    expect(
      refusal(() => read({ 'scheduled-tasks': 'auto', 'wait-for-service-stability': 'false' }))
    ).toMatchObject({
      input: 'scheduled-tasks',
      message: expect.stringContaining('with wait-for-service-stability false it is never seen')
    })
  })
})
