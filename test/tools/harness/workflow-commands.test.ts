import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job } from '../../../tools/harness/runner.js'
import { LineReader, readCommands } from '../../../tools/harness/workflow-commands.js'

/*
 * The harness reads a step's stdout and stderr as GitHub's runner does (workflow-commands.ts
 * quotes the runner and its documentation). Each case is a line a runner would, or would not,
 * take as a command; the last ones run a real process under the harness.
 */

describe('what the runner reads as a command', () => {
  const cases: [string, string, Record<string, string>, Record<string, string>][] = [
    ['save-state on a line of its own', '::save-state name=x::y\n', { x: 'y' }, {}],
    ['set-output', '::set-output name=o::v\n', {}, { o: 'v' }],
    ['after leading spaces (TrimStart)', '   ::set-output name=o::v\n', {}, { o: 'v' }],
    ['after a NEL, .NET white space', '\u0085::set-output name=o::v\n', {}, { o: 'v' }],
    ['names in any case', '::SAVE-STATE NAME=x::y\n', { x: 'y' }, {}],
    ['after a bare \\r, a line of its own', 'ok\r::save-state name=x::y\n', { x: 'y' }, {}],
    ['after \\r\\n', 'ok\r\n::set-output name=o::v', {}, { o: 'v' }],
    ['the older ##[ form, anywhere in a line', 'log: ##[set-output name=o;]v\n', {}, { o: 'v' }],
    ['data unescaped', '::save-state name=x::a%0Ab\n', { x: 'a\nb' }, {}],
    ['inside a line: log text', '  backend | ::save-state name=x::y\n', {}, {}],
    ['an unknown command: log text', '::save-statex name=x::y\n', {}, {}],
    ['no name: nothing saved', '::save-state::y\n', {}, {}],
    [
      'between stop-commands and its token: log text, then commands again',
      '::stop-commands::t0k3n\n::save-state name=x::y\n##[set-output name=o]v\n::T0K3N::\n::save-state name=z::w\n',
      { z: 'w' },
      {}
    ],
    [
      'a token that is not the stop token does not resume',
      '::stop-commands::t0k3n\n::other::\n::save-state name=x::y\n',
      {},
      {}
    ],
    ['an empty token never resumes', '::stop-commands::\n::\n::save-state name=x::y\n', {}, {}]
  ]
  it.each(cases)('%s', (_what, text, state, outputs) => {
    const read = readCommands(text)
    expect(read.state).toEqual(state)
    expect(read.outputs).toEqual(outputs)
  })

  it('stdout and stderr share one stop: a stop on one stream holds the other', () => {
    const read = readCommands('::stop-commands::abc\n', '::save-state name=x::y\n')
    expect(read.state).toEqual({})
  })
})

describe('lines as ReadLine cuts them', () => {
  const cut = (...chunks: string[]) => {
    const lines: string[] = []
    const reader = new LineReader(line => lines.push(line))
    for (const chunk of chunks) reader.write(chunk)
    reader.end()
    return lines
  }

  it.each([
    [['a\nb\n'], ['a', 'b']],
    [['a\r\nb'], ['a', 'b']],
    [['a\rb\r'], ['a', 'b']],
    [
      ['a\r', '\nb'],
      ['a', 'b']
    ],
    [
      ['a\r', 'b'],
      ['a', 'b']
    ],
    [
      ['a', 'b\n\nc'],
      ['ab', '', 'c']
    ]
  ])('%j → %j', (chunks, lines) => {
    expect(cut(...chunks)).toEqual(lines)
  })
})

describe('the harness reads a real step as the runner does', () => {
  let root: string
  let workspace: string

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'harness-commands-'))
    workspace = join(root, 'workspace')
    mkdirSync(workspace)
    mkdirSync(join(root, 'action-ecs-deploy'))
    writeFileSync(join(root, 'action-ecs-deploy', 'action.yml'), 'name: probe\ninputs: {}\n')
    mkdirSync(join(root, 'dist', 'ecs-deploy'), { recursive: true })
    writeFileSync(
      join(root, 'dist', 'ecs-deploy', 'index.js'),
      [
        "const { appendFileSync } = require('node:fs')",
        "process.stdout.write('container | starting\\r::save-state name=injected::yes\\n')",
        "process.stdout.write('::set-output name=outcome::from-stdout\\n')",
        "process.stderr.write('::save-state name=viaStderr::1\\n')",
        "appendFileSync(process.env.GITHUB_OUTPUT, 'outcome=from-file\\n')",
        "appendFileSync(process.env.GITHUB_STATE, 'isPost=true\\n')"
      ].join('\n')
    )
    // CommonJS, whatever the repository's package.json says.
    writeFileSync(join(root, 'package.json'), '{"type":"commonjs"}')
  })

  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('a line that injects changes the state; the files win over stdout', async () => {
    const job = new Job({ workspace, endpointEnv: {}, actionsRoot: root })
    try {
      const step = await job.run('ecs-deploy', {})
      expect(step.exitCode).toBe(0)
      expect(step.state).toEqual({ injected: 'yes', viaStderr: '1', isPost: 'true' })
      expect(step.outputs).toEqual({ outcome: 'from-file' })
      expect(step.commands.map(c => c.name)).toEqual(['save-state', 'set-output', 'save-state'])
    } finally {
      job.close()
    }
  })
})
