import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import { callSignal, DeadlineReached } from '../../../../../src/aws/call-deadline.js'
import { judgeRolling } from '../../../../../src/engine/kinds/ecs-rolling/judge.js'
import { STALE_GRACE_MS, watchRollout } from '../../../../../src/engine/phases/watch/loop.js'
import type { RolloutSnapshot } from '../../../../../src/engine/phases/watch/verdict.js'
import {
  NEW_ID,
  T0,
  completed,
  deployment,
  rolling,
  service,
  steady,
  tdArn
} from '../../../../support/ecs-fixtures.js'
import { VirtualClock } from '../../../../support/fakes/fake-runtime.js'
import { TARGET as target } from '../../../../support/rollout-fixtures.js'

/** Runs the watch over a list of snapshots (the last repeats), recording the log. */
async function watchOver(reads: readonly (Service | Error)[], timeoutMs = 600_000) {
  const clock = new VirtualClock()
  const logs: string[] = []
  const warnings: string[] = []
  const asked: string[][] = []
  let i = 0
  const result = await watchRollout(
    target,
    judgeRolling,
    { timeoutMs, intervalMs: 10_000 },
    {
      poll: async ids => {
        asked.push([...ids])
        const read = reads[Math.min(i++, reads.length - 1)]!
        if (read instanceof Error) throw read
        return { service: read } satisfies RolloutSnapshot
      },
      now: clock.now,
      sleep: clock.sleep,
      log: m => logs.push(m),
      warn: m => warnings.push(m)
    }
  )
  return { result, clock, logs, warnings, asked }
}

const TWIN = 'ecs-svc/4444444444444444444'

describe('watchRollout', () => {
  it('draws no verdict from stale reads: reads again sooner, then judges our deployment', async () => {
    const w = await watchOver([steady(), steady(), rolling({ runningCount: 1 }), completed()])
    expect(w.result.verdict.status).toBe('succeeded')
    expect(w.clock.sleeps).toEqual([2000, 2000, 10_000])
    expect(w.logs[0]).toMatch(
      /A read does not show deployment ecs-svc\/2+ yet \(PRIMARY is ecs-svc\/1+ on megilance-backend:41, created before ours\)/
    )
  })

  it('calls the state unknown when reads never show our deployment within the grace', async () => {
    const w = await watchOver([steady()])
    expect(w.result.verdict).toMatchObject({ status: 'unknown' })
    expect(w.result.verdict.reason).toContain('ECS did not show deployment')
    expect(w.clock.t - T0).toBe(STALE_GRACE_MS)
  })

  it('follows the twin ECS replaced our deployment with, and judges it', async () => {
    const twin = (d: Partial<Parameters<typeof deployment>[0]>) =>
      service({
        deployments: [
          deployment({ id: TWIN, taskDefinition: tdArn(42), createdAt: new Date(T0 + 5000), ...d })
        ]
      })
    const w = await watchOver([
      rolling({ runningCount: 1 }),
      twin({ runningCount: 1 }),
      twin({ runningCount: 2, rolloutState: 'COMPLETED' })
    ])
    expect(w.result).toMatchObject({ verdict: { status: 'succeeded' }, deploymentId: TWIN })
    expect(w.logs).toContain(
      `ECS replaced deployment ${NEW_ID} with ${TWIN} of the same task definition (megilance-backend:42); following ${TWIN}.`
    )
    expect(w.asked.at(-1)).toEqual([NEW_ID, TWIN])
  })

  it('polls through errors worth another try, and ends on the others', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 }
    })
    const w = await watchOver([throttled, completed()])
    expect(w.result.verdict.status).toBe('succeeded')
    expect(w.warnings[0]).toContain('ThrottlingException: Rate exceeded')
    const denied = Object.assign(
      new Error('User is not authorized to perform: ecs:DescribeServices'),
      { name: 'AccessDeniedException' }
    )
    await expect(watchOver([denied])).rejects.toThrow('not authorized')
  })

  it('fails at wait-for-minutes, saying where the rollout stood', async () => {
    const w = await watchOver([rolling({ runningCount: 1, pendingCount: 1 })], 60_000)
    expect(w.result.verdict).toMatchObject({ status: 'failed', kind: 'timeout' })
    expect(w.result.verdict.reason).toContain('Last state: IN_PROGRESS: 1/2 running, 1 pending')
  })
})

