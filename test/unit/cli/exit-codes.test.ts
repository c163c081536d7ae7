import { describe, expect, it } from '@jest/globals'
import { exitCodeOf } from '../../../src/cli/exit-codes.js'
import { OUTCOMES, stepSucceeds, type Outcome } from '../../../src/engine/phases/report/report.js'

describe('exit codes from outcomes', () => {
  it.each<[Outcome, number]>([
    ['succeeded', 0],
    ['paused', 0],
    ['dry-run', 0],
    ['skipped', 0],
    ['started', 0],
    ['failed', 1],
    ['rolled-back', 1],
    ['rollback-failed', 1],
    ['unknown', 1]
  ])('%s → %i', (outcome, code) => {
    expect(exitCodeOf(outcome)).toBe(code)
  })

  it("0 exactly where the action's step succeeds", () => {
    for (const outcome of OUTCOMES) expect(exitCodeOf(outcome) === 0).toBe(stepSucceeds(outcome))
  })
})
