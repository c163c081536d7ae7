import { describe, expect, it } from '@jest/globals'
import { readSettings } from '../../../../src/engine/settings/settings.js'
import { InputError } from '../../../../src/shared/parse.js'

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

describe('keep-revisions', () => {
  it.each([
    ['', undefined],
    ['  ', undefined],
    ['1', 1],
    [' 5 ', 5],
    ['120', 120]
  ])('%j → %j', (text, keep) => {
    expect(read({ 'keep-revisions': text }).keepRevisions).toBe(keep)
  })

  it.each(['0', '-1', '2.5', 'ten', '3 revisions'])(
    '%j: refused, naming the input and the fix',
    text => {
      expect(refusal(() => read({ 'keep-revisions': text }))).toEqual({
        input: 'keep-revisions',
        message: `Input "keep-revisions": "${text}" is not a number of revisions to keep. Give a whole number of 1 or more (the newest revisions kept, beside those in use), or leave it empty to keep every revision.`
      })
    }
  )

  it.each([
    [{ mode: 'rollback' }, 'is for deploy mode; rollback mode registers nothing.'],
    [{ mode: 'continue' }, 'is for deploy mode; continue mode registers nothing.'],
    [
      { service: '', release: 'deploy/release.yml' },
      'keeps the revisions of one service; a release deploys several.'
    ],
    [
      { 'wait-for-service-stability': 'false' },
      'with wait-for-service-stability false it is never seen.'
    ]
  ])('%j: refused before any write', (inputs, message) => {
    const { input, message: said } = refusal(() => read({ 'keep-revisions': '3', ...inputs }))
    expect(input).toBe('keep-revisions')
    expect(said).toContain(message)
  })

  it('a family without a service (scheduled-tasks) is refused: it has no service to protect', () => {
    const { message } = refusal(() =>
      read({
        service: '',
        'scheduled-tasks': 'rule:nightly',
        'task-definition': 'deploy/backend-task-definition.json',
        'keep-revisions': '3'
      })
    )
    expect(message).toContain('needs a service')
  })
})
