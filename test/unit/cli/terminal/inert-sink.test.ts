import { describe, expect, it } from '@jest/globals'
import { inertSink, inertWrite } from '../../../../src/cli/terminal/inert-sink.js'
import { TerminalLog } from '../../../../src/cli/terminal/terminal-log.js'
import { readCommands } from '../../../../tools/harness/workflow-commands.js'
import { INJECTIONS } from '../../../support/injections.js'
import { Screen } from '../../../support/terminal-screen.js'

/*
 * The CLI in a `run:` step of GitHub Actions: the runner reads its standard output and standard
 * error for workflow commands (tools/harness/workflow-commands.ts models how). A container's log
 * line or an AWS message the CLI prints must set no output and no state there; a person still
 * reads it. At a terminal, no control character from outside reaches the screen.
 */

/** A stream that is no terminal (a CI log): everything written to it. */
function pipe() {
  let text = ''
  return { sink: { write: (t: string) => void (text += t), isTTY: false }, text: () => text }
}

const nothingRead = (printed: string) => {
  const read = readCommands(printed)
  expect(read.state).toEqual({})
  expect(read.outputs).toEqual({})
  expect(read.commands.filter(c => c.name !== 'stop-commands')).toEqual([])
}

describe('inertSink off a terminal: every write of the CLI leaves inert', () => {
  it.each(INJECTIONS)('%s: written as it is, the runner reads nothing', (_what, text) => {
    const out = pipe()
    inertSink(out.sink).write(`  backend | ${text}\n`)
    inertSink(out.sink).write(`${text}\n`)
    nothingRead(out.text())
    expect(readCommands(`${text}\n`).commands.length).toBeGreaterThan(0) // raw, it would
  })

  it.each(INJECTIONS)('%s: through the log, its titles and group names', async (_what, text) => {
    const out = pipe()
    const log = new TerminalLog({ out: inertSink(out.sink), colour: true, now: () => 0 })
    log.info(text)
    await log.group(`Why ${text}`, async () => {
      log.info(`  backend | ${text}`)
      log.warning(text, text)
      log.error(`Task 3f9a1c stopped: last log line (backend): ${text}`, 'Stopped task')
    })
    nothingRead(out.text())
  })

  it.each<[string, string, string]>([
    ['plain lines', 'a\n  b | ready\n', 'a\n  b | ready\n'],
    ['a bare \\r taken out, \\r\\n a line break', 'a\rb\r\nc\n', 'ab\nc\n'],
    ['SGR colour kept', '\u001b[31merror:\u001b[39m x\n', '\u001b[31merror:\u001b[39m x\n'],
    ['other sequences and controls taken out', '\u001b[2Kx\u0007\u001b[1Ay\u0000\n', 'xy\n'],
    ['tabs kept', 'a\tb\n', 'a\tb\n'],
    [
      'a command between markers',
      'ok\n::set-output name=o::v\n',
      '::stop-commands::f00d\nok\n::set-output name=o::v\n::f00d::\n'
    ],
    ['no line end added', '::x', '::stop-commands::f00d\n::x\n::f00d::']
  ])('inertWrite: %s', (_what, text, printed) => {
    expect(inertWrite(text, () => 'f00d')).toBe(printed)
  })

  it('a coloured line is read as the runner reads it: ESC first is no command', () => {
    const painted = '\u001b[33mwarning: \u001b[39m::set-output name=o::v\n'
    expect(inertWrite(painted, () => 'f00d')).toBe(painted)
    nothingRead(painted)
  })
})

describe('at a terminal', () => {
  it('the sink is the terminal itself: the live lines redraw in place', () => {
    const screen = new Screen()
    expect(inertSink(screen)).toBe(screen)
  })

  it("a container's line moves no cursor and clears nothing: its control characters are taken out", async () => {
    const screen = new Screen()
    const log = new TerminalLog({ out: inertSink(screen), colour: false, now: () => 0 })
    log.info('Started task 3f9a1c.')
    await log.group('Why the\u001b[1A deployment failed', async () => {
      log.info('  backend | step 3\u001b[1A\u001b[2K\rRuntimeError: DATABASE_URL not set')
      log.warning('gone\rhere', 'Stopped\u001b[2K task')
    })
    expect(screen.shown()).toEqual([
      'Started task 3f9a1c.',
      '▸ Why the deployment failed',
      '    backend | step 3RuntimeError: DATABASE_URL not set',
      '  warning: Stopped task: gonehere'
    ])
    expect(screen.raw).not.toMatch(new RegExp(`\r|${String.fromCharCode(27)}\\[(1A|2K)`))
  })
})
