import { describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLUSTER, service, tdArn } from '../../../tools/harness/megilance.js'
import { type StepResult, annotations } from '../../../tools/harness/runner.js'
import {
  type DeploymentGroupSeed,
  STATIC_KEYS,
  targetGroupArn
} from '../../../tools/stand-in/index.js'
import { type BackendWorld, backendWorld } from '../support/world.js'
import {
  APP,
  BACKEND,
  GROUP,
  act,
  codeDeployWorld,
  created,
  deploy,
  expectOutcome,
  taskDefinitionOf,
  writes
} from '../support/codedeploy-world.js'

/*
 * Services on the CODE_DEPLOY controller (see codedeploy.test.ts): a deployment waiting at Ready
 * continued (mode continue) or stopped with rollback (mode rollback), a rollback to the previous
 * revision through CodeDeploy, the dry run, and bad input refused before any write. Each case
 * asserts the outcome, the exit code, and the AWS calls made and not made.
 */

const steps: StepResult[] = []
const world = (group: Partial<DeploymentGroupSeed>, body: (w: BackendWorld) => Promise<void>) =>
  codeDeployWorld(steps, group, body)

describe('CodeDeploy: continue, rollback, dry run (dist bundle, runner contract, stand-in)', () => {
  it('Ready with STOP_DEPLOYMENT: paused (exit 0), ContinueDeployment not called → mode continue → succeeded', async () => {
    await world(
      { deploymentReady: { action: 'STOP_DEPLOYMENT', waitTimeInMinutes: 30 } },
      async ({ standIn, job }) => {
        const paused = await deploy(job)
        expectOutcome(paused, 'paused', 0)
        expect(writes(standIn.calls)).toEqual(['RegisterTaskDefinition', 'CreateDeployment'])
        const warning = annotations(paused.log, 'warning').find(a =>
          a.title.startsWith('Deployment paused')
        )
        expect(warning?.title).toBe('Deployment paused at Ready')
        expect(warning?.message).toMatch(
          /is Ready: the replacement task set runs and takes test traffic/
        )
        expect(paused.summary).toContain('⏸️ Paused at Ready')
        const id = paused.outputs['codedeploy-deployment-id']
        expect(standIn.codedeploy.deployments(APP, GROUP).at(-1)).toMatchObject({
          id,
          status: 'Ready'
        })
        const mark = standIn.calls.length
        const continued = await act(job, 'continue')
        expectOutcome(continued, 'succeeded', 0)
        expect(writes(standIn.calls.slice(mark))).toEqual(['ContinueDeployment', 'TagResource'])
        expect(standIn.answered('ContinueDeployment').map(c => c.input)).toEqual([
          { deploymentId: id, deploymentWaitType: 'READY_WAIT' }
        ])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(tdArn('backend', 2))
      }
    )
  })

  it('mode rollback on a deployment waiting at Ready: StopDeployment with rollback, watched to its end', async () => {
    await world(
      { deploymentReady: { action: 'STOP_DEPLOYMENT', waitTimeInMinutes: 30 } },
      async ({ standIn, job, rev1 }) => {
        expectOutcome(await deploy(job), 'paused', 0)
        const back = await act(job, 'rollback')
        expectOutcome(back, 'succeeded', 0)
        expect(standIn.answered('StopDeployment').map(c => c.input.autoRollbackEnabled)).toEqual([
          true
        ])
        expect(standIn.answered('CreateDeployment')).toHaveLength(1)
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
      }
    )
  })

  it('mode rollback with nothing in flight: the previous revision deploys through CodeDeploy', async () => {
    await world({}, async ({ standIn, job, rev1 }) => {
      expectOutcome(await deploy(job), 'succeeded', 0)
      const back = await act(job, 'rollback')
      expectOutcome(back, 'succeeded', 0)
      expect(created(standIn).map(taskDefinitionOf)).toEqual([tdArn('backend', 2), rev1])
      expect(back.outputs['task-definition-arn']).toBe(rev1)
      expect(standIn.answered('UpdateService')).toEqual([])
      expect(standIn.answered('RegisterTaskDefinition')).toHaveLength(1)
      expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
    })
  })

  it('dry run: prints the AppSpec and the diff, writes nothing', async () => {
    await world({}, async ({ standIn, job }) => {
      const step = await deploy(job, { 'dry-run': 'true' })
      expectOutcome(step, 'dry-run', 0)
      expect(step.log).toContain(
        'dry-run: the AppSpec CreateDeployment would send (built from the live service):'
      )
      expect(step.log).toContain('TaskDefinition: <the revision deployed>')
      expect(step.log).toMatch(/backend: image .* → .*megilance-backend@sha256/)
      expect(step.log).toContain(`dry-run: no CodeDeploy deployment is created in ${APP}/${GROUP}.`)
      expect(writes(standIn.calls)).toEqual([])
    })
  })
})