describe('eventsSince', () => {
  it('lists the events since the deploy began, oldest first, keeping same-second events in order', async () => {
    const { eventsSince } = await import('../../../../../src/engine/phases/explain/diagnose.js')
    const t = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s))
    // as ECS answers: newest first
    const events = [
      { createdAt: t(5), message: 'task A failed container health checks.' },
      { createdAt: t(5), message: 'has started 1 tasks: (task A).' },
      { createdAt: t(1), message: 'has reached a steady state.' }
    ]
    expect(eventsSince(service({ deployments: [], events }), t(2))).toEqual([
      '10:00:05Z has started 1 tasks: (task A).',
      '10:00:05Z task A failed container health checks.'
    ])
  })
})

describe('watchRollout: the deadline holds when a read never answers', () => {
  it('abandons the read at the deadline, its AWS calls aborted, and ends timed out', async () => {
    const signals: (AbortSignal | undefined)[] = []
    const warnings: string[] = []
    const started = Date.now()
    const result = await watchRollout(
      target,
      judgeRolling,
      { timeoutMs: 300, intervalMs: 100, lastPollMs: 50 },
      {
        poll: () => {
          signals.push(callSignal())
          return new Promise<RolloutSnapshot>(() => undefined)
        },
        now: () => Date.now(),
        sleep: ms => new Promise(done => setTimeout(done, ms)),
        log: () => undefined,
        warn: m => warnings.push(m)
      }
    )
    const took = Date.now() - started
    expect(result.verdict).toMatchObject({ status: 'failed', kind: 'timeout' })
    expect(result.verdict.reason).toContain('Last state: never described')
    expect(took).toBeGreaterThanOrEqual(290)
    expect(took).toBeLessThan(1000)
    expect(signals.length).toBeGreaterThanOrEqual(1)
    expect(signals.every(s => s?.aborted === true)).toBe(true)
    expect(warnings[0]).toMatch(
      /^Reading the service had not answered after 0 s; the watch's time is up\.$/
    )
  })

  it('a read that answers in time is judged; its calls are not aborted', async () => {
    let signal: AbortSignal | undefined
    const result = await watchRollout(
      target,
      judgeRolling,
      { timeoutMs: 5_000, intervalMs: 100, lastPollMs: 50 },
      {
        poll: async () => {
          signal = callSignal()
          await new Promise(done => setTimeout(done, 20))
          return { service: completed() }
        },
        now: () => Date.now(),
        sleep: ms => new Promise(done => setTimeout(done, ms)),
        log: () => undefined,
        warn: () => undefined
      }
    )
    expect(result.verdict.status).toBe('succeeded')
    expect(signal?.aborted).toBe(false)
  })

  it("a read ended by another watch's deadline (a shared, batched read): tried again", async () => {
    const warnings: string[] = []
    let polls = 0
    const result = await watchRollout(
      target,
      judgeRolling,
      { timeoutMs: 5_000, intervalMs: 10, lastPollMs: 50 },
      {
        poll: async () => {
          if (++polls === 1) {
            throw Object.assign(new Error('Request aborted'), {
              name: 'AbortError',
              cause: new DeadlineReached('another watch')
            })
          }
          return { service: completed() }
        },
        now: () => Date.now(),
        sleep: ms => new Promise(done => setTimeout(done, ms)),
        log: () => undefined,
        warn: m => warnings.push(m)
      }
    )
    expect(result.verdict.status).toBe('succeeded')
    expect(warnings).toEqual([
      'Reading the service was abandoned (AbortError: Request aborted); trying again at the next poll.'
    ])
  })
})
