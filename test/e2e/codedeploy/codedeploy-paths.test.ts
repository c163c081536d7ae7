import { describe, expect, it } from '@jest/globals'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLUSTER, tdArn } from '../../../tools/harness/megilance.js'
import { type StepResult, annotations } from '../../../tools/harness/runner.js'
import {
  type DeploymentGroupSeed,
  STATIC_KEYS,
  type StandInOptions
} from '../../../tools/stand-in/index.js'
import type { BackendWorld } from '../support/world.js'
import {
  APP,
  BACKEND,
  GROUP,
  appSpecFile,
  codeDeployWorld,
  created,
  deploy,
  expectOutcome,
  taskDefinitionOf,
  writes
} from '../support/codedeploy-world.js'

/*
 * Services on the CODE_DEPLOY controller (see codedeploy.test.ts), the paths beside the main
 * ones: the one-off task placed as the PRIMARY task set runs, wait-until ready ending before the
 * termination wait, CodeDeploy's own rollback deployment failing, and, when GetDeploymentTarget
 * is refused, the replacement task set found by its externalId (its crashed tasks; whether it
 * serves production traffic: PRIMARY, or not known and never rolled back on a guess). Each case asserts the outcome, the
 * exit code, and the AWS calls made and not made.
 */

const steps: StepResult[] = []
const world = (
  group: Partial<DeploymentGroupSeed>,
  body: (w: BackendWorld) => Promise<void>,
  options: StandInOptions = {}
) => codeDeployWorld(steps, group, body, options)

/** An AppSpec that moves the service to other subnets, Fargate 1.4.0 and FARGATE_SPOT. */
function movingAppSpec(workspace: string): string {
  mkdirSync(join(workspace, 'deploy'), { recursive: true })
  const properties = {
    TaskDefinition: '<TASK_DEFINITION>',
    LoadBalancerInfo: { ContainerName: 'backend', ContainerPort: 8000 },
    PlatformVersion: '1.4.0',
    NetworkConfiguration: {
      AwsvpcConfiguration: {
        Subnets: ['subnet-0ddd'],
        SecurityGroups: ['sg-0eee'],
        AssignPublicIp: 'DISABLED'
      }
    },
    CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Base: 0, Weight: 1 }]
  }
  const spec = {
    version: 0.0,
    Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: properties } }]
  }
  writeFileSync(join(workspace, 'deploy', 'appspec.json'), JSON.stringify(spec))
  return 'deploy/appspec.json'
}

