import { describe, expect, it } from '@jest/globals'
import type { AwsCredentialIdentity } from '@smithy/types'
import {
  renewalMargin,
  sharedSession,
  shouldRenew,
  type Session
} from '../../../src/aws/credentials.js'

/*
 * The renewal rule as tables (times in, renew or not out), and the provider that applies it with
 * a fake clock: a session is renewed once, ahead of its end by a quarter of its length (at most
 * five minutes), and every caller shares it.
 */

const T0 = Date.parse('2026-11-25T10:00:00Z')
const s = (n: number) => n * 1000
const min = (n: number) => n * 60_000

describe('renewalMargin: a quarter of the session, at most five minutes', () => {
  it.each([
    [s(3), 750],
    [s(20), s(5)],
    [min(15), min(3.75)],
    [min(20), min(5)],
    [min(60), min(5)],
    [min(12 * 60), min(5)],
    [0, 0],
    [-s(10), 0]
  ])('a session of %i ms: %i ms', (length, margin) => {
    expect(renewalMargin(length)).toBe(margin)
  })
})

describe('shouldRenew', () => {
  const session = (length: number, extra: Partial<Session> = {}): Session => ({
    issuedAt: T0,
    expiresAt: T0 + length,
    renewed: false,
    ...extra
  })
  it.each([
    { name: '1 h session, 54 min in', session: session(min(60)), at: min(54), renew: false },
    { name: '1 h session, 55 min in', session: session(min(60)), at: min(55), renew: true },
    { name: '20 s session, 14.9 s in', session: session(s(20)), at: 14_900, renew: false },
    { name: '20 s session, 15 s in', session: session(s(20)), at: s(15), renew: true },
    { name: '20 s session, just issued', session: session(s(20)), at: 0, renew: false },
    { name: '3 s session, 2.2 s in', session: session(s(3)), at: 2200, renew: false },
    { name: '3 s session, 2.25 s in', session: session(s(3)), at: 2250, renew: true },
    { name: '20 s session, ended', session: session(s(20)), at: s(25), renew: true },
    {
      name: '20 s session already renewed, ended',
      session: session(s(20), { renewed: true }),
      at: s(25),
      renew: false
    },
    {
      name: 'a session without an end',
      session: session(0, { expiresAt: undefined }),
      at: min(600),
      renew: false
    },
    {
      name: 'a session that ended before it arrived (clock ahead of STS)',
      session: session(-s(5)),
      at: s(1),
      renew: false
    }
  ])('$name: $renew', ({ session: held, at, renew }) => {
    expect(shouldRenew(held, T0 + at)).toBe(renew)
  })
})

/** A provider over a fake STS: each take answers a session of `length` from the fake clock. */
function fakeSessions(length: number, options: { failAt?: number } = {}) {
  const clock = { now: T0 }
  let taken = 0
  const take = async (): Promise<AwsCredentialIdentity> => {
    taken += 1
    await Promise.resolve()
    if (taken === options.failAt) throw new Error('Throttling: Rate exceeded')
    return {
      accessKeyId: `ASIA${taken}`,
      secretAccessKey: `secret-${taken}`,
      expiration: new Date(clock.now + length)
    }
  }
  const provider = sharedSession(take, () => clock.now)
  return { clock, provider, taken: () => taken }
}

describe('sharedSession: one session for every client, renewed once', () => {
  it('is marked memoized, so the SDK clients do not cache it again', () => {
    expect(fakeSessions(s(20)).provider.memoized).toBe(true)
  })

  it('coalesces concurrent callers into one AssumeRole, first and on renewal', async () => {
    const { clock, provider, taken } = fakeSessions(s(20))
    const first = await Promise.all(Array.from({ length: 10 }, () => provider()))
    expect(new Set(first.map(c => c.accessKeyId))).toEqual(new Set(['ASIA1']))
    clock.now += s(16)
    const renewed = await Promise.all(Array.from({ length: 10 }, () => provider()))
    expect(new Set(renewed.map(c => c.accessKeyId))).toEqual(new Set(['ASIA2']))
    expect(taken()).toBe(2)
  })

  it.each([
    // Session length, the calls' times (ms from the first), the sessions taken in all.
    { length: s(20), calls: 450, every: 100, sessions: 3 },
    { length: s(20), calls: 60, every: 1000, sessions: 4 },
    { length: s(3), calls: 10, every: 1000, sessions: 4 },
    { length: min(60), calls: 120, every: 60_000, sessions: 3 }
  ])(
    'a session of $length ms, $calls calls $every ms apart: $sessions sessions',
    async ({ length, calls, every, sessions }) => {
      const { clock, provider, taken } = fakeSessions(length)
      let last = ''
      for (let i = 0; i < calls; i++) {
        const c = await provider()
        // Never a session that has ended, and never one that is not the newest.
        expect(c.expiration!.getTime()).toBeGreaterThan(clock.now)
        if (c.accessKeyId !== last) expect(Number(c.accessKeyId.slice(4))).toBe(taken())
        last = c.accessKeyId
        clock.now += every
      }
      expect(taken()).toBe(sessions)
    }
  )

  it('a failed renewal throws to its callers, does not count, and the next call renews', async () => {
    const { clock, provider, taken } = fakeSessions(s(20), { failAt: 2 })
    expect((await provider()).accessKeyId).toBe('ASIA1')
    clock.now += s(16)
    await expect(Promise.all([provider(), provider()])).rejects.toThrow(/Throttling/)
    expect(taken()).toBe(2)
    expect((await provider()).accessKeyId).toBe('ASIA3')
    expect(taken()).toBe(3)
  })
})
