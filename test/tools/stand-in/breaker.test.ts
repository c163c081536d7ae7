import { describe, expect, it } from '@jest/globals'
import type {
  BreakerRecord,
  DeploymentRecord,
  ServiceRecord
} from '../../../tools/stand-in/ecs/records.js'
import {
  breakerThreshold,
  countBreakerFailures
} from '../../../tools/stand-in/ecs/rollouts/breaker.js'

/*
 * The stand-in's configurable circuit breaker (rollouts/breaker.ts quotes the API reference):
 * the threshold each type gives, and the count a healthy task resets unless resetOnHealthyTask
 * is false.
 */

type Threshold = NonNullable<BreakerRecord['thresholdConfiguration']>

describe('breakerThreshold', () => {
  it.each<[string, Threshold, number, number]>([
    ['COUNT: the value itself', { type: 'COUNT', value: 5 }, 40, 5],
    ['BOUNDED_PERCENT 50 of 10 tasks', { type: 'BOUNDED_PERCENT', value: 50 }, 10, 5],
    ['BOUNDED_PERCENT 50 of 2 tasks: at least 3', { type: 'BOUNDED_PERCENT', value: 50 }, 2, 3],
    [
      'BOUNDED_PERCENT 50 of 1000 tasks: at most 200',
      { type: 'BOUNDED_PERCENT', value: 50 },
      1000,
      200
    ],
    ['UNBOUNDED_PERCENT 50 of 1000 tasks', { type: 'UNBOUNDED_PERCENT', value: 50 }, 1000, 500],
    ['UNBOUNDED_PERCENT 50 of 2 tasks: no minimum', { type: 'UNBOUNDED_PERCENT', value: 50 }, 2, 1],
    ['a fraction rounds up', { type: 'UNBOUNDED_PERCENT', value: 50 }, 3, 2]
  ])('%s', (_name, threshold, desired, expected) => {
    expect(breakerThreshold(threshold, desired)).toBe(expected)
  })
})

describe('countBreakerFailures', () => {
  const polls = [
    { ran: false, failed: 2 },
    { ran: true, failed: 0 },
    { ran: false, failed: 1 },
    { ran: false, failed: 1 },
    { ran: false, failed: 1 }
  ]
  /** The polls counted by a COUNT 5 breaker: the count after each, and the first that trips. */
  function play(breaker: Partial<BreakerRecord>) {
    const service = {
      desiredCount: 2,
      circuitBreaker: { enable: true, rollback: true, ...breaker }
    } as unknown as ServiceRecord
    const deployment = {} as DeploymentRecord
    const tripped = polls.map(p => countBreakerFailures(service, deployment, p))
    return { count: deployment.breakerFailures, trips: tripped.indexOf(true) }
  }
  const COUNT_5 = { thresholdConfiguration: { type: 'COUNT', value: 5 } as Threshold }

  it('resetOnHealthyTask false: the task that ran resets nothing, the fifth failure trips it', () => {
    expect(play({ ...COUNT_5, resetOnHealthyTask: false })).toEqual({ count: 5, trips: 4 })
  })

  it('resetOnHealthyTask by default: the task that ran resets the count', () => {
    expect(play(COUNT_5)).toEqual({ count: 3, trips: -1 })
  })

  it('without a thresholdConfiguration, or off: nothing counted (a script decides)', () => {
    expect(play({})).toEqual({ count: undefined, trips: -1 })
    expect(play({ ...COUNT_5, enable: false })).toEqual({ count: undefined, trips: -1 })
  })
})
