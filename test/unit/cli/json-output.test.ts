import { describe, expect, it } from '@jest/globals'
import { jsonLine } from '../../../src/cli/json-output.js'

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
