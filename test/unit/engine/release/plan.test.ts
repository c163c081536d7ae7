import { describe, expect, it } from '@jest/globals'
import type { Outcome } from '../../../../src/engine/phases/report/report.js'
import { afterWaves, skippedAfter } from '../../../../src/engine/release/plan.js'
import type { ReleaseEntry, ReleaseFile } from '../../../../src/engine/release/release-file.js'
import { serviceSettings } from '../../../../src/engine/release/service-settings.js'
import { readSettings } from '../../../../src/engine/settings/settings.js'

/*
 * What a release does between and after its waves (release/plan.ts), and the settings each of its
 * services runs with (release/service-settings.ts): pure, as tables.
 */

const WAVES = [['backend', 'worker'], ['frontend'], ['mailer']]
const outcomes = (o: Record<string, Outcome>) => (service: string) => o[service]

describe('skippedAfter: no later wave starts once a service of a wave did not succeed', () => {
  it.each([
    [
      'every service of wave 1 succeeded: go on',
      0,
      { backend: 'succeeded', worker: 'succeeded' },
      []
    ],
    [
      'one of wave 1 failed: waves 2 and 3 are skipped',
      0,
      { backend: 'succeeded', worker: 'failed' },
      ['frontend', 'mailer']
    ],
    [
      'wave 2 rolled back: wave 3 is skipped',
      1,
      { backend: 'succeeded', worker: 'succeeded', frontend: 'rolled-back' },
      ['mailer']
    ],
    [
      'wave 2 unknown: wave 3 is skipped',
      1,
      { backend: 'succeeded', worker: 'succeeded', frontend: 'unknown' },
      ['mailer']
    ],
    ['the last wave failed: nothing left to skip', 2, { mailer: 'failed' }, []]
  ] as [string, number, Record<string, Outcome>, string[]][])('%s', (_name, wave, o, skipped) => {
    expect(skippedAfter(WAVES, wave, outcomes(o))).toEqual(skipped)
  })
})

describe('afterWaves: after a failure, every service that succeeded goes back, latest first', () => {
  const put = (...services: string[]) => ({ then: 'put-back', services })
  it.each([
    [
      'every service succeeded: nothing to do',
      { backend: 'succeeded', worker: 'succeeded', frontend: 'succeeded', mailer: 'succeeded' },
      true,
      { then: 'done' }
    ],
    [
      'a dry run: nothing to do',
      { backend: 'dry-run', worker: 'dry-run', frontend: 'dry-run', mailer: 'dry-run' },
      true,
      { then: 'done' }
    ],
    [
      'wave 2 failed: the two services of wave 1 go back, in reverse order',
      { backend: 'succeeded', worker: 'succeeded', frontend: 'rolled-back', mailer: 'skipped' },
      true,
      put('worker', 'backend')
    ],
    [
      'wave 3 failed: wave 2, then wave 1, in reverse order',
      { backend: 'succeeded', worker: 'succeeded', frontend: 'succeeded', mailer: 'failed' },
      true,
      put('frontend', 'worker', 'backend')
    ],
    [
      'one of wave 1 failed: only its twin that succeeded goes back',
      { backend: 'succeeded', worker: 'unknown', frontend: 'skipped', mailer: 'skipped' },
      true,
      put('backend')
    ],
    [
      'rollback-on-failure false: the services the release changed are left as they are',
      { backend: 'succeeded', worker: 'succeeded', frontend: 'failed', mailer: 'skipped' },
      false,
      { then: 'leave' }
    ]
  ] as [string, Record<string, Outcome>, boolean, unknown][])(
    '%s',
    (_name, o, rollbackOnFailure, expected) => {
      expect(afterWaves(WAVES, outcomes(o), rollbackOnFailure)).toEqual(expected)
    }
  )
})

describe("serviceSettings: a release's service, its cluster and its images", () => {
  const settings = (inputs: Record<string, string>) =>
    readSettings(
      name => ({ 'aws-region': 'us-east-1', release: 'deploy/release.yml', ...inputs })[name] ?? '',
      {}
    )
  const entry = (service: string, more: Partial<ReleaseEntry> = {}): ReleaseEntry => ({
    service,
    taskDefinition: '',
    containerName: '',
    image: '',
    after: [],
    runTaskCommand: '',
    runTaskContainer: '',
    environmentUrl: '',
    ...more
  })
  const file = (cluster: string | undefined, ...entries: ReleaseEntry[]): ReleaseFile => ({
    path: 'deploy/release.yml',
    cluster,
    entries,
    waves: [entries.map(e => e.service)]
  })

  it.each([
    ['the file names no cluster: the cluster input', undefined, 'staging', 'staging'],
    ['no cluster at all: the input default', undefined, '', 'default'],
    ['a top-level cluster wins over the input', 'megilance-cluster', 'staging', 'megilance-cluster']
  ])('%s', (_name, fileCluster, input, expected) => {
    const one = entry('megilance-backend')
    const s = serviceSettings(settings({ cluster: input }), file(fileCluster, one), one)
    expect(s.cluster).toBe(expected)
    expect(s.service).toBe('megilance-backend')
  })

  const IMAGES = [
    'sidecar=registry.example/sidecar:2',
    'megilance-backend/backend=registry.example/backend:2',
    'megilance-frontend/frontend=registry.example/frontend:2'
  ].join('\n')
  it.each([
    [
      'the backend: the unprefixed line (where it has the container), and its own SERVICE/CONTAINER line',
      entry('megilance-backend'),
      [
        { container: 'sidecar', image: 'registry.example/sidecar:2', optional: true },
        { container: 'backend', image: 'registry.example/backend:2' }
      ]
    ],
    [
      'the frontend: the same unprefixed line, and its own line (not the backend one)',
      entry('megilance-frontend'),
      [
        { container: 'sidecar', image: 'registry.example/sidecar:2', optional: true },
        { container: 'frontend', image: 'registry.example/frontend:2' }
      ]
    ],
    [
      'a service no line names: the unprefixed line alone',
      entry('megilance-worker'),
      [{ container: 'sidecar', image: 'registry.example/sidecar:2', optional: true }]
    ],
    [
      "the entry's own image comes first",
      entry('megilance-worker', { containerName: 'worker', image: 'registry.example/worker:2' }),
      [
        { container: 'worker', image: 'registry.example/worker:2' },
        { container: 'sidecar', image: 'registry.example/sidecar:2', optional: true }
      ]
    ]
  ])('%s', (_name, one, expected) => {
    const s = serviceSettings(settings({ images: IMAGES }), file(undefined, one), one)
    expect(
      s.render.images.map(i => ({
        container: i.container,
        image: i.image,
        ...(i.optional ? { optional: true } : {})
      }))
    ).toEqual(expected)
  })
})
