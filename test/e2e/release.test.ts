import { afterAll, describe, expect, it } from '@jest/globals'
import {
  CLUSTER,
  placeholderImage,
  service,
  tdArn,
  type SeedOptions
} from '../../tools/harness/megilance.js'
import { type StepResult, annotations } from '../../tools/harness/runner.js'
import { STATIC_KEYS, rollouts, type AwsCall } from '../../tools/stand-in/index.js'
import {
  WORKER,
  releaseFile,
  deploymentsOf,
  runRelease,
  releaseWorld,
  seedWorker,
  servicesOf,
  workerArn,
  type ReleaseWorld
} from './support/release-world.js'

/*
 * Several services released as one (dist bundle, runner contract, the AWS stand-in): waves in
 * the order `after` gives, one DescribeServices per poll for a wave, and a failure that puts
 * back every service already changed. Each case asserts the outcome, the `services` output and
 * the AWS calls.
 */

const WRITES = ['RegisterTaskDefinition', 'UpdateService', 'TagResource']
const steps: StepResult[] = []
const crash = { stoppedReason: 'Essential container in task exited', exitCode: 1 }

const world = (seed: SeedOptions, body: (w: ReleaseWorld) => Promise<void>) =>
  releaseWorld(seed, steps, body)

const run = runRelease

const MEGILANCE = `
services:
  - service: megilance-backend
    task-definition: deploy/backend-task-definition.json
    container-name: backend
    image: ${placeholderImage('backend', 'release-2')}
  - service: megilance-frontend
    after: [megilance-backend]
    task-definition: deploy/frontend-task-definition.json
    container-name: frontend
    image: ${placeholderImage('frontend', 'release-2')}
`

const services = servicesOf
const updates = (calls: readonly AwsCall[]) =>
  calls
    .filter(c => c.op === 'UpdateService')
    .map(c => `${String(c.input.service)} → ${String(c.input.taskDefinition)}`)

describe('a release of several services (dist bundle, runner contract, stand-in)', () => {
  afterAll(() => {
    for (const s of steps) expect(s.log).not.toContain(STATIC_KEYS.AWS_SECRET_ACCESS_KEY)
  })

  it('two services in order: the second rolls out only once the first completed', async () => {
    await world({}, async w => {
      releaseFile(w, MEGILANCE)
      const step = await run(w, { environment: 'production' })
      expect(step.exitCode).toBe(0)
      expect(step.outputs.outcome).toBe('succeeded')
      expect(services(step)).toEqual([
        expect.objectContaining({
          service: 'megilance-backend',
          outcome: 'succeeded',
          'task-definition-arn': tdArn('backend', 2)
        }),
        expect.objectContaining({
          service: 'megilance-frontend',
          outcome: 'succeeded',
          'task-definition-arn': tdArn('frontend', 2)
        })
      ])
      const ops = w.standIn.calls.map(
        c => `${c.op}:${String(c.input.resourceArn ?? c.input.service ?? '')}`
      )
      const backendDone = ops.indexOf(`TagResource:${tdArn('backend', 2)}`)
      const frontendStart = ops.indexOf('UpdateService:megilance-frontend')
      expect(backendDone).toBeGreaterThan(0)
      expect(frontendStart).toBeGreaterThan(backendDone)
      expect(w.standIn.ecs.running(CLUSTER, service('frontend'))).toBe(tdArn('frontend', 2))
      expect(step.summary).toContain('| Service | Revision | Outcome | Time |')
      expect(deploymentsOf(w.github)).toEqual([
        'production: Deploy of megilance-backend',
        'production: Deploy of megilance-frontend'
      ])
      expect(w.github.statuses().map(s => `${s.state} ${s.description}`)).toEqual([
        'in_progress Deploy of megilance-backend',
        'in_progress Deploy of megilance-frontend',
        'success megilance-backend: succeeded',
        'success megilance-frontend: succeeded'
      ])
    })
  }, 120_000)

  it('the second fails and ECS rolls it back: the first is put back, the release ends rolled-back', async () => {
    const seed: SeedOptions = {
      circuitBreaker: { enable: true, rollback: true },
      rollouts: {
        backend: [rollouts.succeeds(2, 2), rollouts.succeeds(2, 2)],
        frontend: [rollouts.circuitBreaker([crash, crash])]
      }
    }
    await world(seed, async w => {
      releaseFile(w, MEGILANCE)
      const step = await run(w)
      expect(step.exitCode).toBe(1)
      expect(step.outputs.outcome).toBe('rolled-back')
      expect(services(step).map(s => `${s.service}:${s.outcome}`)).toEqual([
        'megilance-backend:rolled-back',
        'megilance-frontend:rolled-back'
      ])
      expect(updates(w.standIn.calls)).toEqual([
        `megilance-backend → ${tdArn('backend', 2)}`,
        `megilance-frontend → ${tdArn('frontend', 2)}`,
        `megilance-backend → ${tdArn('backend', 1)}`
      ])
      expect(w.standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 1))
      // backend:2 succeeded alone but was put back: `rollback-to: previous` must never pick it.
      expect(
        w.standIn.calls
          .filter(c => c.op === 'TagResource' && c.input.resourceArn === tdArn('backend', 2))
          .map(c => JSON.stringify(c.input.tags))
      ).toEqual([
        JSON.stringify([{ key: 'ecs-deploy-actions:outcome', value: 'succeeded' }]),
        JSON.stringify([{ key: 'ecs-deploy-actions:outcome', value: 'rolled-back' }])
      ])
      expect(
        annotations(step.log, 'error')
          .map(a => a.message)
          .join('\n')
      ).toContain('circuit breaker')
    })
  }, 120_000)

  it('three independent services form one wave, read with one DescribeServices per poll', async () => {
    const seed: SeedOptions = {
      rollouts: { backend: [rollouts.succeeds(2, 4)], frontend: [rollouts.succeeds(2, 4)] }
    }
    await world(seed, async w => {
      seedWorker(w, [rollouts.succeeds(2, 4)])
      releaseFile(
        w,
        `
services:
  - service: megilance-backend
    task-definition: deploy/backend-task-definition.json
  - service: megilance-frontend
    task-definition: deploy/frontend-task-definition.json
  - service: ${WORKER}
    task-definition: deploy/worker-task-definition.json
`
      )
      const step = await run(w)
      expect(step.exitCode).toBe(0)
      expect(step.outputs.outcome).toBe('succeeded')
      expect(services(step)).toEqual([
        expect.objectContaining({
          service: 'megilance-backend',
          outcome: 'succeeded',
          'task-definition-arn': tdArn('backend', 2),
          'previous-task-definition-arn': tdArn('backend', 1)
        }),
        expect.objectContaining({
          service: 'megilance-frontend',
          outcome: 'succeeded',
          'task-definition-arn': tdArn('frontend', 2),
          'previous-task-definition-arn': tdArn('frontend', 1)
        }),
        expect.objectContaining({
          service: WORKER,
          outcome: 'succeeded',
          'task-definition-arn': workerArn(2),
          'previous-task-definition-arn': workerArn(1)
        })
      ])
      const calls = w.standIn.calls
      const lastStart = calls.map(c => c.op).lastIndexOf('UpdateService')
      const firstEnd = calls.findIndex(c => c.op === 'TagResource')
      const wavePolls = calls
        .slice(lastStart + 1, firstEnd)
        .filter(c => c.op === 'DescribeServices')
        .map(c => [...(c.input.services as string[])].sort())
      // Each rollout completes at its fourth poll: four polls of the wave, one call each, naming
      // all three services (three calls a poll if each service were read alone).
      const all = ['megilance-backend', 'megilance-frontend', WORKER]
      expect(wavePolls).toEqual([all, all, all, all])
    })
  }, 120_000)
})

