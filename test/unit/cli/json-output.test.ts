import { describe, expect, it } from '@jest/globals'
import { inertJson, jsonLine } from '../../../src/cli/json-output.js'
import { inertWrite } from '../../../src/cli/terminal/inert-sink.js'
import { readCommands } from '../../../tools/harness/workflow-commands.js'
import { INJECTIONS } from '../../support/injections.js'

describe('--json: the outputs as one JSON object on one line', () => {
  it("every value the action's string", () => {
    const line = jsonLine([
      ['outcome', 'succeeded'],
      ['run-task-exit-code', '0'],
      ['services', '']
    ])
    expect(line).not.toContain('\n')
    expect(JSON.parse(line)).toEqual({
      outcome: 'succeeded',
      'run-task-exit-code': '0',
      services: ''
    })
  })

  it("a release's services as the array itself", () => {
    const services = [{ service: 'api', outcome: 'succeeded' }]
    expect(JSON.parse(jsonLine([['services', JSON.stringify(services)]]))).toEqual({ services })
  })
})

describe('--json: a line the sink prints unchanged, the last of standard output', () => {
  it.each(INJECTIONS)('%s: the same value back, and nothing a runner reads', (_what, text) => {
    const line = jsonLine([
      ['outcome', 'rolled-back'],
      ['services', JSON.stringify([{ service: 'api', reason: text }])]
    ])
    expect(JSON.parse(line)).toEqual({
      outcome: 'rolled-back',
      services: [{ service: 'api', reason: text }]
    })
    expect(inertWrite(`${line}\n`, () => 'f00d')).toBe(`${line}\n`)
    expect(readCommands(`${line}\n`).commands).toEqual([])
  })

  it('DEL and the C1 controls as \\u escapes', () => {
    expect(inertJson({ a: 'x\u007f\u0085y ##[z' })).toBe('{"a":"x\\u007f\\u0085y ##\\u005bz"}')
  })
})
