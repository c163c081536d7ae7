import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { readCommands } from '../../../tools/harness/workflow-commands.js'
import { inertText, plainLines } from '../../../src/runner/inert-text.js'
import { runnerLog } from '../../../src/runner/log.js'

/*
 * What the runner port prints is read by the runner (modelled in
 * tools/harness/workflow-commands.ts): no line from outside may set state or an output there.
 */

const INJECTIONS: [string, string][] = [
  ['a bare \\r before save-state', 'Starting worker\r::save-state name=isPost::false'],
  ['set-output on its own line', '::set-output name=outcome::succeeded'],
  ['after leading spaces', '   ::save-state name=x::y'],
  ['the older form inside a line', 'log line ##[set-output name=outcome]succeeded'],
  ['after a NEL, which .NET trims as white space', '\u0085::save-state name=x::y'],
  ['several lines, one of them a command', 'first\n::save-state name=x::y\nlast'],
  [
    'a stop token of its own, then a command',
    '::stop-commands::abc\n::abc::\n::save-state name=x::y'
  ]
]

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
})

describe('runnerLog.info', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('writes inert lines to stdout', () => {
    const written: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      written.push(String(chunk))
      return true
    })
    runnerLog.info('  backend | boot\r::save-state name=isPost::false')
    runnerLog.info('  backend | ##[set-output name=outcome]succeeded')
    const read = readCommands(written.join(''))
    expect(read.state).toEqual({})
    expect(read.outputs).toEqual({})
    expect(written.join('')).toContain('::save-state name=isPost::false')
  })
})
