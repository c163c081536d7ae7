import { describe, expect, it } from '@jest/globals'
import { repositoryNameProblem, tagProblem } from '../../../src/build-push/names.js'

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'

describe('naming rules', () => {
  it.each(['ab', 'megilance-backend', 'team/app', 'a.b_c-d/e/f1', 'x'.repeat(256)])(
    'accepts repository %s',
    name => expect(repositoryNameProblem(name)).toBeUndefined()
  )
  it.each(['', 'a', 'A1', '/app', 'app/', 'a__b', 'a//b', '-app', 'x'.repeat(257)])(
    'rejects repository "%s"',
    name => expect(repositoryNameProblem(name)).toBeDefined()
  )
  it.each(['v1', 'latest', SHA, '1.0.0-rc.1', '_x', 'A'.repeat(128)])('accepts tag %s', tag =>
    expect(tagProblem(tag)).toBeUndefined()
  )
  it.each(['', '-x', '.x', 'a b', 'a:b', 'a/b', 'A'.repeat(129)])('rejects tag "%s"', tag =>
    expect(tagProblem(tag)).toBeDefined()
  )
})
