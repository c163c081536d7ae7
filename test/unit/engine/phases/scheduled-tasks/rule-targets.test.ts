import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  type Target
} from '@aws-sdk/client-eventbridge'
import { mockClient } from 'aws-sdk-client-mock'
import { withTaskDefinition } from '../../../../../src/engine/phases/scheduled-tasks/entries.js'
import {
  READ_BACK_WAITS_MS,
  failedEntries,
  lagging,
  putRuleTargets
} from '../../../../../src/engine/phases/scheduled-tasks/rule-targets.js'
import {
  ecsRuleTarget,
  taskDefinitionArn
} from '../../../../../tools/stand-in/schedules/scheduled-tasks.js'
import { eventsApi } from '../../../../support/aws-apis.js'
import { recordingLog } from '../../../../support/recording-log.js'

const eb = mockClient(EventBridgeClient)
const NEW = taskDefinitionArn('megilance-reports', 8)
const spec = { cluster: 'megilance-cluster', family: 'megilance-reports', revision: 7 }
const a = ecsRuleTarget({ ...spec, id: 'a' })
const b = ecsRuleTarget({ ...spec, id: 'b' })
const moves = [a, b].map(target => ({ target, taskDefinitionArn: NEW }))
const moved = (...targets: Target[]) => ({ Targets: targets.map(t => withTaskDefinition(t, NEW)) })
const busy = (id: string) => ({
  TargetId: id,
  ErrorCode: 'ConcurrentModificationException',
  ErrorMessage: 'Too many requests were made at the same time.'
})

function io() {
  const sleeps: number[] = []
  const { seen, log } = recordingLog()
  return {
    sleeps,
    seen,
    io: { events: eventsApi(), log, sleep: async (ms: number) => void sleeps.push(ms) }
  }
}

const sent = () =>
  eb.commandCalls(PutTargetsCommand).map(c => c.args[0].input.Targets?.map(t => t.Id))

beforeEach(() => {
  eb.reset()
})

describe('a rule’s targets put on a revision', () => {
  it('FailedEntries: the failed entry alone is sent again, then read back', async () => {
    eb.on(PutTargetsCommand)
      .resolvesOnce({ FailedEntryCount: 1, FailedEntries: [busy('b')] })
      .resolves({ FailedEntryCount: 0, FailedEntries: [] })
    eb.on(ListTargetsByRuleCommand).resolves(moved(a, b))
    const t = io()
    const results = await putRuleTargets(t.io, 'nightly', 'default', moves)
    expect([...results]).toEqual([
      ['a', undefined],
      ['b', undefined]
    ])
    expect(sent()).toEqual([['a', 'b'], ['b']])
    expect(t.sleeps).toEqual([1000])
    expect(t.seen[0]).toMatch(
      /^warning\[PutTargets partly failed\] PutTargets on rule nightly \(bus default\) answered FailedEntryCount 1 \(target b: ConcurrentModificationException: Too many requests/
    )
  })

  it('a target that keeps failing is named with the error, never a success', async () => {
    eb.on(PutTargetsCommand).resolves({ FailedEntryCount: 1, FailedEntries: [busy('b')] })
    eb.on(ListTargetsByRuleCommand).resolves(moved(a))
    const t = io()
    const results = await putRuleTargets(t.io, 'nightly', 'default', moves)
    expect(results.get('a')).toBeUndefined()
    expect(results.get('b')).toEqual({
      uncertain: false,
      why: 'PutTargets failed 4 times (ConcurrentModificationException: Too many requests were made at the same time.)'
    })
    expect(sent()).toEqual([['a', 'b'], ['b'], ['b'], ['b']])
    expect(t.sleeps).toEqual([1000, 2000, 4000])
  })

  it('reads again while ListTargetsByRule lags the write; fails it when it never shows', async () => {
    eb.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 })
    eb.on(ListTargetsByRuleCommand)
      .resolvesOnce({ Targets: [a, b] })
      .resolvesOnce({ Targets: [a, b] })
      .resolves(moved(a, b))
    const t = io()
    expect([...(await putRuleTargets(t.io, 'nightly', 'ops', moves)).values()]).toEqual([
      undefined,
      undefined
    ])
    expect(t.sleeps).toEqual([1000, 2000])
    expect(t.seen[0]).toContain(
      'ListTargetsByRule does not show the write to target a, b of rule nightly yet; EventBridge asks to "allow a short period of time for changes to take effect". Reading again in 1 s.'
    )

    eb.reset()
    eb.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 })
    eb.on(ListTargetsByRuleCommand).resolves({ Targets: [a, b] })
    const never = io()
    const results = await putRuleTargets(never.io, 'nightly', 'ops', moves)
    expect(results.get('a')).toEqual({
      uncertain: true,
      why: 'PutTargets answered success, but ListTargetsByRule did not show it within 60 s'
    })
    expect(never.sleeps).toEqual(READ_BACK_WAITS_MS)
  })
})

describe('failed entries', () => {
  it.each([
    [{ failedEntryCount: 0, failedEntries: [] }, []],
    [{ failedEntryCount: 1, failedEntries: [busy('a')] }, ['a']],
    // A count above the entries named: which failed is not known, so every entry sent did.
    [{ failedEntryCount: 1, failedEntries: [] }, ['a', 'b']]
  ])('%j → %j', (answer, ids) => {
    expect([...failedEntries(answer, [a, b]).keys()]).toEqual(ids)
  })

  it('lagging: the written targets a read does not show on their revision (or at all)', () => {
    expect(lagging([withTaskDefinition(a, NEW)], moves)).toEqual(['b'])
    expect(lagging([withTaskDefinition(a, NEW), withTaskDefinition(b, NEW)], moves)).toEqual([])
  })
})
