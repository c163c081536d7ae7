import { diskFiles } from '../../../src/shared/files.js'
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EcrApi } from '../../../src/aws/ecr.js'
import { BatchingEcsApi } from '../../../src/aws/ecs/batching.js'
import { EventsApi } from '../../../src/aws/events.js'
import { LogsApi } from '../../../src/aws/logs.js'
import { SchedulerApi } from '../../../src/aws/scheduler.js'
import { release } from '../../../src/engine/modes/release.js'
import { PostState } from '../../../src/engine/post-state.js'
import { readSettings } from '../../../src/engine/settings/settings.js'
import {
  CLUSTER,
  REGION,
  placeholderImage,
  seedMegilance,
  tdArn,
  type SeedOptions
} from '../../../tools/harness/megilance.js'
import { recordingLog } from '../../support/recording-log.js'
import {
  STATIC_KEYS,
  rollouts,
  startStandIn,
  type RolloutScript,
  type StandIn
} from '../../../tools/stand-in/index.js'

/*
 * The release mode in-process (src/engine/modes/release.ts) against the AWS stand-in, polls
 * without waiting: after a wave fails no later wave starts; every service that succeeded goes back
 * in reverse order (the latest wave first); with rollback-on-failure false every service is left
 * as it is. Each case asserts the outcomes, the UpdateService calls made and not made, and what
 * each service runs at the end.
 */

