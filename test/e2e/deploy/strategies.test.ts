import { describe, expect, it } from '@jest/globals'
import { CLUSTER, REGION, deployInputs, service, tdArn } from '../../../tools/harness/megilance.js'
import { Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import { type BackendWorld, backendWorld } from '../support/world.js'
import {
  type NativeScenario,
  type RolloutScript,
  type StandIn
} from '../../../tools/stand-in/index.js'

/*
 * Blue/green, linear and canary deployments, watched to their real end: the packaged action
 * (dist/) under the runner's contract, against the stand-in playing ECS's own strategies
 * (stand-in/ecs/rollouts/strategies.ts quotes the documentation of each behaviour): lifecycle stages,
 * bake time, Lambda and PAUSE hooks, an alarm during the bake, a rollback that fails, early
 * success. Each case asserts the outcome, the AWS calls made and not made, and what the log
 * and summary say.
 * Over 250 lines: one scenario per strategy behaviour, sharing one world, read top to bottom.
 */

const BACKEND = service('backend')
const WRITES = [
  'RegisterTaskDefinition',
  'UpdateService',
  'TagResource',
  'StopServiceDeployment',
  'ContinueServiceDeployment'
]
const SMOKE = 'arn:aws:lambda:us-east-1:123456789012:function:megilance-smoke-test'
const steps: StepResult[] = []

interface Setup {
  readonly deploymentConfiguration: Record<string, unknown>
  readonly native?: readonly NativeScenario[]
  readonly rollouts?: readonly RolloutScript[]
}

/** A stand-in with megilance-backend running revision 1 under `setup`, and a job. */
const world = (setup: Setup, body: (w: BackendWorld) => Promise<void>): Promise<void> =>
  backendWorld(
    { serviceDeployments: true },
    {
      deploymentConfiguration: setup.deploymentConfiguration,
      native: setup.native ?? [],
      rollouts: setup.rollouts ?? []
    },
    steps,
    body
  )

const deploy = (job: Job, extra: Record<string, string> = {}) =>
  job.run('ecs-deploy', deployInputs('backend', extra, { role: false }))
/** mode continue / rollback need no task definition: only where the service is. */
const act = (job: Job, mode: string, extra: Record<string, string> = {}) =>
  job.run('ecs-deploy', {
    'aws-region': REGION,
    cluster: CLUSTER,
    service: BACKEND,
    mode,
    'poll-interval-seconds': '1',
    'wait-for-minutes': '3',
    ...extra
  })
const writes = (standIn: StandIn, from = 0) =>
  standIn.calls
    .slice(from)
    .filter(c => c.status === 200 && WRITES.includes(c.op))
    .map(c => c.op)
const stagesSeen = (log: string) => [
  ...new Set([...log.matchAll(/^([A-Z_]+) \((?:IN_PROGRESS|PENDING)\);/gm)].map(m => m[1]))
]

function expectOutcome(step: StepResult, outcome: string, exitCode: number): void {
  if (step.outputs.outcome !== outcome || step.exitCode !== exitCode) {
    throw new Error(
      `${step.name}: expected outcome ${outcome} (exit ${exitCode}), got ${step.outputs.outcome} (exit ${step.exitCode})\n${step.log}`
    )
  }
}

const pauseHook = {
  targetType: 'PAUSE',
  lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT']
}
const smokeHook = {
  targetType: 'AWS_LAMBDA',
  hookTargetArn: SMOKE,
  roleArn: 'arn:aws:iam::123456789012:role/ecs-lifecycle-hooks',
  lifecycleStages: ['POST_SCALE_UP']
}

describe('blue/green, linear and canary deployments (dist bundle, runner contract, stand-in)', () => {
  it('blue/green: SUCCESSFUL after its bake, never before', async () => {
    await world(
      {
        deploymentConfiguration: {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 1,
          lifecycleHooks: [smokeHook]
        },
        native: [{ minuteMs: 4000 }]
      },
      async ({ standIn, job }) => {
        const step = await deploy(job)
        expectOutcome(step, 'succeeded', 0)
        // PRE_PRODUCTION_TRAFFIC_SHIFT is a hook stage, never a ServiceDeployment.lifecycleStage.
        expect(stagesSeen(step.log)).toEqual([
          'PRE_SCALE_UP',
          'SCALE_UP',
          'POST_SCALE_UP',
          'TEST_TRAFFIC_SHIFT',
          'POST_TEST_TRAFFIC_SHIFT',
          'PRODUCTION_TRAFFIC_SHIFT',
          'POST_PRODUCTION_TRAFFIC_SHIFT',
          'BAKE_TIME',
          'CLEAN_UP'
        ])
        expect(step.log).toMatch(
          /BAKE_TIME \(IN_PROGRESS\); 2\/2 new tasks running; bake time ≤1 of 1 min left; hooks: megilance-smoke-test \(Lambda\) SUCCEEDED/
        )
        // every task ran long before the end: success waited for ECS's SUCCESSFUL, after the bake
        expect(step.log.indexOf('BAKE_TIME (IN_PROGRESS)')).toBeLessThan(
          step.log.indexOf('SUCCESSFUL')
        )
        expect(step.durationMs).toBeGreaterThan(4000)
        expect(step.log).toContain(
          "ECS's service deployment is SUCCESSFUL: 2/2 new tasks running after CLEAN_UP."
        )
        expect(writes(standIn)).toEqual(['RegisterTaskDefinition', 'UpdateService', 'TagResource'])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(tdArn('backend', 2))
        expect(step.summary).toContain('### ECS service deployment (BLUE_GREEN)')
        expect(step.summary).toContain('| Hooks | megilance-smoke-test (Lambda): SUCCEEDED |')
      }
    )
  })

  it('canary: production traffic in two steps, 10% then 100%', async () => {
    await world(
      {
        deploymentConfiguration: {
          strategy: 'CANARY',
          bakeTimeInMinutes: 0,
          canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 }
        },
        native: [{ minuteMs: 3000 }]
      },
      async ({ standIn, job }) => {
        const step = await deploy(job)
        expectOutcome(step, 'succeeded', 0)
        const traffic = [...step.log.matchAll(/production traffic (\d+)%/g)].map(m => Number(m[1]))
        expect([...new Set(traffic)]).toEqual([0, 10, 100])
        expect(step.log).toMatch(
          /PRODUCTION_TRAFFIC_SHIFT \(IN_PROGRESS\); 2\/2 new tasks running; production traffic 10%/
        )
        expect(writes(standIn)).toEqual(['RegisterTaskDefinition', 'UpdateService', 'TagResource'])
        expect(step.summary).toContain('| Production traffic on the new revision | 100% |')
      }
    )
  })

  it('an alarm during the bake: ECS rolls back, the alarm is named, no write by the step', async () => {
    await world(
      {
        deploymentConfiguration: {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 2,
          alarms: { alarmNames: ['megilance-backend-5xx'], enable: true, rollback: true }
        },
        native: [{ minuteMs: 5000, alarmInBake: { name: 'megilance-backend-5xx', afterMs: 1500 } }]
      },
      async ({ standIn, job, rev1 }) => {
        const step = await deploy(job)
        expectOutcome(step, 'rolled-back', 1)
        expect(annotations(step.log, 'error')).toContainEqual({
          title: 'Deployment failed (alarm)',
          message: expect.stringContaining(
            'at stage BAKE_TIME: Service deployment rolled back because the CloudWatch alarm megilance-backend-5xx went into ALARM.; alarms in ALARM: megilance-backend-5xx'
          ) as unknown as string
        })
        expect(step.log).toContain('ECS is rolling the service back itself (its deployment failed)')
        expect(writes(standIn)).toEqual(['RegisterTaskDefinition', 'UpdateService', 'TagResource'])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
        expect(step.summary).toContain('| Alarms in ALARM | megilance-backend-5xx |')
        expect(step.summary).toContain('| Status | ROLLBACK_SUCCESSFUL |')
      }
    )
  })

  it("ECS's rollback fails: rollback-failed, with ECS's reason", async () => {
    await world(
      {
        deploymentConfiguration: {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 2,
          alarms: { alarmNames: ['megilance-backend-5xx'], enable: true, rollback: true }
        },
        native: [
          {
            minuteMs: 5000,
            alarmInBake: { name: 'megilance-backend-5xx', afterMs: 1000 },
            rollbackFails: 'The blue target group has no healthy targets.'
          }
        ]
      },
      async ({ standIn, job }) => {
        const step = await deploy(job)
        expectOutcome(step, 'rollback-failed', 1)
        expect(step.log).toContain(
          "ECS's rollback failed (ROLLBACK_FAILED): The blue target group has no healthy targets."
        )
        expect(writes(standIn)).toEqual(['RegisterTaskDefinition', 'UpdateService', 'TagResource'])
      }
    )
  })

  it('a bake longer than wait-for-minutes: warned before any write, then StopServiceDeployment ROLLBACK, no second UpdateService', async () => {
    await world(
      { deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 } },
      async ({ standIn, job, rev1 }) => {
        const step = await deploy(job, { 'wait-for-minutes': '1' })
        expectOutcome(step, 'rolled-back', 1)
        const warning = annotations(step.log, 'warning').find(
          a => a.title === 'wait-for-minutes too short'
        )
        expect(warning?.message).toContain(
          'wait-for-minutes is 1, but this BLUE_GREEN deployment takes ECS at least 5 minutes (bake time 5 min)'
        )
        expect(step.log.indexOf('wait-for-minutes too short')).toBeLessThan(
          step.log.indexOf('Registered ')
        )
        const stop = standIn.answered('StopServiceDeployment')
        expect(stop.map(c => c.input)).toEqual([
          {
            serviceDeploymentArn: expect.stringContaining(':service-deployment/') as unknown,
            stopType: 'ROLLBACK'
          }
        ])
        expect(writes(standIn)).toEqual([
          'RegisterTaskDefinition',
          'UpdateService',
          'TagResource',
          'StopServiceDeployment'
        ])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
        expect(step.summary).toContain('Rolled back through ECS (StopServiceDeployment, ROLLBACK)')
      }
    )
  }, 150_000)

  it('a PAUSE hook: paused (exit 0) within one poll → mode continue → succeeded', async () => {
    await world(
      {
        deploymentConfiguration: {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 0,
          lifecycleHooks: [pauseHook]
        },
        native: [{ minuteMs: 2000 }]
      },
      async ({ standIn, job }) => {
        const paused = await deploy(job)
        expectOutcome(paused, 'paused', 0)
        const warning = annotations(paused.log, 'warning').find(a =>
          a.title.startsWith('Deployment paused')
        )
        expect(warning?.title).toBe('Deployment paused at POST_TEST_TRAFFIC_SHIFT')
        expect(warning?.message).toMatch(
          /^The deployment is paused at stage POST_TEST_TRAFFIC_SHIFT: PAUSE hook ecs-pause-[0-9a-f]+ awaits action until .* \(then ECS will ROLLBACK\)\. To go on, run this action with mode: continue/
        )
        // one look at the paused deployment is enough
        const reads = (log: string) =>
          (log.match(/POST_TEST_TRAFFIC_SHIFT \(IN_PROGRESS\)/g) ?? []).length
        expect(reads(paused.log)).toBeLessThanOrEqual(1)
        expect(paused.summary).toContain('⏸️ Paused at a PAUSE hook')
        const hookId = /PAUSE hook (ecs-pause-[0-9a-f]+)/.exec(warning?.message ?? '')?.[1]

        const mark = standIn.calls.length
        const continued = await act(job, 'continue')
        expectOutcome(continued, 'succeeded', 0)
        expect(standIn.answered('ContinueServiceDeployment').map(c => c.input)).toEqual([
          {
            serviceDeploymentArn: expect.stringContaining(':service-deployment/') as unknown,
            hookId,
            action: 'CONTINUE'
          }
        ])
        expect(writes(standIn, mark)).toEqual(['ContinueServiceDeployment', 'TagResource'])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(tdArn('backend', 2))
        expect(continued.outputs['task-definition-arn']).toBe(tdArn('backend', 2))
      }
    )
  })

  it('mode rollback while paused: ContinueServiceDeployment ROLLBACK, no UpdateService', async () => {
    await world(
      {
        deploymentConfiguration: {
          strategy: 'LINEAR',
          bakeTimeInMinutes: 0,
          lifecycleHooks: [pauseHook],
          linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 0 }
        },
        native: [{ minuteMs: 2000 }]
      },
      async ({ standIn, job, rev1 }) => {
        expectOutcome(await deploy(job), 'paused', 0)
        const mark = standIn.calls.length
        const back = await act(job, 'rollback')
        expectOutcome(back, 'succeeded', 0)
        expect(standIn.answered('ContinueServiceDeployment').map(c => c.input.action)).toEqual([
          'ROLLBACK'
        ])
        expect(writes(standIn, mark)).toEqual(['ContinueServiceDeployment'])
        expect(back.log).toContain('ECS rolled the service back (ROLLBACK_SUCCESSFUL)')
        expect(back.outputs['task-definition-arn']).toBe(rev1)
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
      }
    )
  })

  it('mode continue with nothing paused: stops before any write', async () => {
    await world(
      { deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 } },
      async ({ standIn, job }) => {
        const step = await act(job, 'continue')
        expect(step.exitCode).toBe(1)
        expect(step.log).toContain(
          'No deployment of service megilance-backend waits at a PAUSE hook: nothing to continue.'
        )
        expect(writes(standIn)).toEqual([])
      }
    )
  })

  it('early success (rolling): SUCCESSFUL while fewer tasks run than desired is success', async () => {
    await world(
      {
        deploymentConfiguration: {
          earlySuccessCriteria: {
            enable: true,
            healthyPercent: 50,
            sourceServiceRevisionCleanup: 'DEFERRED'
          }
        },
        rollouts: [[{ running: 1, pending: 1 }, { earlySuccess: true }, { running: 1, pending: 1 }]]
      },
      async ({ standIn, job }) => {
        const step = await deploy(job)
        expectOutcome(step, 'succeeded', 0)
        expect(step.log).toContain(
          "ECS's service deployment is SUCCESSFUL by the service's early success criteria (50% healthy): 1 of 2 tasks running megilance-backend:2"
        )
        expect(writes(standIn)).toEqual(['RegisterTaskDefinition', 'UpdateService', 'TagResource'])
      }
    )
  })
})
