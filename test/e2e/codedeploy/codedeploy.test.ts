import { describe, expect, it } from '@jest/globals'
import { CLUSTER, tdArn } from '../../../tools/harness/megilance.js'
import { type StepResult, annotations } from '../../../tools/harness/runner.js'
import { type DeploymentGroupSeed, STATIC_KEYS } from '../../../tools/stand-in/index.js'
import type { BackendWorld } from '../support/world.js'
import {
  APP,
  BACKEND,
  GROUP,
  SMOKE,
  appSpecFile,
  codeDeployWorld,
  created,
  deploy,
  expectOutcome,
  taskDefinitionOf,
  writes
} from '../support/codedeploy-world.js'

/*
 * Services on the CODE_DEPLOY controller, deployed through CodeDeploy and watched to their real
 * end: the packaged action (dist/) under the runner's contract, against the stand-in playing
 * CodeDeploy and the ECS task sets it drives (tools/stand-in/codedeploy/ quotes each
 * behaviour). Each case asserts the outcome, the exit code, the AWS calls made and not made, and
 * what the log and summary say. The modes, the dry run and bad input: codedeploy-modes.test.ts.
 */

const steps: StepResult[] = []
const world = (group: Partial<DeploymentGroupSeed>, body: (w: BackendWorld) => Promise<void>) =>
  codeDeployWorld(steps, group, body)

