import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { CLUSTER, deployInputs, tdArn } from '../../../tools/harness/megilance.js'
import { startOidcIssuer } from '../../../tools/harness/oidc.js'
import {
  ACTIONS_REPOSITORY,
  APP_REPOSITORY,
  createActionsRepository,
  createAppRepository,
  megilanceRun,
  userCopy
} from '../../../tools/harness/repositories.js'
import type { StepResult } from '../../../tools/harness/runner.js'
import { type RunResult, runWorkflow } from '../../../tools/workflow-runner/index.js'
import { backendWorld } from '../support/world.js'

/*
 * continue.yml, its own entry: a blue/green deploy of megilance-backend pauses at a PAUSE hook
 * (the action, run directly, ends `paused`); then the continue starter workflow, copied as a user
 * copies it, calls continue.yml, whose job goes on with the deployment (mode continue) and
 * watches it to SUCCESSFUL, in the production environment, in the service's concurrency group.
 */

const actions = { dir: '', sha: '' }
const steps: StepResult[] = []

beforeAll(() => {
  Object.assign(actions, createActionsRepository())
})

afterAll(() => {
  rmSync(actions.dir, { recursive: true, force: true })
})

const logs = (run: RunResult): string =>
  run.error ??
  run.jobs
    .flatMap(j => j.steps.map(s => `--- ${j.name} / ${s.name} (${s.conclusion})\n${s.log}`))
    .join('\n')

it('a deployment paused at a PAUSE hook goes on through continue.yml, to SUCCESSFUL', async () => {
  const caller = userCopy('continue.yml', {
    '          - my-app': '          - megilance-backend',
    'cluster: my-cluster': `cluster: ${CLUSTER}`,
    '      environment: production': '      environment: production\n      poll-interval-seconds: 1'
  })
  const app = createAppRepository({ 'continue.yml': caller })
  const oidc = await startOidcIssuer({
    repository: APP_REPOSITORY,
    ref: 'refs/heads/main',
    sha: app.sha,
    runId: '7312345678'
  })
  try {
    await backendWorld(
      { serviceDeployments: true, verifyOidc: token => oidc.verify(token) },
      {
        deploymentConfiguration: {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 0,
          lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }]
        },
        native: [{ minuteMs: 2000 }],
        rollouts: []
      },
      steps,
      async ({ standIn, job }) => {
        const paused = await job.run('ecs-deploy', deployInputs('backend', {}, { role: false }))
        expect(paused.outputs.outcome).toBe('paused')

        const run = await runWorkflow(
          megilanceRun(
            { app, actions, oidc, endpointEnv: standIn.endpointEnv, pathPrefix: [] },
            'continue.yml',
            { name: 'workflow_dispatch', inputs: { service: 'megilance-backend' } }
          )
        )
        expect({
          conclusion: run.conclusion,
          log: run.conclusion === 'success' ? '' : logs(run)
        }).toEqual({ conclusion: 'success', log: '' })
        expect(run.name).toBe('Continue an ECS deployment')
        expect(run.jobs.map(j => `${j.name}: ${j.result}`)).toEqual([
          'continue / Prepare to continue megilance-backend: success',
          'continue / Continue megilance-backend: success'
        ])
        const [prepare, cont] = run.jobs
        expect(prepare?.outputs['actions-repository']).toBe(ACTIONS_REPOSITORY)
        const step = cont?.steps.find(s => s.id === 'continue')
        expect(step?.inputs).toMatchObject({ mode: 'continue', service: 'megilance-backend' })
        expect(cont?.outputs).toMatchObject({
          outcome: 'succeeded',
          'task-definition-arn': tdArn('backend', 2)
        })
        expect(run.outputs.continue).toMatchObject({ outcome: 'succeeded' })
        expect(
          standIn
            .answered('ContinueServiceDeployment')
            .map(c => (c.input as { action: string }).action)
        ).toEqual(['CONTINUE'])
        expect(standIn.ecs.running(CLUSTER, 'megilance-backend')).toBe(tdArn('backend', 2))
        expect(cont?.environment).toEqual({ name: 'production', url: '' })
        expect(cont?.concurrency).toEqual({
          group: `ecs-deploy-actions/${CLUSTER}/megilance-backend`,
          cancelInProgress: false,
          queue: 'max'
        })
        // The deploy role, in the environment.
        expect(
          standIn.sts.issued.map(c => `${c.roleArn.split('/')[1] ?? ''} ${c.subject}`)
        ).toEqual([`my-app-deploy repo:${APP_REPOSITORY}:environment:production`])
      }
    )
  } finally {
    await oidc.close()
    rmSync(app.dir, { recursive: true, force: true })
  }
}, 120_000)
