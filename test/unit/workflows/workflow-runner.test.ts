// The local workflow runner refuses what it does not model, and checks permissions as GitHub does
// at the start of a run.
import { describe, expect, test } from '@jest/globals'
import { evaluate } from '../../../tools/workflow-runner/expressions.js'
import { loadWorkflow } from '../../../tools/workflow-runner/load.js'
import {
  nestedViolation,
  permissionsOf,
  RESTRICTED_DEFAULT
} from '../../../tools/workflow-runner/permissions.js'

const workflow = (job: string, step = '      - run: echo hi') =>
  `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n${job}    steps:\n${step}\n`

describe('a feature the runner does not model fails loudly', () => {
  test.each([
    [
      'a matrix',
      workflow('    strategy:\n      matrix:\n        n: [1, 2]\n'),
      'job a uses "strategy"'
    ],
    [
      'continue-on-error',
      workflow('', '      - run: echo hi\n        continue-on-error: true'),
      'uses "continue-on-error"'
    ],
    ['defaults', workflow('    defaults:\n      run:\n        shell: sh\n'), 'uses "defaults"']
  ])('%s', async (_what, text, message) => {
    await expect(loadWorkflow('x.yml', text)).rejects.toThrow(message)
  })

  test('a workflow GitHub would refuse is refused with the parser’s message', async () => {
    await expect(loadWorkflow('x.yml', workflow('    runs-onn: x\n'))).rejects.toThrow(/runs-onn/)
  })

  test('an unknown function is an error, not an empty string', () => {
    expect(() => evaluate("hashFiles('**/package-lock.json')", {})).toThrow()
  })
})

describe('permissions', () => {
  test('a job without id-token: write in its caller may not ask for it', () => {
    const caller = permissionsOf({ contents: 'read' }, RESTRICTED_DEFAULT)
    const called = permissionsOf({ contents: 'read', 'id-token': 'write' }, caller)
    expect(nestedViolation('build', called, caller)).toBe(
      "The nested job 'build' is requesting 'id-token: write', but is only allowed 'id-token: none'."
    )
    const granted = permissionsOf({ contents: 'read', 'id-token': 'write' }, RESTRICTED_DEFAULT)
    expect(nestedViolation('build', called, granted)).toBeUndefined()
  })

  test('no permissions anywhere: the restricted default, without id-token', () => {
    expect(permissionsOf(undefined, RESTRICTED_DEFAULT)['id-token']).toBe('none')
    expect(permissionsOf('write-all', RESTRICTED_DEFAULT)['id-token']).toBe('write')
  })
})

test('status functions follow the job', () => {
  expect(evaluate('success()', {}, { success: false }).coerceString()).toBe('false')
  expect(evaluate('failure() && always()', {}, { success: false }).coerceString()).toBe('true')
  expect(
    evaluate("format('app/{0}', inputs.context)", { inputs: { context: 'backend' } }).coerceString()
  ).toBe('app/backend')
})