const dir = mkdtempSync(join(tmpdir(), 'release-mode-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const WORKER = 'megilance-worker'
const workerArn = (revision: number) => tdArn('backend', revision).replace('backend', 'worker')
const crash = { stoppedReason: 'Essential container in task exited', exitCode: 1 }

/** megilance-worker: the backend's definition under its own family, running revision 1. */
function seedWorker(
  standIn: StandIn,
  circuitBreaker: SeedOptions['circuitBreaker'],
  scripts: readonly RolloutScript[]
): string {
  const worker = JSON.parse(
    readFileSync(resolve('examples/megilance/backend-task-definition.json'), 'utf8')
  ) as { family: string; containerDefinitions: { image: string }[] }
  worker.family = WORKER
  const path = join(dir, 'worker-task-definition.json')
  writeFileSync(path, JSON.stringify(worker))
  for (const c of worker.containerDefinitions) c.image = placeholderImage('backend', 'release-1')
  standIn.ecs.seedService({
    cluster: CLUSTER,
    service: WORKER,
    taskDefinition: standIn.ecs.seedTaskDefinition(worker as unknown as Record<string, unknown>),
    desiredCount: 2,
    rollouts: scripts,
    ...(circuitBreaker ? { circuitBreaker } : {})
  })
  return path
}

/** A release of the three services: `after` per service, its entries in this order. */
function releaseFile(
  after: Record<string, string[]>,
  workerFile: string,
  cluster: string | undefined
): string {
  const entry = (service: string, file: string, container: string, app: 'backend' | 'frontend') =>
    `  - service: ${service}\n    task-definition: ${file}\n    container-name: ${container}\n` +
    `    image: ${placeholderImage(app, 'release-2')}\n    after: [${(after[service] ?? []).join(', ')}]\n`
  const path = join(dir, `release-${Math.random().toString(36).slice(2)}.yml`)
  writeFileSync(
    path,
    (cluster ? `cluster: ${cluster}\n` : '') +
      'services:\n' +
      entry(
        'megilance-backend',
        resolve('examples/megilance/backend-task-definition.json'),
        'backend',
        'backend'
      ) +
      entry(WORKER, workerFile, 'backend', 'backend') +
      entry(
        'megilance-frontend',
        resolve('examples/megilance/frontend-task-definition.json'),
        'frontend',
        'frontend'
      )
  )
  return path
}

async function runRelease(standIn: StandIn, path: string, inputs: Record<string, string>) {
  const all: Record<string, string> = {
    'aws-region': REGION,
    cluster: CLUSTER,
    release: path,
    'poll-interval-seconds': '1',
    'wait-for-minutes': '3',
    ...inputs
  }
  const client = {
    region: REGION,
    endpoint: standIn.endpoint,
    credentials: {
      accessKeyId: STATIC_KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: STATIC_KEYS.AWS_SECRET_ACCESS_KEY
    }
  }
  const { seen, log } = recordingLog()
  const report = await release({
    s: readSettings(name => all[name] ?? '', {}),
    io: {
      ecs: new BatchingEcsApi(new ECSClient(client), 5),
      logs: new LogsApi(new CloudWatchLogsClient(client)),
      ecr: new EcrApi(new ECRClient(client)),
      client: Api => new Api(new Api.Client(client)),
      events: new EventsApi({ send: () => Promise.reject(new Error('no EventBridge here')) }),
      scheduler: new SchedulerApi({ send: () => Promise.reject(new Error('no Scheduler here')) }),
      log,
      now: () => Date.now(),
      sleep: async () => {},
      httpGet: async () => 200,
      files: diskFiles,
      tempDir: dir,
      post: new PostState(() => {}),
      run: { sha: '', runUrl: '' },
      region: REGION
    }
  })
  return { report, seen }
}

interface Case {
  readonly name: string
  readonly after: Record<string, string[]>
  readonly circuitBreaker: { enable: boolean; rollback: boolean }
  readonly inputs: Record<string, string>
  readonly outcome: string
  readonly outcomes: Record<string, string>
  /** UpdateService calls, as SERVICE → REVISION; those of one wave sorted (they go together). */
  readonly updates: string[][]
  readonly running: Record<string, string>
  /** The service whose rollout ECS's circuit breaker fails. */
  readonly fails: 'worker' | 'frontend' | undefined
  /** A line the log must hold. */
  readonly says?: string
  /** The release file's top-level cluster. */
  readonly cluster?: string
}

const BACKEND_2 = `megilance-backend → ${tdArn('backend', 2)}`
const WORKER_2 = `${WORKER} → ${workerArn(2)}`
const FRONTEND_2 = `megilance-frontend → ${tdArn('frontend', 2)}`

const CASES: Case[] = [
  {
    name: 'rollback-on-failure false: the failed wave and the one before stay as they are, the last wave never starts',
    after: { [WORKER]: ['megilance-backend'], 'megilance-frontend': [WORKER] },
    circuitBreaker: { enable: true, rollback: false },
    inputs: { 'rollback-on-failure': 'false' },
    fails: 'worker',
    outcome: 'failed',
    outcomes: {
      'megilance-backend': 'succeeded',
      [WORKER]: 'failed',
      'megilance-frontend': 'skipped'
    },
    updates: [[BACKEND_2], [WORKER_2]],
    running: {
      'megilance-backend': tdArn('backend', 2),
      [WORKER]: workerArn(2),
      'megilance-frontend': tdArn('frontend', 1)
    },
    says: 'info rollback-on-failure is false: the services this release changed are left as they are.'
  },
  {
    name: 'the second wave fails and ECS rolls it back: the two services of the first go back, in reverse order',
    after: { 'megilance-frontend': ['megilance-backend', WORKER] },
    circuitBreaker: { enable: true, rollback: true },
    inputs: {},
    fails: 'frontend',
    outcome: 'rolled-back',
    outcomes: {
      'megilance-backend': 'rolled-back',
      [WORKER]: 'rolled-back',
      'megilance-frontend': 'rolled-back'
    },
    updates: [
      [BACKEND_2, WORKER_2],
      [FRONTEND_2],
      [`${WORKER} → ${workerArn(1)}`],
      [`megilance-backend → ${tdArn('backend', 1)}`]
    ],
    running: {
      'megilance-backend': tdArn('backend', 1),
      [WORKER]: workerArn(1),
      'megilance-frontend': tdArn('frontend', 1)
    },
    says: `info Putting ${WORKER} back to ${workerArn(1)}, the revision it ran before the release.`
  },
  {
    name: "a top-level cluster wins over the cluster input: the release runs on the file's cluster",
    after: { 'megilance-frontend': ['megilance-backend'] },
    circuitBreaker: { enable: true, rollback: true },
    inputs: { cluster: 'default' },
    cluster: CLUSTER,
    outcome: 'succeeded',
    outcomes: {
      'megilance-backend': 'succeeded',
      [WORKER]: 'succeeded',
      'megilance-frontend': 'succeeded'
    },
    updates: [[BACKEND_2, WORKER_2], [FRONTEND_2]],
    running: {
      'megilance-backend': tdArn('backend', 2),
      [WORKER]: workerArn(2),
      'megilance-frontend': tdArn('frontend', 2)
    },
    fails: undefined
  }
]

describe('a release in-process against the stand-in', () => {
  it.each(CASES.map(c => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const standIn = await startStandIn({ serviceDeployments: true })
      try {
        const failing = c.fails
        seedMegilance(standIn, {
          circuitBreaker: c.circuitBreaker,
          rollouts: {
            backend: [rollouts.succeeds(2, 2), rollouts.succeeds(2, 2)],
            frontend: [
              failing === 'frontend' ? rollouts.circuitBreaker([crash]) : rollouts.succeeds(2, 2)
            ]
          }
        })
        const workerFile = seedWorker(
          standIn,
          c.circuitBreaker,
          failing === 'worker'
            ? [rollouts.circuitBreaker([crash])]
            : [rollouts.succeeds(2, 2), rollouts.succeeds(2, 2)]
        )
        const { report, seen } = await runRelease(
          standIn,
          releaseFile(c.after, workerFile, c.cluster),
          c.inputs
        )
        expect(report.outcome).toBe(c.outcome)
        expect(Object.fromEntries(report.reports.map(r => [r.service, r.outcome]))).toEqual(
          c.outcomes
        )
        const updates = standIn
          .answered('UpdateService')
          .map(u => `${String(u.input.service)} → ${String(u.input.taskDefinition)}`)
        const expected = c.updates.flat()
        expect(updates).toHaveLength(expected.length)
        let at = 0
        for (const wave of c.updates) {
          expect(updates.slice(at, at + wave.length).sort()).toEqual(wave)
          at += wave.length
        }
        if (c.says !== undefined) expect(seen).toContain(c.says)
        expect(report.cluster).toBe(CLUSTER)
        for (const [service, arn] of Object.entries(c.running))
          expect(standIn.ecs.running(CLUSTER, service)).toBe(arn)
      } finally {
        await standIn.close()
      }
    },
    60_000
  )
})
