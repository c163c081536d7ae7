import { describe, expect, it } from '@jest/globals'
import { TerminalLog } from '../../../../src/cli/terminal/terminal-log.js'
import { Screen } from '../../../support/terminal-screen.js'

const line = (state: string, running: number) =>
  `${state}: ${running}/2 running, ${2 - running} pending, 0 failed; 2 old tasks running`

/** A stream that is no terminal: what it got, line by line. */
function pipe() {
  let text = ''
  return {
    sink: { write: (t: string) => void (text += t), isTTY: false },
    lines: () => text.split('\n').slice(0, -1)
  }
}

function clock() {
  let t = 1_000_000
  return { now: () => t, advance: (ms: number) => void (t += ms) }
}

describe('TerminalLog: the engine log at a terminal and in a CI log', () => {
  it('off a terminal: groups as headings, lines under them, progress behind the time so far', async () => {
    const out = pipe()
    const c = clock()
    const log = new TerminalLog({ out: out.sink, colour: false, now: c.now, label: () => 'api' })
    log.info('AWS credentials: the default chain.')
    await log.group('Watch deployment ecs-svc/1', async () => {
      log.info(line('IN_PROGRESS', 0))
      c.advance(5000)
      log.info(line('IN_PROGRESS', 1))
      log.warning('Polling the service failed; trying again.', 'Throttled')
      c.advance(7000)
      log.info(line('COMPLETED', 2))
    })
    log.notice('This run is older.\nNothing was written.', 'Deploy skipped')
    log.error('It failed.')
    expect(out.lines()).toEqual([
      'AWS credentials: the default chain.',
      '▸ Watch deployment ecs-svc/1',
      `  0:00 ${line('IN_PROGRESS', 0)}`,
      `  0:05 ${line('IN_PROGRESS', 1)}`,
      '  warning: Throttled: Polling the service failed; trying again.',
      `  0:12 ${line('COMPLETED', 2)}`,
      'notice: Deploy skipped: This run is older.',
      '  Nothing was written.',
      'error: It failed.'
    ])
  })

  it("off a terminal, a release's progress lines each say whose they are", async () => {
    const out = pipe()
    const log = new TerminalLog({
      out: out.sink,
      colour: false,
      now: () => 0,
      label: group => (group.endsWith('/1') ? 'api' : 'web'),
      named: true
    })
    await Promise.all([
      log.group('Watch deployment ecs-svc/1', async () => log.info(line('IN_PROGRESS', 0))),
      log.group('Watch deployment ecs-svc/2', async () => log.info(line('IN_PROGRESS', 1)))
    ])
    expect(out.lines().filter(l => l.includes('running'))).toEqual([
      `  0:00 api: ${line('IN_PROGRESS', 0)}`,
      `  0:00 web: ${line('IN_PROGRESS', 1)}`
    ])
  })

  it('at a terminal: one live line, rewritten, that settles into one line per stage', async () => {
    const screen = new Screen()
    const c = clock()
    const log = new TerminalLog({ out: screen, colour: false, now: c.now, label: () => 'api' })
    let during: string[] = []
    await log.group('Watch deployment ecs-svc/1', async () => {
      log.info(line('IN_PROGRESS', 0))
      c.advance(3000)
      log.info(line('IN_PROGRESS', 1))
      during = screen.shown()
      log.info('ECS replaced deployment ecs-svc/1 with ecs-svc/2; following.')
      c.advance(9000)
      log.info(line('COMPLETED', 2))
      c.advance(1000)
    })
    expect(during).toEqual(['▸ Watch deployment ecs-svc/1', '⟳ api  IN_PROGRESS  1/2 tasks  0:03'])
    expect(screen.shown()).toEqual([
      '▸ Watch deployment ecs-svc/1',
      '  ECS replaced deployment ecs-svc/1 with ecs-svc/2; following.',
      '  ✓ api  IN_PROGRESS  1/2 tasks  0:12',
      '  ✓ api  COMPLETED  2/2 tasks  0:13'
    ])
    expect(screen.raw).toContain('\r\u001b[2K')
  })

  it("at a terminal: a release's services each keep their own live line", async () => {
    const screen = new Screen()
    const c = clock()
    const log = new TerminalLog({ out: screen, colour: false, now: c.now })
    let release: () => void = () => undefined
    const gate = new Promise<void>(done => (release = done))
    const watch = (id: string, running: number) =>
      log.group(`Watch deployment ${id}`, async () => {
        log.info(line('IN_PROGRESS', running))
        await gate
      })
    const both = Promise.all([watch('ecs-svc/1', 0), watch('ecs-svc/2', 1)])
    await new Promise(done => setImmediate(done))
    expect(screen.shown().slice(-2)).toEqual([
      '⟳ deployment ecs-svc/1  IN_PROGRESS  0/2 tasks  0:00',
      '⟳ deployment ecs-svc/2  IN_PROGRESS  1/2 tasks  0:00'
    ])
    release()
    await both
    expect(screen.shown().filter(l => l.includes('✓'))).toEqual([
      '  ✓ deployment ecs-svc/1  IN_PROGRESS  0/2 tasks  0:00',
      '  ✓ deployment ecs-svc/2  IN_PROGRESS  1/2 tasks  0:00'
    ])
    expect(screen.shown().some(l => l.startsWith('⟳'))).toBe(false)
  })

  it.each([
    [30, '⟳ api  IN_PROGRESS  1/2 tasks'],
    [0, '⟳ api  IN_PROGRESS  1/2 tasks  0:00']
  ])(
    'a terminal %i columns wide: the live line fits it (0: unknown, taken as 100)',
    async (columns, live) => {
      const screen = new Screen(columns)
      const log = new TerminalLog({ out: screen, colour: false, now: () => 0, label: () => 'api' })
      let during: string[] = []
      await log.group('Watch deployment ecs-svc/1', async () => {
        log.info(line('IN_PROGRESS', 1))
        during = screen.shown()
      })
      expect(during.at(-1)).toBe(live)
    }
  )

  it('colour only when asked: warnings yellow, errors red, headings bold', async () => {
    const out = pipe()
    const log = new TerminalLog({ out: out.sink, colour: true, now: () => 0 })
    await log.group('Read service', async () => log.warning('w', 'T'))
    log.error('e')
    expect(out.lines()).toEqual([
      '\u001b[1m▸ Read service\u001b[22m',
      '  \u001b[33mwarning: T: \u001b[39mw',
      '\u001b[31merror: \u001b[39me'
    ])
  })
})
