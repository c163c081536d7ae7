import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { readCommands } from '../../../tools/harness/workflow-commands.js'
import { runnerLog } from '../../../src/runner/log.js'

/*
 * The runner port's log: what it prints is read by the runner (modelled in
 * tools/harness/workflow-commands.ts), and no line from outside may set state or an output there.
 */

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