describe('bad input: a clear error, and nothing registered or deployed', () => {
  const cases: [string, (workspace: string) => Record<string, string>, RegExp][] = [
    [
      'a deployment group that does not exist',
      () => ({ 'codedeploy-application': APP, 'codedeploy-deployment-group': 'DgpECS-nope' }),
      /Input "codedeploy-deployment-group": DgpECS-nope does not exist in application AppECS-megilance-cluster-megilance-backend/
    ],
    [
      'a deployment group that does not hold this service',
      () => ({
        'codedeploy-application': 'AppECS-frontend',
        'codedeploy-deployment-group': 'DgpECS-frontend'
      }),
      /Input "codedeploy-deployment-group": AppECS-frontend\/DgpECS-frontend does not hold megilance-cluster:megilance-backend \(its ecsServices: megilance-cluster:megilance-frontend\)/
    ],
    [
      'an AppSpec that is not YAML or JSON',
      workspace => {
        writeFileSync(
          join(workspace, 'appspec.yaml'),
          'version: 0.0\nResources: [\n  - TargetService\nHooks: x\n'
        )
        return { 'codedeploy-appspec': 'appspec.yaml' }
      },
      /Input "codedeploy-appspec": appspec.yaml line \d+, column \d+ is not YAML or JSON/
    ],
    [
      'an AppSpec without a TaskDefinition property',
      workspace => {
        writeFileSync(
          join(workspace, 'appspec.json'),
          JSON.stringify({
            version: 0,
            Resources: [{ TargetService: { Type: 'AWS::ECS::Service', Properties: {} } }]
          })
        )
        return { 'codedeploy-appspec': 'appspec.json' }
      },
      /Input "codedeploy-appspec": appspec.json: resource TargetService has no TaskDefinition property/
    ]
  ]
  it.each(cases)('%s', async (_, inputs, message) => {
    await world({}, async ({ standIn, job, workspace }) => {
      standIn.ecs.seedService({
        cluster: CLUSTER,
        service: service('frontend'),
        taskDefinition: standIn.ecs.seedTaskDefinition({
          family: 'megilance-frontend',
          containerDefinitions: [{ name: 'frontend', image: 'nginx', essential: true }]
        }),
        desiredCount: 1,
        deploymentController: 'CODE_DEPLOY',
        loadBalancers: [
          {
            targetGroupArn: targetGroupArn('megilance-frontend-blue'),
            containerName: 'frontend',
            containerPort: 3000
          }
        ]
      })
      standIn.codedeploy.seedDeploymentGroup({
        application: 'AppECS-frontend',
        deploymentGroup: 'DgpECS-frontend',
        cluster: CLUSTER,
        service: service('frontend')
      })
      const step = await deploy(job, inputs(workspace))
      expect(step.exitCode).toBe(1)
      expect(annotations(step.log, 'error').at(-1)?.message).toMatch(message)
      expect(step.log).not.toContain('Registered arn:')
      expect(standIn.answered('RegisterTaskDefinition')).toEqual([])
      expect(standIn.answered('CreateDeployment')).toEqual([])
      expect(writes(standIn.calls)).toEqual([])
    })
  })

  it('codedeploy-* inputs on a service of the ECS controller', async () => {
    await backendWorld(
      { serviceDeployments: true },
      { rollouts: [] },
      steps,
      async ({ standIn, job }) => {
        const step = await deploy(job, {
          'codedeploy-appspec': 'appspec.yaml',
          'codedeploy-deployment-group': GROUP
        })
        expect(step.exitCode).toBe(1)
        expect(annotations(step.log, 'error').at(-1)?.message).toContain(
          'Input "codedeploy-appspec": codedeploy-appspec, codedeploy-deployment-group are for services on the CODE_DEPLOY deployment controller, but megilance-backend is on the ECS controller'
        )
        expect(standIn.ops('codedeploy')).toEqual([])
        expect(writes(standIn.calls)).toEqual([])
      }
    )
  })
})

it('no step printed a stand-in credential', () => {
  for (const step of steps) expect(step.log).not.toContain(STATIC_KEYS.AWS_SECRET_ACCESS_KEY)
})
