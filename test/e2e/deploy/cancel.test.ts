import { afterAll, describe, expect, it } from '@jest/globals'
import { deployInputs, service, tdArn } from '../../../tools/harness/megilance.js'
import { type Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import { rollouts, type StandIn } from '../../../tools/stand-in/index.js'
import { type BackendSeed, type BackendWorld, backendWorld } from '../support/world.js'

/*
 * rollback-on-cancel (dist bundle, runner contract, stand-in): the job is cancelled while the
 * rollout is watched; its post step puts back the revision that ran before — UpdateService on a
 * rolling update, StopServiceDeployment ROLLBACK (never a second UpdateService) on a blue/green
 * deployment — and without the input leaves the rollout alone.
 */

const steps: StepResult[] = []
const BACKEND = service('backend')

const world = (seed: BackendSeed, body: (w: BackendWorld) => Promise<void>) =>
  backendWorld({ serviceDeployments: true }, seed, steps, body)

/** The deploy, killed once the watch has read the service `polls` times; then its post step. */
async function cancelled(job: Job, standIn: StandIn, extra: Record<string, string>) {
  const main = await job.run('ecs-deploy', deployInputs('backend', extra, { role: false }), {
    whileRunning: async child => {
      const deadline = Date.now() + 60_000
      while (standIn.answered('DescribeServices').length < 4 && Date.now() < deadline) {
        await new Promise(done => setTimeout(done, 50))
      }
      child.kill('SIGTERM')
    }
  })
  expect(main.signal).toBe('SIGTERM')
  const mark = standIn.calls.length
  const post = await job.post(main)
  expect(post.exitCode).toBe(0)
  return {
    post,
    after: standIn.calls
      .slice(mark)
      .filter(c => c.status === 200)
      .map(c => c.op),
    mark
  }
}

describe('rollback-on-cancel: the post step puts back what ran before', () => {
  afterAll(() => expect(steps.length).toBeGreaterThan(0))

  it('a rolling update: UpdateService back to the revision that ran before', async () => {
    await world({ rollouts: [rollouts.stuck()] }, async ({ standIn, job, rev1 }) => {
      const { post, after, mark } = await cancelled(job, standIn, { 'rollback-on-cancel': 'true' })
      expect(after.filter(op => op === 'UpdateService')).toEqual(['UpdateService'])
      const back = standIn.calls.slice(mark).find(c => c.op === 'UpdateService')
      expect(back?.input).toMatchObject({ service: BACKEND, taskDefinition: rev1 })
      expect(annotations(post.log, 'warning').map(a => a.title)).toContain(
        'Rolled back after the cancel'
      )
      expect(post.summary).toContain('put back after the cancel')
    })
  }, 120_000)

  it('a blue/green deployment: StopServiceDeployment ROLLBACK, no second UpdateService', async () => {
    const seed: BackendSeed = {
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 },
      native: [{ minuteMs: 60_000 }]
    }
    await world(seed, async ({ standIn, job }) => {
      const { after } = await cancelled(job, standIn, { 'rollback-on-cancel': 'true' })
      expect(after).toContain('StopServiceDeployment')
      expect(after).not.toContain('UpdateService')
      const stop = standIn.answered('StopServiceDeployment')
      expect(stop.map(c => c.input.stopType)).toEqual(['ROLLBACK'])
      expect(standIn.ecs.running('megilance-cluster', BACKEND)).not.toBe(undefined)
    })
  }, 120_000)

  it('without rollback-on-cancel the post step only reports', async () => {
    await world({ rollouts: [rollouts.stuck()] }, async ({ standIn, job }) => {
      const { after } = await cancelled(job, standIn, {})
      expect(after).toEqual(['DescribeServices'])
      expect(standIn.ecs.running('megilance-cluster', BACKEND)).toBe(tdArn('backend', 2))
    })
  }, 120_000)
})