describe('CodeDeploy: the paths beside the main ones (dist bundle, runner contract, stand-in)', () => {
  it('run-task-command: the one-off task runs as the PRIMARY task set runs, before CreateDeployment', async () => {
    await world({ scenarios: [{}, {}] }, async ({ standIn, job, workspace }) => {
      // An earlier deploy's AppSpec moved the tasks: the PRIMARY task set runs apart from the
      // service's own network, platform version and capacity providers.
      const moved = await deploy(job, { 'codedeploy-appspec': movingAppSpec(workspace) })
      expectOutcome(moved, 'succeeded', 0)
      standIn.tasks.queueTask({ exitCode: 0, lines: ['Running upgrade 4d5e6f -> 7a8b9c'] })
      const mark = standIn.calls.length
      const step = await deploy(job, { 'run-task-command': 'alembic upgrade head' })
      expectOutcome(step, 'succeeded', 0)
      expect(step.outputs['run-task-exit-code']).toBe('0')
      const [run, ...more] = standIn.answered('RunTask').map(c => c.input)
      expect(more).toEqual([])
      expect(run).toMatchObject({
        cluster: CLUSTER,
        taskDefinition: tdArn('backend', 3),
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }],
        platformVersion: '1.4.0',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-0ddd'],
            securityGroups: ['sg-0eee'],
            assignPublicIp: 'DISABLED'
          }
        },
        overrides: {
          containerOverrides: [{ name: 'backend', command: ['sh', '-c', 'alembic upgrade head'] }]
        }
      })
      expect(run).not.toHaveProperty('launchType')
      // The AppSpec built from the live service places the replacement task set the same way.
      const built = created(standIn)[1]?.Resources[0]?.TargetService.Properties
      expect(built).toMatchObject({
        PlatformVersion: '1.4.0',
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0ddd'] } },
        CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Base: 0, Weight: 1 }]
      })
      expect(writes(standIn.calls.slice(mark))).toEqual([
        'RegisterTaskDefinition',
        'CreateDeployment',
        'TagResource'
      ])
      const ops = standIn.calls.slice(mark).map(c => c.op)
      expect(ops.lastIndexOf('DescribeTasks')).toBeLessThan(ops.indexOf('CreateDeployment'))
      expect(step.log).toContain('  backend | Running upgrade 4d5e6f -> 7a8b9c')
    })
  })

  it('wait-until ready: ends once every event succeeded, before the termination wait; nothing more', async () => {
    await world(
      {
        termination: { action: 'TERMINATE', waitTimeInMinutes: 60 },
        scenarios: [{ minuteMs: 2000 }]
      },
      async ({ standIn, job, rev1 }) => {
        const step = await deploy(job, { 'wait-until': 'ready' })
        expectOutcome(step, 'succeeded', 0)
        expect(step.log).toContain(
          'every lifecycle event succeeded and production traffic is on the replacement task set'
        )
        expect(step.log).toContain(
          'wait-until is ready: the step does not wait for the deployment to end.'
        )
        expect(step.log).toContain(
          'CodeDeploy keeps the original task set for its termination wait'
        )
        // CodeDeploy is still in its termination wait: the deployment InProgress, the original
        // task set still there beside the replacement, which serves production traffic.
        const ours = standIn.codedeploy.deployments(APP, GROUP).at(-1)
        expect(ours?.status).toBe('InProgress')
        expect(step.outputs['codedeploy-deployment-id']).toBe(ours?.id)
        expect(
          standIn.ecs.taskSets(CLUSTER, BACKEND).map(t => [t.status, t.taskDefinition])
        ).toEqual([
          ['ACTIVE', rev1],
          ['PRIMARY', tdArn('backend', 2)]
        ])
        expect(step.durationMs).toBeLessThan(60 * 2000)
        expect(writes(standIn.calls)).toEqual([
          'RegisterTaskDefinition',
          'CreateDeployment',
          'TagResource'
        ])
        expect(standIn.answered('ContinueDeployment')).toEqual([])
      }
    )
  })

  it("CodeDeploy's own rollback deployment fails: rollback-failed, exit 1, nothing more sent", async () => {
    const scenario = {
      hookFails: { event: 'AfterAllowTestTraffic' as const, message: 'smoke test answered 503' },
      rollback: {
        hookFails: {
          event: 'AfterAllowTraffic' as const,
          message: 'p99 over budget on the original'
        }
      }
    }
    await world(
      { hooks: { AfterAllowTraffic: 'megilance-traffic-check' }, scenarios: [scenario] },
      async ({ standIn, job, workspace }) => {
        const step = await deploy(job, { 'codedeploy-appspec': appSpecFile(workspace) })
        expectOutcome(step, 'rollback-failed', 1)
        const [, ours, back] = standIn.codedeploy.deployments(APP, GROUP)
        expect([ours?.status, back?.status, back?.creator]).toEqual([
          'Failed',
          'Failed',
          'codeDeployRollback'
        ])
        const errors = annotations(step.log, 'error').map(e => e.message)
        expect(errors.join('\n')).toContain(
          `CodeDeploy's rollback deployment ${back?.id ?? '?'} Failed: HOOK_EXECUTION_FAILURE`
        )
        expect(errors.join('\n')).toContain('p99 over budget on the original')
        expect(step.outputs['codedeploy-deployment-id']).toBe(ours?.id)
        expect(writes(standIn.calls)).toEqual([
          'RegisterTaskDefinition',
          'CreateDeployment',
          'TagResource'
        ])
        expect(standIn.answered('StopDeployment')).toEqual([])
        expect(standIn.answered('UpdateService')).toEqual([])
        expect(step.summary).toContain(`\`${back?.id ?? '?'}\`: Failed`)
      }
    )
  })

  it('GetDeploymentTarget refused: a warning, and the crashed tasks found by the task set whose externalId is the deployment', async () => {
    const crash = {
      stoppedReason: 'Essential container in task exited',
      exitCode: 1,
      logLines: ['Starting MegiLance backend', 'RuntimeError: DATABASE_URL not set']
    }
    await world(
      { autoRollback: false, scenarios: [{ tasksCrash: [crash, crash] }] },
      async ({ standIn, job, rev1 }) => {
        const step = await deploy(job)
        expectOutcome(step, 'failed', 1)
        expect(annotations(step.log, 'warning')).toContainEqual({
          title: 'Missing permission',
          message: expect.stringContaining(
            'Missing permission codedeploy:GetDeploymentTarget on * (AccessDeniedException'
          )
        })
        expect(standIn.answered('GetDeploymentTarget')).toEqual([])
        // Whether traffic moved is not known without the target: said, and no rollback on a guess.
        expect(annotations(step.log, 'warning')).toContainEqual({
          title: 'State unknown',
          message: expect.stringContaining('Not rolling back on a guess')
        })
        const id = step.outputs['codedeploy-deployment-id']
        const replacement = standIn.ecs.taskSets(CLUSTER, BACKEND).find(t => t.externalId === id)
        expect(replacement?.taskDefinition).toBe(tdArn('backend', 2))
        expect(standIn.answered('ListTasks').map(c => c.input.startedBy)).toEqual([replacement?.id])
        const stopped = annotations(step.log, 'error').filter(a => a.title === 'Stopped task')
        expect(stopped).toHaveLength(2)
        for (const a of stopped)
          expect(a.message).toContain('last log line (backend): RuntimeError: DATABASE_URL not set')
        expect(writes(standIn.calls)).toEqual([
          'RegisterTaskDefinition',
          'CreateDeployment',
          'TagResource'
        ])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
      },
      { deny: ['GetDeploymentTarget'] }
    )
  })

  it('GetDeploymentTarget refused, failed after production traffic moved: ECS shows its task set PRIMARY, so the previous revision is deployed again', async () => {
    await world(
      {
        autoRollback: false,
        scenarios: [{ hookFails: { event: 'AfterAllowTraffic', message: 'p99 over budget' } }]
      },
      async ({ standIn, job, workspace, rev1 }) => {
        const step = await deploy(job, {
          'codedeploy-appspec': appSpecFile(workspace, 'AfterAllowTraffic')
        })
        expectOutcome(step, 'rolled-back', 1)
        expect(standIn.answered('GetDeploymentTarget')).toEqual([])
        expect(annotations(step.log, 'warning').map(a => a.title)).not.toContain('State unknown')
        expect(created(standIn).map(taskDefinitionOf)).toEqual([tdArn('backend', 2), rev1])
        expect(writes(standIn.calls)).toEqual([
          'RegisterTaskDefinition',
          'CreateDeployment',
          'TagResource',
          'CreateDeployment'
        ])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
      },
      { deny: ['GetDeploymentTarget'] }
    )
  })
})

it('no step printed a stand-in credential', () => {
  for (const step of steps) expect(step.log).not.toContain(STATIC_KEYS.AWS_SECRET_ACCESS_KEY)
})