describe('CodeDeploy blue/green services (dist bundle, runner contract, stand-in)', () => {
  it('success: the group found, the AppSpec built from the live service, events and traffic shown', async () => {
    await world(
      {
        deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
        scenarios: [{ minuteMs: 600 }]
      },
      async ({ standIn, job }) => {
        const step = await deploy(job)
        expectOutcome(step, 'succeeded', 0)
        expect(step.log).toContain(
          `Deployment group ${APP}/${GROUP} (found by its ecsServices) holds ${CLUSTER}:${BACKEND}`
        )
        const [spec] = created(standIn)
        expect(spec?.Resources[0]?.TargetService.Properties).toEqual({
          TaskDefinition: tdArn('backend', 2),
          LoadBalancerInfo: { ContainerName: 'backend', ContainerPort: 8000 },
          PlatformVersion: '1.4.0',
          NetworkConfiguration: {
            AwsvpcConfiguration: {
              Subnets: ['subnet-0aaa', 'subnet-0bbb'],
              SecurityGroups: ['sg-0ccc'],
              AssignPublicIp: 'DISABLED'
            }
          },
          CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }]
        })
        // The lifecycle events as they pass, and the replacement task set's share of traffic.
        for (const event of [
          'Install InProgress',
          'AfterAllowTestTraffic Succeeded',
          'AllowTraffic InProgress'
        ])
          expect(step.log).toContain(event)
        const weights = [...step.log.matchAll(/running, (\d+)% of traffic/g)].map(m => Number(m[1]))
        expect(new Set(weights).size).toBeGreaterThan(3)
        expect(weights.at(-1)).toBe(100)
        const id = standIn.codedeploy.deployments(APP, GROUP).at(-1)?.id
        expect(step.outputs).toMatchObject({
          'codedeploy-deployment-id': id,
          'deployment-id': id,
          'task-definition-arn': tdArn('backend', 2)
        })
        expect(writes(standIn.calls)).toEqual([
          'RegisterTaskDefinition',
          'CreateDeployment',
          'TagResource'
        ])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(tdArn('backend', 2))
        expect(step.summary).toContain('### CodeDeploy deployment')
        expect(step.summary).toContain('| Status | Succeeded |')
      }
    )
  })

  it('a hook fails in AfterAllowTestTraffic: the hook and its message shown, exit after the rollback deployment ends', async () => {
    await world(
      {
        scenarios: [
          {
            hookFails: {
              event: 'AfterAllowTestTraffic',
              message: 'smoke test: GET /api/health/ready answered 503',
              logTail: 'GET /api/health/live 200\nFAIL /api/health/ready 503'
            },
            rollback: { stepsPerLook: 1 }
          }
        ]
      },
      async ({ standIn, job, workspace, rev1 }) => {
        const step = await deploy(job, { 'codedeploy-appspec': appSpecFile(workspace) })
        expectOutcome(step, 'rolled-back', 1)
        expect(annotations(step.log, 'error')).toContainEqual({
          title: 'Lifecycle hook failed',
          message: `Lifecycle event AfterAllowTestTraffic Failed: ScriptFailed in ${SMOKE}: smoke test: GET /api/health/ready answered 503`
        })
        expect(step.log).toContain(`  ${SMOKE} | FAIL /api/health/ready 503`)
        expect(step.log).toContain('CodeDeploy is rolling the service back itself')
        // The file's hooks kept, its TaskDefinition replaced.
        const [spec] = created(standIn)
        expect(spec?.Hooks).toEqual([{ AfterAllowTestTraffic: SMOKE }])
        expect(spec && taskDefinitionOf(spec)).toBe(tdArn('backend', 2))
        // The step ended after CodeDeploy's rollback deployment did, and says so.
        const [, ours, back] = standIn.codedeploy.deployments(APP, GROUP)
        expect([ours?.status, back?.status, back?.creator]).toEqual([
          'Failed',
          'Succeeded',
          'codeDeployRollback'
        ])
        const ended = standIn.calls.filter(
          c => c.op === 'GetDeployment' && c.input.deploymentId === back?.id
        )
        expect(ended.at(-1)?.at).toBeLessThan(step.spawnedAt + step.durationMs)
        expect(step.outputs['codedeploy-deployment-id']).toBe(ours?.id)
        expect(writes(standIn.calls)).toEqual([
          'RegisterTaskDefinition',
          'CreateDeployment',
          'TagResource'
        ])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
        expect(step.summary).toContain(`\`${back?.id}\`: Succeeded`)
        expect(step.summary).toContain('FAIL /api/health/ready 503')
      }
    )
  })

  it('replacement tasks crash: their exit codes and last log lines, then CodeDeploy rolls back', async () => {
    const crash = {
      stoppedReason: 'Essential container in task exited',
      exitCode: 1,
      logLines: ['Starting MegiLance backend', 'RuntimeError: DATABASE_URL not set']
    }
    await world({ scenarios: [{ tasksCrash: [crash, crash] }] }, async ({ standIn, job, rev1 }) => {
      const step = await deploy(job)
      expectOutcome(step, 'rolled-back', 1)
      const stopped = annotations(step.log, 'error').filter(a => a.title === 'Stopped task')
      expect(stopped).toHaveLength(2)
      for (const a of stopped) {
        expect(a.message).toContain('Essential container in task exited — backend: exit 1')
        expect(a.message).toContain('last log line (backend): RuntimeError: DATABASE_URL not set')
      }
      expect(annotations(step.log, 'error')[0]?.title).toBe('Deployment failed (failed-tasks)')
      // Read by the replacement task set: its tasks carry its id in startedBy.
      const listed = standIn.answered('ListTasks').map(c => c.input.startedBy)
      expect(listed).toEqual([expect.stringMatching(/^ecs-svc\/\d{19}$/)])
      expect(writes(standIn.calls)).toEqual([
        'RegisterTaskDefinition',
        'CreateDeployment',
        'TagResource'
      ])
      expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
    })
  })

  it('no automatic rollback: after production traffic moved, the step deploys the previous revision through CodeDeploy', async () => {
    await world(
      {
        autoRollback: false,
        scenarios: [{ hookFails: { event: 'AfterAllowTraffic', message: 'p99 over budget' } }]
      },
      async ({ standIn, job, workspace, rev1 }) => {
        const file = appSpecFile(workspace, 'AfterAllowTraffic')
        const step = await deploy(job, { 'codedeploy-appspec': file })
        expectOutcome(step, 'rolled-back', 1)
        expect(step.log).toContain('CodeDeploy started no rollback of')
        expect(created(standIn).map(taskDefinitionOf)).toEqual([tdArn('backend', 2), rev1])
        const [, ours, back] = standIn.codedeploy.deployments(APP, GROUP)
        expect([ours?.status, back?.status, back?.creator]).toEqual(['Failed', 'Succeeded', 'user'])
        expect(writes(standIn.calls)).toEqual([
          'RegisterTaskDefinition',
          'CreateDeployment',
          'TagResource',
          'CreateDeployment'
        ])
        expect(standIn.answered('StopDeployment')).toEqual([])
        expect(standIn.answered('UpdateService')).toEqual([])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
        expect(step.summary).toContain('Rolled back through CodeDeploy: a new deployment of')
      }
    )
  })

  it('no automatic rollback, failed before production traffic moved: nothing to roll back, failed', async () => {
    await world(
      { autoRollback: false, scenarios: [{ hookFails: { event: 'AfterAllowTestTraffic' } }] },
      async ({ standIn, job, workspace, rev1 }) => {
        const step = await deploy(job, { 'codedeploy-appspec': appSpecFile(workspace) })
        expectOutcome(step, 'failed', 1)
        expect(step.log).toContain(
          'before production traffic moved to the replacement task set, and CodeDeploy started no rollback: the original task set still serves production traffic, so there is nothing to roll back.'
        )
        expect(writes(standIn.calls)).toEqual([
          'RegisterTaskDefinition',
          'CreateDeployment',
          'TagResource'
        ])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
      }
    )
  })

  it('a timeout: StopDeployment with autoRollbackEnabled, and the rollback watched to its end', async () => {
    await world({ scenarios: [{ stuckAt: 'Install' }] }, async ({ standIn, job, rev1 }) => {
      const step = await deploy(job, { 'wait-for-minutes': '1', 'poll-interval-seconds': '5' })
      expectOutcome(step, 'rolled-back', 1)
      expect(annotations(step.log, 'error')[0]?.title).toBe('Deployment failed (timeout)')
      const [ours, ...more] = standIn.answered('StopDeployment').map(c => c.input)
      expect(more).toEqual([])
      expect(ours).toEqual({
        deploymentId: step.outputs['codedeploy-deployment-id'],
        autoRollbackEnabled: true
      })
      expect(standIn.codedeploy.deployments(APP, GROUP).map(d => d.status)).toEqual([
        'Succeeded',
        'Stopped',
        'Succeeded'
      ])
      expect(step.summary).toContain(
        'Rolled back through CodeDeploy (StopDeployment with autoRollbackEnabled)'
      )
      expect(standIn.answered('UpdateService')).toEqual([])
      expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
    })
  }, 150_000)
})

it('no step printed a stand-in credential', () => {
  for (const step of steps) expect(step.log).not.toContain(STATIC_KEYS.AWS_SECRET_ACCESS_KEY)
})
