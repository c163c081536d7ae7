import { describe, expect, it } from '@jest/globals'
import { paint, plain, useColour } from '../../../../src/cli/terminal/colour.js'

describe('colour: only at a terminal that shows it, never with NO_COLOR', () => {
  it.each<[string, boolean, NodeJS.ProcessEnv, boolean | undefined, boolean]>([
    ['a terminal', true, {}, undefined, true],
    ['a pipe or a file', false, {}, undefined, false],
    ['NO_COLOR=1 at a terminal', true, { NO_COLOR: '1' }, undefined, false],
    ['NO_COLOR empty counts as unset', true, { NO_COLOR: '' }, undefined, true],
    ['TERM=dumb', true, { TERM: 'dumb' }, undefined, false],
    ['--color in a pipe', false, {}, true, true],
    ['--color over NO_COLOR', false, { NO_COLOR: '1' }, true, true],
    ['--no-color at a terminal', true, {}, false, false]
  ])('%s', (_name, isTTY, env, flag, expected) => {
    expect(useColour({ isTTY, env, flag })).toBe(expected)
  })

  it.each([
    ['bold', '\u001b[1mx\u001b[22m'],
    ['red', '\u001b[31mx\u001b[39m'],
    ['green', '\u001b[32mx\u001b[39m']
  ] as const)('paint %s', (style, painted) => {
    expect(paint('x', style, true)).toBe(painted)
    expect(paint('x', style, false)).toBe('x')
    expect(plain(painted)).toBe('x')
  })

  it('an empty text stays empty', () => {
    expect(paint('', 'red', true)).toBe('')
  })
})
