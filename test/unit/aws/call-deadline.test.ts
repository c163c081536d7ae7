import { describe, expect, it } from '@jest/globals'
import {
  DeadlineReached,
  byDeadline,
  callSignal,
  isDeadlineReached
} from '../../../src/aws/call-deadline.js'

const never = <T>() => new Promise<T>(() => undefined)
const after = <T>(ms: number, value: T) => new Promise<T>(done => setTimeout(() => done(value), ms))

describe('byDeadline', () => {
  it("gives work's result when it comes first, its signal never aborted", async () => {
    let signal: AbortSignal | undefined
    const value = await byDeadline(1_000, async () => {
      signal = callSignal()
      return after(10, 'answer')
    })
    expect(value).toBe('answer')
    expect(signal?.aborted).toBe(false)
  })

  it("passes work's own error on", async () => {
    await expect(byDeadline(1_000, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom'
    )
  })

  it('ends at the deadline when work never does, and aborts the signal its calls were given', async () => {
    let signal: AbortSignal | undefined
    const started = Date.now()
    const ended = byDeadline(100, () => {
      signal = callSignal()
      return never<string>()
    })
    await expect(ended).rejects.toBeInstanceOf(DeadlineReached)
    expect(Date.now() - started).toBeLessThan(600)
    expect(signal?.aborted).toBe(true)
    expect(signal?.reason).toBeInstanceOf(DeadlineReached)
  })

  it('the signal is there for calls made later in the work, after awaits', async () => {
    const seen: boolean[] = []
    await byDeadline(1_000, async () => {
      await after(5, 0)
      seen.push(callSignal() !== undefined)
      await new Promise(done => setImmediate(done))
      seen.push(callSignal() !== undefined)
    })
    expect(seen).toEqual([true, true])
    expect(callSignal()).toBeUndefined()
  })

  it('an inner deadline ends no later than the outer', async () => {
    const started = Date.now()
    const outer = byDeadline(100, () => byDeadline(10_000, () => never<string>()))
    await expect(outer).rejects.toBeInstanceOf(DeadlineReached)
    expect(Date.now() - started).toBeLessThan(600)
  })

  it('tells a deadline from other errors, and from the SDK errors a deadline caused', () => {
    const reached = new DeadlineReached('late')
    expect(isDeadlineReached(reached)).toBe(true)
    expect(isDeadlineReached(Object.assign(new Error('Request aborted'), { cause: reached }))).toBe(
      true
    )
    expect(isDeadlineReached(new Error('Request aborted'))).toBe(false)
  })
})
