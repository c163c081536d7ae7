import { describe, expect, it } from '@jest/globals'
import { type Job, annotations, type StepResult } from '../../../tools/harness/runner.js'
import { REGION, crashedTask, expressDeployments } from '../../../tools/stand-in/index.js'
import {
  CLUSTER,
  EXECUTION_ROLE,
  INFRASTRUCTURE_ROLE,
  WEB,
  expectOutcome,
  expressInputs,
  expressWorld,
  image,
  opsOf,
  serviceArn,
  writes
} from '../../../tools/harness/express.js'

/*
 * Amazon ECS Express Mode services, created or updated and watched to their real end: the
 * packaged action (dist/) under the runner's contract, against the stand-in playing Express Mode
 * (stand-in/express/ quotes the documentation of each behaviour): a create, an update's
 * canary deployment, new tasks that crash until ECS rolls back on the alarm, a deployment stuck
 * past wait-for-minutes, an update that changes nothing, ECS's rollback failing, a dry run, and
 * inputs refused before any write (rollback mode: express-rollback.test.ts). Each case asserts
 * the outcome, the exit code, the outputs and the AWS calls.
 * Over 250 lines: one scenario per Express behaviour, sharing one world, read top to bottom.
 */

/** The canary's and the bake's 3 minutes each last 3 × 40 ms. */
const FAST = { minuteMs: 40 }
const API = 'megilance-api'
const steps: StepResult[] = []
const errorsOf = (step: StepResult) => annotations(step.log, 'error').map(e => e.message)
/** The deploy of megilance-web:2 to megilance-web, time enough for the canary and the bake. */
const update = (job: Job, extra: Record<string, string> = {}) =>
  job.run(
    'ecs-deploy',
    expressInputs({
      'container-name': 'Main',
      image: image('2'),
      'wait-for-minutes': '10',
      ...extra
    })
  )

