import { afterAll, describe, expect, it } from '@jest/globals'
import { CLUSTER, placeholderImage, service, tdArn } from '../../tools/harness/megilance.js'
import { type StepResult, annotations } from '../../tools/harness/runner.js'
import { STATIC_KEYS, rollouts } from '../../tools/stand-in/index.js'
import {
  WORKER,
  releaseFile,
  releaseInputs,
  releaseWorld,
  seedWorker,
  workerArn,
  type ReleaseWorld
} from './support/release-world.js'

/*
 * A release cancelled in its second wave (dist bundle, runner contract, the AWS stand-in, GitHub's
 * API): the backend (wave 1) has succeeded, the frontend (wave 2) is rolling out, the worker
 * (wave 3) has not started. The post step reports each as it stood; with rollback-on-cancel it
 * puts back every service the release changed (a release is all or nothing): the frontend by its
 * kind's way (a rolling update: UpdateService), then the backend by UpdateService to the revision
 * it ran before; the worker is untouched.
 */

const steps: StepResult[] = []
const BACKEND = service('backend')
const FRONTEND = service('frontend')

const RELEASE = `
services:
  - service: ${BACKEND}
    task-definition: deploy/backend-task-definition.json
    container-name: backend
    image: ${placeholderImage('backend', 'release-2')}
  - service: ${FRONTEND}
    after: [${BACKEND}]
    task-definition: deploy/frontend-task-definition.json
    container-name: frontend
    image: ${placeholderImage('frontend', 'release-2')}
  - service: ${WORKER}
    after: [${FRONTEND}]
    task-definition: deploy/worker-task-definition.json
`

const world = (body: (w: ReleaseWorld) => Promise<void>) =>
  releaseWorld(
    { rollouts: { backend: [rollouts.succeeds(2, 2)], frontend: [rollouts.stuck()] } },
    steps,
    async w => {
      seedWorker(w, [rollouts.succeeds(2, 2)])
      releaseFile(w, RELEASE)
      await body(w)
    }
  )

const names = (input: Record<string, unknown>) =>
  [input.service, ...((input.services as string[] | undefined) ?? [])].filter(Boolean).join(',')

/** The release, killed once the frontend's rollout was read three times; then its post step. */
async function cancelled(w: ReleaseWorld, extra: Record<string, string>) {
  const { standIn } = w
  const frontendPolls = () => {
    const start = standIn.calls.findIndex(c => c.op === 'UpdateService' && c.status === 200)
    const after = standIn.calls.slice(start + 1)
    return after.filter(c => c.op === 'DescribeServices' && names(c.input).includes(FRONTEND))
  }
  const main = await w.job.run(
    'ecs-deploy',
    releaseInputs({ environment: 'production', ...extra }),
    {
      env: { GITHUB_API_URL: w.github.url },
      whileRunning: async child => {
        const deadline = Date.now() + 60_000
        const frontendStarted = () =>
          standIn.answered('UpdateService').some(c => c.input.service === FRONTEND)
        while ((!frontendStarted() || frontendPolls().length < 3) && Date.now() < deadline)
          await new Promise(done => setTimeout(done, 50))
        child.kill('SIGTERM')
      }
    }
  )
  expect(main.signal).toBe('SIGTERM')
  const mark = standIn.calls.length
  const post = await w.job.post(main, { env: { GITHUB_API_URL: w.github.url } })
  expect(post.exitCode).toBe(0)
  const after = standIn.calls
    .slice(mark)
    .filter(c => c.status === 200)
    .map(
      c =>
        `${c.op} ${names(c.input)}${c.input.taskDefinition ? ` → ${String(c.input.taskDefinition)}` : ''}`
    )
  const statuses = w.github
    .statuses()
    .slice(-3)
    .map(s => `${s.state} ${s.description.split(':')[0] ?? ''}`)
  return { post, after, statuses }
}

const LINES = [
  `- **${BACKEND}**: succeeded: \`${tdArn('backend', 2)}\` had rolled out before the job stopped.`,
  `- **${FRONTEND}**: in progress: its rollout of \`${tdArn('frontend', 2)}\` was under way`,
  `- **${WORKER}**: not started: left on the revision it ran.`
]

describe('a release cancelled in its second wave: the post step', () => {
  afterAll(() => {
    expect(steps.length).toBeGreaterThan(0)
    for (const s of steps) expect(s.log).not.toContain(STATIC_KEYS.AWS_SECRET_ACCESS_KEY)
  })

  it('reports each service as it stood, and changes nothing', async () => {
    await world(async w => {
      const { post, after, statuses } = await cancelled(w, {})
      for (const line of LINES) expect(post.summary).toContain(line)
      expect(post.summary).toContain(`### ⏸️ Rollout of ${FRONTEND} was still in progress`)
      expect(post.summary).not.toContain(`Rollout of ${BACKEND} was still in progress`)
      expect(post.summary).not.toContain('put back after the cancel')
      expect(after).toEqual([`DescribeServices ${FRONTEND}`])
      expect(statuses).toEqual([`success ${BACKEND}`, `error ${FRONTEND}`, `inactive ${WORKER}`])
    })
  }, 120_000)

  it('with rollback-on-cancel: the frontend, then the backend, go back; the worker is untouched', async () => {
    await world(async w => {
      const { post, after, statuses } = await cancelled(w, { 'rollback-on-cancel': 'true' })
      for (const line of LINES) expect(post.summary).toContain(line)
      expect(post.summary).toContain('rollback-on-cancel: a release is all or nothing')
      expect(post.summary).toContain(`### ↩️ ${FRONTEND} put back after the cancel`)
      expect(post.summary).toContain(`### ↩️ ${BACKEND} put back after the cancel`)
      expect(after).toEqual([
        `DescribeServices ${FRONTEND}`,
        `UpdateService ${FRONTEND} → ${tdArn('frontend', 1)}`,
        `UpdateService ${BACKEND} → ${tdArn('backend', 1)}`
      ])
      expect(after.join('\n')).not.toContain(WORKER)
      expect(w.standIn.ecs.running(CLUSTER, WORKER)).toBe(workerArn(1))
      expect(annotations(post.log, 'warning').map(a => a.title)).toEqual([
        'Rollout still in progress',
        'Rolled back after the cancel',
        'Rolled back after the cancel'
      ])
      expect(statuses).toEqual([`error ${BACKEND}`, `error ${FRONTEND}`, `inactive ${WORKER}`])
    })
  }, 120_000)
})
