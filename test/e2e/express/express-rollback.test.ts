import { describe, expect, it } from '@jest/globals'
import { type StepResult, annotations } from '../../../tools/harness/runner.js'
import { expressDeployments } from '../../../tools/stand-in/index.js'
import {
  CLUSTER,
  EXECUTION_ROLE,
  INFRASTRUCTURE_ROLE,
  expectOutcome,
  expressInputs,
  expressWorld,
  image,
  opsOf,
  serviceArn,
  writes
} from '../../../tools/harness/express.js'

/*
 * mode: rollback on an Express service, the packaged action against the stand-in's Express Mode:
 * a deployment still under way is rolled back by ECS (StopServiceDeployment ROLLBACK, watched to
 * ROLLBACK_SUCCESSFUL); with none under way, the configuration before the one in force is put
 * back with an update. And when a deploy's failure is not rolled back: rollback-on-failure false,
 * or a service this step created. Each case asserts the outcome, the exit code, the outputs and
 * the calls.
 */

const FAST = { minuteMs: 40 }
const API = 'megilance-api'
const steps: StepResult[] = []
const deploy = (extra: Record<string, string> = {}) =>
  expressInputs({ 'container-name': 'Main', image: image('2'), 'wait-for-minutes': '10', ...extra })

describe('mode rollback on Express services (dist bundle, runner contract, stand-in)', () => {
  it('a deployment under way: StopServiceDeployment ROLLBACK, watched to ROLLBACK_SUCCESSFUL', async () => {
    await expressWorld([expressDeployments.stuck(FAST)], steps, async ({ standIn, job }) => {
      const started = await job.run('ecs-deploy', deploy({ 'wait-for-service-stability': 'false' }))
      expectOutcome(started, 'started', 0)
      const mark = standIn.calls.length
      const back = await job.run('ecs-deploy', expressInputs({ mode: 'rollback' }))
      expectOutcome(back, 'succeeded', 0)
      expect(writes(standIn.calls.slice(mark))).toEqual(['StopServiceDeployment'])
      expect(standIn.answered('StopServiceDeployment')[0]?.input.stopType).toBe('ROLLBACK')
      expect(back.log).toContain('The rollback through ECS succeeded')
      expect(back.outputs['task-definition-arn']).toMatch(/megilance-web:1$/)
      expect(back.outputs['service-arn']).toMatch(/:service\/megilance-cluster\/megilance-web$/)
    })
  })

  it('none under way: the configuration before the one in force, put back by an update', async () => {
    const scenarios = [expressDeployments.succeeds(FAST), expressDeployments.succeeds(FAST)]
    await expressWorld(scenarios, steps, async ({ standIn, job }) => {
      const first = await job.run('ecs-deploy', deploy({ 'environment-variables': 'FEATURE=on' }))
      expectOutcome(first, 'succeeded', 0)
      const mark = standIn.calls.length
      const back = await job.run('ecs-deploy', expressInputs({ mode: 'rollback' }))
      expectOutcome(back, 'succeeded', 0)
      expect(writes(standIn.calls.slice(mark))).toEqual(['UpdateExpressGatewayService'])
      const sent = standIn.answered('UpdateExpressGatewayService').at(-1)
      expect(sent?.input.primaryContainer).toMatchObject({ image: image('1'), containerPort: 8080 })
      expect(JSON.stringify(sent?.input)).not.toContain('FEATURE')
      expect(sent?.input.healthCheckPath).toBe('/health')
      expect(back.outputs['task-definition-arn']).toMatch(/megilance-web:3$/)
      expect(back.log).toContain('Main: image')
      // Asked again, there is nothing earlier than the revision now running but the first.
      const again = await job.run(
        'ecs-deploy',
        expressInputs({ mode: 'rollback', 'dry-run': 'true' })
      )
      expectOutcome(again, 'dry-run', 0)
      expect(again.log).toContain(`"image": "${image('2')}"`)
    })
  })

  it('rollback-to other than previous is refused before any write', async () => {
    await expressWorld([], steps, async ({ standIn, job }) => {
      const step = await job.run(
        'ecs-deploy',
        expressInputs({ mode: 'rollback', 'rollback-to': '3' })
      )
      expect(step.exitCode).toBe(1)
      expect(step.outputs).toEqual({})
      expect(step.log).toMatch(/rollback-to.*configuration before the one in force/)
      expect(writes(standIn.calls)).toEqual([])
    })
  })
})

describe('a failed deploy left as it is (dist bundle, runner contract, stand-in)', () => {
  it('stuck past wait-for-minutes with rollback-on-failure false: failed, no StopServiceDeployment', async () => {
    await expressWorld([expressDeployments.stuck(FAST)], steps, async ({ standIn, job }) => {
      const step = await job.run(
        'ecs-deploy',
        deploy({ 'wait-for-minutes': '1', 'rollback-on-failure': 'false' })
      )
      expectOutcome(step, 'failed', 1)
      expect(
        annotations(step.log, 'error')
          .map(e => e.message)
          .join('\n')
      ).toMatch(/did not finish within 1 minutes/)
      expect(step.log).toContain('rollback-on-failure is false: the service is left as it is.')
      expect(writes(standIn.calls)).toEqual(['UpdateExpressGatewayService'])
      expect(opsOf(standIn.calls)).not.toContain('StopServiceDeployment')
      expect(step.outputs['deployment-id']).toMatch(/^ecs-svc\//)
      expect(step.summary).not.toContain('Rolled back')
    })
  }, 150_000)

  it('a service this step created, stuck past wait-for-minutes: failed, left as it is, not deleted', async () => {
    await expressWorld([], steps, async ({ standIn, job }) => {
      standIn.ecs.express.queue(CLUSTER, API, expressDeployments.stuck(FAST))
      const create = {
        express: 'true',
        image: image('1'),
        'express-infrastructure-role-arn': INFRASTRUCTURE_ROLE,
        'execution-role-arn': EXECUTION_ROLE,
        'wait-for-minutes': '1'
      }
      const step = await job.run('ecs-deploy', expressInputs(create, API))
      expectOutcome(step, 'failed', 1)
      expect(step.log).toContain(
        `${API} was created by this step: there is no earlier configuration to go back to, so it is left as it is.`
      )
      expect(writes(standIn.calls)).toEqual(['CreateExpressGatewayService'])
      const ops = opsOf(standIn.calls)
      expect(ops).not.toContain('StopServiceDeployment')
      expect(ops).not.toContain('DeleteExpressGatewayService')
      expect(standIn.ecs.express.about(CLUSTER, API)?.serviceArn).toBe(serviceArn(API))
      expect(step.outputs['service-arn']).toBe(serviceArn(API))
      expect(step.outputs['previous-task-definition-arn']).toBe('')
    })
  }, 150_000)
})