describe('bad release files: an error naming the file and the entry, zero writes', () => {
  const cases: [string, string, RegExp][] = [
    [
      'an after naming a service not in the release',
      'services:\n  - service: megilance-backend\n    after: [megilance-api]\n',
      /entry 1 \(megilance-backend\): after names megilance-api, which is not a service of this release/
    ],
    [
      'a cycle',
      'services:\n  - service: megilance-backend\n    after: megilance-frontend\n  - service: megilance-frontend\n    after: megilance-backend\n',
      /deploy\/release.yml: after forms a cycle: entry 1 \(megilance-backend\) → entry 2 \(megilance-frontend\) → entry 1 \(megilance-backend\)/
    ],
    [
      'a service listed twice',
      'services:\n  - service: megilance-backend\n  - service: megilance-backend\n',
      /entry 2 \(megilance-backend\): service megilance-backend is listed twice/
    ],
    [
      'a missing task-definition file',
      'services:\n  - service: megilance-backend\n    task-definition: deploy/nope.json\n',
      /entry 1 \(megilance-backend\): task-definition deploy\/nope.json does not exist/
    ],
    [
      'a YAML syntax error',
      'services:\n  - service: [megilance-backend\n',
      /deploy\/release.yml: line 3, column 1/
    ]
  ]
  it.each(cases)(
    '%s',
    async (_name, text, message) => {
      await world({}, async w => {
        releaseFile(w, text)
        const step = await run(w)
        expect(step.exitCode).toBe(1)
        expect(
          annotations(step.log, 'error')
            .map(a => a.message)
            .join('\n')
        ).toMatch(message)
        // The step stops before any report: no outcome, no `services`, nothing written.
        expect(step.outputs).toEqual({})
        expect(step.summary).toContain('ECS deploy stopped')
        expect(w.standIn.calls.map(c => c.op).filter(op => WRITES.includes(op))).toEqual([])
      })
    },
    60_000
  )

  it('an entry that fails its checks: no GitHub Deployment is created, nothing written', async () => {
    await world({}, async w => {
      releaseFile(w, MEGILANCE.replace('container-name: frontend', 'container-name: web'))
      const step = await run(w, { environment: 'production' })
      expect(step.exitCode).toBe(1)
      expect(step.outputs).toEqual({})
      expect(
        annotations(step.log, 'error')
          .map(a => a.message)
          .join('\n')
      ).toContain('web')
      expect(deploymentsOf(w.github)).toEqual([])
      expect(w.standIn.calls.map(c => c.op).filter(op => WRITES.includes(op))).toEqual([])
    })
  }, 60_000)

  it('release together with service', async () => {
    await world({}, async w => {
      releaseFile(w, MEGILANCE)
      const step = await run(w, { service: 'megilance-backend' })
      expect(step.exitCode).toBe(1)
      expect(annotations(step.log, 'error')).toEqual([
        expect.objectContaining({
          title: 'Invalid input: release',
          message: expect.stringContaining(
            'cannot be given together with service'
          ) as unknown as string
        })
      ])
      expect(step.outputs).toEqual({})
      expect(step.summary).toContain('ECS deploy stopped')
      expect(w.standIn.calls.map(c => c.op).filter(op => WRITES.includes(op))).toEqual([])
    })
  }, 60_000)
})
