import { describe, expect, it } from '@jest/globals'
import { readCommands } from '../../../tools/harness/workflow-commands.js'
import { guardedLines, inertText, plainLines } from '../../../src/shared/inert-text.js'
import { INJECTIONS } from '../../support/injections.js'

/*
 * What the runner port and the CLI print is read by the runner (modelled in
 * tools/harness/workflow-commands.ts): no line from outside may set state or an output there.
 */

describe('inertText', () => {
  it.each(INJECTIONS)('%s: the runner reads no state and no output', (_what, text) => {
    const read = readCommands(inertText(text) + '\n')
    expect(read.state).toEqual({})
    expect(read.outputs).toEqual({})
    expect(read.commands.filter(c => c.name !== 'stop-commands')).toEqual([])
  })

  it.each(INJECTIONS)('%s: printed raw, the same text would inject', (_what, text) => {
    const read = readCommands(text + '\n')
    expect(read.commands.some(c => c.name === 'save-state' || c.name === 'set-output')).toBe(true)
  })

  it('plain text is printed as it is, without markers', () => {
    expect(inertText('Started task 0a1b2c.\n  backend | INFO ready')).toBe(
      'Started task 0a1b2c.\n  backend | INFO ready'
    )
  })

  it('keeps what a person reads: the lines between the markers, their text whole', () => {
    const printed = inertText('ok\n::set-output name=o::v', () => 'f00d')
    expect(printed).toBe('::stop-commands::f00d\nok\n::set-output name=o::v\n::f00d::')
  })

  it('never uses a token the text contains', () => {
    const tokens = ['cafe', 'beef']
    const printed = inertText('::save-state name=x::y CAFE', () => tokens.shift() ?? 'none')
    expect(printed.split('\n')[0]).toBe('::stop-commands::beef')
  })

  it('takes out control characters and ANSI sequences, keeps tabs and line breaks meant', () => {
    expect(plainLines('a\u0000b\u001b[31mred\u001b[0m\tc\r\nd\re')).toEqual(['abred\tc', 'de'])
  })

  it('guardedLines: lines no runner reads as a command stay as they are', () => {
    expect(guardedLines(['a', '  b ::x'], () => 'f00d')).toEqual(['a', '  b ::x'])
    expect(guardedLines(['a', ' ::x::y'], () => 'f00d')).toEqual([
      '::stop-commands::f00d',
      'a',
      ' ::x::y',
      '::f00d::'
    ])
  })
})