describe('Express Mode services (dist bundle, runner contract, stand-in)', () => {
  it('create: CreateExpressGatewayService with its own members, the first deployment watched to SUCCESSFUL', async () => {
    await expressWorld([], steps, async ({ standIn, job }) => {
      standIn.ecs.express.queue(CLUSTER, API, expressDeployments.succeeds(FAST))
      const step = await job.run(
        'ecs-deploy',
        expressInputs(
          {
            express: 'true',
            image: image('1'),
            'express-infrastructure-role-arn': INFRASTRUCTURE_ROLE,
            'execution-role-arn': EXECUTION_ROLE,
            'express-container-port': '3000',
            'express-health-check-path': '/health',
            'express-min-task-count': '2',
            'express-max-task-count': '4',
            cpu: '0.5 vCPU',
            memory: '1 GB',
            'environment-variables': 'STAGE=prod'
          },
          API
        )
      )
      expectOutcome(step, 'succeeded', 0)
      expect(step.outputs['service-arn']).toBe(serviceArn(API))
      expect(step.outputs.endpoint).toBe(`${API}.ecs.${REGION}.on.aws`)
      expect(step.outputs['task-definition-arn']).toMatch(/:task-definition\/megilance-api:1$/)
      expect(step.outputs['deployment-id']).toMatch(/^ecs-svc\//)
      expect(step.outputs['previous-task-definition-arn']).toBe('')
      expect(writes(standIn.calls)).toEqual(['CreateExpressGatewayService'])
      const [create] = standIn.answered('CreateExpressGatewayService')
      expect(create?.input).toEqual({
        serviceName: API,
        cluster: CLUSTER,
        infrastructureRoleArn: INFRASTRUCTURE_ROLE,
        executionRoleArn: EXECUTION_ROLE,
        primaryContainer: {
          image: image('1'),
          containerPort: 3000,
          environment: [{ name: 'STAGE', value: 'prod' }]
        },
        cpu: '512',
        memory: '1024',
        healthCheckPath: '/health',
        scalingTarget: { minTaskCount: 2, maxTaskCount: 4 }
      })
      // The account is the service ARN's, never a role's: no call reads it elsewhere.
      expect(opsOf(standIn.calls).slice(0, 2)).toEqual([
        'DescribeServices',
        'CreateExpressGatewayService'
      ])
      expect(step.log).toContain("ECS's service deployment is SUCCESSFUL")
      expect(step.log).not.toContain('prod')
      expect(step.summary).toContain(`| Endpoint | [${API}.ecs.${REGION}.on.aws]`)
    })
  })

  it('update: UpdateExpressGatewayService with its own members, the canary watched to SUCCESSFUL', async () => {
    await expressWorld([expressDeployments.succeeds(FAST)], steps, async ({ standIn, job }) => {
      const step = await update(job)
      expectOutcome(step, 'succeeded', 0)
      expect(step.outputs['service-arn']).toBe(serviceArn(WEB))
      expect(step.outputs.endpoint).toBe(`${WEB}.ecs.${REGION}.on.aws`)
      expect(step.outputs['task-definition-arn']).toMatch(/:task-definition\/megilance-web:2$/)
      expect(step.outputs['previous-task-definition-arn']).toMatch(/megilance-web:1$/)
      expect(writes(standIn.calls)).toEqual(['UpdateExpressGatewayService'])
      const [sent] = standIn.answered('UpdateExpressGatewayService')
      expect(Object.keys(sent?.input ?? {}).sort()).toEqual(['primaryContainer', 'serviceArn'])
      expect(sent?.input.primaryContainer).toMatchObject({
        image: image('2'),
        containerPort: 8080
      })
      // Our service deployment found once by the call's time, then read by its ARN.
      const ops = opsOf(standIn.calls)
      expect(ops.filter(op => op === 'ListServiceDeployments')).toHaveLength(1)
      expect(ops.filter(op => op === 'DescribeExpressGatewayService')).toHaveLength(1)
      expect(step.log).toMatch(/PRODUCTION_TRAFFIC_SHIFT \(IN_PROGRESS\); .*production traffic 5%/)
      expect(step.log.indexOf('BAKE_TIME (IN_PROGRESS)')).toBeLessThan(
        step.log.indexOf('SUCCESSFUL')
      )
      expect(annotations(step.log, 'warning')).toEqual([])
      expect(standIn.ecs.express.about(CLUSTER, WEB)?.status).toBe('ACTIVE')
    })
  })

  it('new tasks crash: ECS rolls back on the alarm; rolled-back, exit 1, the crash explained', async () => {
    const scenario = expressDeployments.crashes(crashedTask(), FAST)
    await expressWorld([scenario], steps, async ({ standIn, job }) => {
      const step = await update(job)
      expectOutcome(step, 'rolled-back', 1)
      const alarm = standIn.ecs.express.about(CLUSTER, WEB)?.alarmName ?? ''
      expect(alarm).not.toBe('')
      const errors = errorsOf(step)
      expect(errors.join('\n')).toContain(`alarms in ALARM: ${alarm}`)
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /Task \w+ stopped: Essential container in task exited — Main: exit 1.*last log line \(Main\): RuntimeError: DATABASE_URL not set/
          )
        ])
      )
      expect(step.log).toContain('  Main | RuntimeError: DATABASE_URL not set')
      expect(step.log).toContain("ECS's rollback succeeded")
      // ECS rolled back by itself: no second write.
      expect(writes(standIn.calls)).toEqual(['UpdateExpressGatewayService'])
      expect(step.outputs['deployment-id']).toMatch(/^ecs-svc\//)
      expect(step.summary).toContain(`| Alarms in ALARM | ${alarm} |`)
      expect(step.summary).toContain('RuntimeError: DATABASE_URL not set')
    })
  })

  it('stuck past wait-for-minutes: failed, rolled back through StopServiceDeployment ROLLBACK', async () => {
    await expressWorld([expressDeployments.stuck(FAST)], steps, async ({ standIn, job }) => {
      const step = await update(job, { 'wait-for-minutes': '1' })
      expectOutcome(step, 'rolled-back', 1)
      expect(errorsOf(step).join('\n')).toMatch(/did not finish within 1 minutes/)
      expect(writes(standIn.calls)).toEqual([
        'UpdateExpressGatewayService',
        'StopServiceDeployment'
      ])
      const [stop] = standIn.answered('StopServiceDeployment')
      expect(stop?.input.stopType).toBe('ROLLBACK')
      expect(step.log).toContain('The rollback through ECS succeeded')
      expect(step.summary).toContain('Rolled back through ECS (StopServiceDeployment, ROLLBACK)')
    })
  }, 150_000)

  it('an update that changes nothing: succeeded at once, no deployment watched', async () => {
    await expressWorld([], steps, async ({ standIn, job }) => {
      const step = await update(job, { image: image('1') })
      expectOutcome(step, 'succeeded', 0)
      expect(step.log).toMatch(
        /UpdateExpressGatewayService changed nothing: megilance-web runs service revision \d+ \(megilance-web:1\) as before, and no deployment started\./
      )
      expect(step.outputs['task-definition-arn']).toMatch(/megilance-web:1$/)
      expect(step.outputs.endpoint).toBe(`${WEB}.ecs.${REGION}.on.aws`)
      expect(writes(standIn.calls)).toEqual(['UpdateExpressGatewayService'])
      const ops = opsOf(standIn.calls)
      expect(ops).not.toContain('ListServiceDeployments')
      expect(ops).not.toContain('DescribeServiceDeployments')
      expect(step.durationMs).toBeLessThan(5000)
    })
  })

  it("ECS's rollback fails: rollback-failed, exit 1, with ECS's reason", async () => {
    const reason = 'The blue target group has no healthy targets.'
    const scenario = expressDeployments.rollbackFails(reason, crashedTask(), FAST)
    await expressWorld([scenario], steps, async ({ standIn, job }) => {
      const step = await update(job)
      expectOutcome(step, 'rollback-failed', 1)
      expect(errorsOf(step).join('\n')).toContain(reason)
      expect(writes(standIn.calls)).toEqual(['UpdateExpressGatewayService'])
    })
  })

  it('dry run: shows the request it would send, writes nothing', async () => {
    await expressWorld([], steps, async ({ standIn, job }) => {
      const env = { 'environment-variables': 'DATABASE_PASSWORD=hunter2' }
      const step = await update(job, { ...env, 'dry-run': 'true' })
      expectOutcome(step, 'dry-run', 0)
      expect(step.log).toContain('Will send UpdateExpressGatewayService {')
      expect(step.log).toContain(`"image": "${image('2')}"`)
      expect(step.log).toContain('"name": "DATABASE_PASSWORD"')
      expect(step.log).not.toContain('hunter2')
      expect(step.log).toContain('dry-run: the request above is not sent')
      expect(writes(standIn.calls)).toEqual([])
    })
  })

  it('bad input: a clear error naming the input, and no write at all', async () => {
    await expressWorld([], steps, async ({ standIn, job }) => {
      const backend = standIn.ecs.seedTaskDefinition({
        family: 'megilance-backend',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'backend', image: image('1'), essential: true }]
      })
      standIn.ecs.seedService({
        cluster: CLUSTER,
        service: 'megilance-backend',
        taskDefinition: backend
      })
      // Creating without express-infrastructure-role-arn.
      const create = await job.run(
        'ecs-deploy',
        expressInputs({ express: 'true', image: image('1') }, API)
      )
      expect(create.exitCode).toBe(1)
      expect(create.outputs).toEqual({})
      expect(errorsOf(create)[0]).toMatch(/express-infrastructure-role-arn.*required to create/)
      // task-definition-arn with container settings Express refuses beside it.
      const both = await job.run(
        'ecs-deploy',
        expressInputs({
          'task-definition-arn': standIn.ecs.running(CLUSTER, WEB) ?? '',
          'container-name': 'Main',
          image: image('2'),
          cpu: '512'
        })
      )
      expect(both.exitCode).toBe(1)
      expect(both.outputs).toEqual({})
      expect(errorsOf(both)[0]).toMatch(
        /task-definition-arn.*cannot be given together with image, cpu/
      )
      // Express inputs on a service that is not an Express service.
      const notExpress = await job.run(
        'ecs-deploy',
        expressInputs(
          { 'container-name': 'backend', image: image('2'), 'express-container-port': '8000' },
          'megilance-backend'
        )
      )
      expect(notExpress.exitCode).toBe(1)
      expect(notExpress.outputs).toEqual({})
      expect(errorsOf(notExpress)[0]).toMatch(
        /express-container-port.*inputs of Express services, but megilance-backend is not an Express service/
      )
      expect(writes(standIn.calls)).toEqual([])
      expect(standIn.ecs.express.about(CLUSTER, API)).toBeUndefined()
    })
  })
})
