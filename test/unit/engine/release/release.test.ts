import { describe, expect, it } from '@jest/globals'
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient
} from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import { BatchingEcsApi } from '../../../../src/aws/ecs/batching.js'
import type { Outcome } from '../../../../src/engine/phases/report/report.js'
import { alignedSleep } from '../../../../src/engine/release/aligned-sleep.js'
import { releaseOutcome } from '../../../../src/engine/release/outcome.js'
import { waves } from '../../../../src/engine/release/waves.js'
import { TEST_CREDENTIALS } from '../../../support/aws-apis.js'

const fail = (message: string): never => {
  throw new Error(message)
}

describe('waves: services whose after is met roll out together', () => {
  it.each([
    [
      'independent services: one wave',
      [
        ['a', []],
        ['b', []],
        ['c', []]
      ],
      [['a', 'b', 'c']]
    ],
    [
      'a chain',
      [
        ['c', ['b']],
        ['b', ['a']],
        ['a', []]
      ],
      [['a'], ['b'], ['c']]
    ],
    [
      'a diamond',
      [
        ['a', []],
        ['b', ['a']],
        ['c', ['a']],
        ['d', ['b', 'c']]
      ],
      [['a'], ['b', 'c'], ['d']]
    ]
  ] as [string, [string, string[]][], string[][]][])('%s', (_name, entries, expected) => {
    expect(
      waves(
        entries.map(([service, after]) => ({ service, after })),
        fail
      )
    ).toEqual(expected)
  })

  it('refuses a cycle, naming each entry by its number and service', () => {
    const entries = [
      { service: 'a', after: ['c'] },
      { service: 'b', after: ['a'] },
      { service: 'c', after: ['b'] },
      { service: 'd', after: [] }
    ]
    expect(() => waves(entries, fail)).toThrow(
      'after forms a cycle: entry 1 (a) → entry 3 (c) → entry 2 (b) → entry 1 (a).'
    )
  })
})

describe("releaseOutcome: the release's outcome from its services'", () => {
  it.each([
    [['succeeded', 'succeeded'], 'succeeded'],
    [['dry-run', 'dry-run'], 'dry-run'],
    [['skipped', 'skipped'], 'skipped'],
    [['rolled-back', 'rolled-back'], 'rolled-back'],
    [['rolled-back', 'skipped'], 'rolled-back'],
    [['rolled-back', 'rollback-failed'], 'rollback-failed'],
    [['rollback-failed', 'unknown'], 'unknown'],
    [['succeeded', 'failed'], 'failed'],
    [['succeeded', 'rolled-back'], 'failed']
  ] as [Outcome[], Outcome][])('%j → %s', (outcomes, expected) => {
    expect(releaseOutcome(outcomes)).toBe(expected)
  })
})

describe('alignedSleep: a wave polls on one beat', () => {
  it.each([
    ['a poll interval from a beat ends on the next beat', 10_000, 10_000, 10_000],
    ['3.2 s after a beat: the nearest beat, 6.8 s on', 3_200, 10_000, 6_800],
    ['7 s after a beat: the beat nearest 17 s is 20 s, 13 s on', 7_000, 10_000, 13_000],
    ['a short wait (a stale re-read) is kept as it is', 3_000, 2_000, 2_000]
  ])('%s', async (_name, at, ms, expected) => {
    const waited: number[] = []
    const sleep = alignedSleep(
      async w => void waited.push(w),
      () => at,
      10_000,
      0
    )
    await sleep(ms)
    expect(waited).toEqual([expected])
  })
})

describe('BatchingEcsApi: the reads of a wave go to ECS as one call', () => {
  it('describes the services asked within the window in one DescribeServices, each its own answer', async () => {
    const ecs = mockClient(ECSClient)
    ecs.on(DescribeServicesCommand).callsFake(input => ({
      services: (input.services as string[])
        .filter(s => s !== 'gone')
        .map(s => ({ serviceName: s })),
      failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/c/gone', reason: 'MISSING' }]
    }))
    ecs.on(DescribeServiceDeploymentsCommand).callsFake(input => ({
      serviceDeployments: (input.serviceDeploymentArns as string[]).map(a => ({
        serviceDeploymentArn: a
      }))
    }))
    const api = new BatchingEcsApi(
      new ECSClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS }),
      5
    )
    const [a, b, gone, da, db] = await Promise.allSettled([
      api.describeService('c', 'a'),
      api.describeService('c', 'b'),
      api.describeService('c', 'gone'),
      api.describeServiceDeployment('sd-a'),
      api.describeServiceDeployment('sd-b')
    ])
    expect(ecs.commandCalls(DescribeServicesCommand).map(c => c.args[0].input)).toEqual([
      { cluster: 'c', services: ['a', 'b', 'gone'] }
    ])
    expect(ecs.commandCalls(DescribeServiceDeploymentsCommand)).toHaveLength(1)
    expect(a).toEqual({ status: 'fulfilled', value: { serviceName: 'a' } })
    expect(b).toEqual({ status: 'fulfilled', value: { serviceName: 'b' } })
    expect(gone.status).toBe('rejected')
    expect(da).toEqual({ status: 'fulfilled', value: { serviceDeploymentArn: 'sd-a' } })
    expect(db).toEqual({ status: 'fulfilled', value: { serviceDeploymentArn: 'sd-b' } })
    ecs.restore()
  })

  it.each([
    [10, [10]],
    [11, [10, 1]],
    [12, [10, 2]],
    [25, [10, 10, 5]]
  ])(
    '%i services of a wave: DescribeServices in batches of %j (10 at most a call)',
    async (count, batches) => {
      const ecs = mockClient(ECSClient)
      ecs.on(DescribeServicesCommand).callsFake(input => ({
        services: (input.services as string[]).map(s => ({ serviceName: s }))
      }))
      const api = new BatchingEcsApi(
        new ECSClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS }),
        5
      )
      const names = Array.from({ length: count }, (_, i) => `svc-${i + 1}`)
      const read = await Promise.all(names.map(name => api.describeService('c', name)))
      const calls = ecs.commandCalls(DescribeServicesCommand).map(c => c.args[0].input.services)
      expect(calls.map(services => services?.length)).toEqual(batches)
      expect(calls.flat()).toEqual(names)
      expect(read.map(s => s.serviceName)).toEqual(names)
      ecs.restore()
    }
  )
})
