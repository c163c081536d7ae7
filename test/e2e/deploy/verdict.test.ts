import { afterAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import { CLUSTER, deployInputs, service, tdArn } from '../../../tools/harness/megilance.js'
import { Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import {
  type BackendSeed,
  type BackendWorld,
  backendDefinition,
  backendWorld
} from '../support/world.js'
import {
  type AwsCall,
  type RolloutScript,
  STATIC_KEYS,
  type StandIn,
  type StandInOptions,
  rollouts
} from '../../../tools/stand-in/index.js'

/*
 * The verdict against how ECS really behaves: the packaged action (dist/) under the runner's
 * contract, against the stand-in playing ECS's documented behaviours (stand-in/ecs/ quotes each):
 * eventually consistent reads, a deployment ECS duplicates, failedTasks that resets, ECS's own
 * rollbacks that succeed or fail, other deployment controllers, refused permissions, and errors
 * after UpdateService. Each case asserts the outputs, the AWS calls made and not made, and what
 * the log and summary say.
 * Over 250 lines: one scenario per documented ECS behaviour, sharing one world, read top to bottom.
 */

const BACKEND = service('backend')
const WRITES = ['RegisterTaskDefinition', 'UpdateService', 'TagResource']
const crash = {
  stoppedReason: 'Essential container in task exited',
  exitCode: 1,
  containerReason: 'RuntimeError: DATABASE_URL is not set'
}
const steps: StepResult[] = []

interface Setup extends StandInOptions {
  readonly circuitBreaker?: BackendSeed['circuitBreaker']
  readonly rollouts?: readonly RolloutScript[]
  readonly deploymentController?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
}

/** A stand-in with megilance-backend running revision 1, and a job; cleaned up after. */
function world(setup: Setup, body: (w: BackendWorld) => Promise<void>): Promise<void> {
  const { circuitBreaker, rollouts: scripts, deploymentController, ...options } = setup
  return backendWorld(
    { serviceDeployments: true, ...options },
    {
      ...(circuitBreaker ? { circuitBreaker } : {}),
      ...(deploymentController ? { deploymentController } : {}),
      rollouts: scripts ?? []
    },
    steps,
    body
  )
}

/** The deploy step as MegiLance runs it, with the SDK's default chain (no STS in the way). */
const deploy = (job: Job, extra: Record<string, string> = {}, name?: string) =>
  job.run('ecs-deploy', deployInputs('backend', extra, { role: false }), name ? { name } : {})

const updates = (standIn: StandIn) =>
  standIn.answered('UpdateService').map(c => c.input.taskDefinition)
/** The revisions of the UpdateService calls made since call number `mark`. */
const updatesSince = (standIn: StandIn, mark: number) =>
  standIn.calls
    .slice(mark)
    .filter(c => c.op === 'UpdateService')
    .map(c => c.input.taskDefinition)
const writes = (calls: readonly AwsCall[]) => calls.map(c => c.op).filter(op => WRITES.includes(op))

/** Fails with the step's whole log, so a red test says what the step said. */
function expectOutcome(step: StepResult, outcome: string, exitCode: number): void {
  if (step.outputs.outcome !== outcome || step.exitCode !== exitCode) {
    throw new Error(
      `${step.name}: expected outcome ${outcome} (exit ${exitCode}), got ${step.outputs.outcome} (exit ${step.exitCode})\n${step.log}`
    )
  }
}

describe('the verdict holds against how ECS behaves (dist bundle, runner contract, stand-in)', () => {
  it('stale reads: DescribeServices lags UpdateService, and a healthy deploy still succeeds', async () => {
    await world(
      { readLagMs: 2500, rollouts: [rollouts.succeeds(2, 3)] },
      async ({ standIn, job, rev1 }) => {
        const step = await deploy(job)
        expectOutcome(step, 'succeeded', 0)
        expect(step.log).toMatch(
          /A read does not show deployment ecs-svc\/\d+ yet \(PRIMARY is ecs-svc\/\d+ on megilance-backend:1, created before ours\); reading again\./
        )
        expect(step.log).not.toContain('was replaced by')
        expect(updates(standIn)).toEqual([tdArn('backend', 2)])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(tdArn('backend', 2))
        // our service deployment is the one targeting revision 2, found once the list shows it
        expect(step.log).toMatch(/Watching service deployment arn:aws:ecs:.*:service-deployment\//)
        expect(rev1).toBe(tdArn('backend', 1))
      }
    )
  })

  it('duplicate deployment: ECS replaces ours with a twin of the same revision → followed, succeeded', async () => {
    await world({ rollouts: [rollouts.duplicated()] }, async ({ standIn, job }) => {
      const step = await deploy(job)
      expectOutcome(step, 'succeeded', 0)
      const ours = step.outputs['deployment-id'] ?? ''
      expect(step.log).toMatch(
        new RegExp(
          `ECS replaced deployment ${ours} with ecs-svc/\\d+ of the same task definition \\(megilance-backend:2\\); following`
        )
      )
      expect(annotations(step.log, 'error')).toEqual([])
      expect(updates(standIn)).toEqual([tdArn('backend', 2)])
      expect(standIn.ecs.tagsOf(tdArn('backend', 2))['ecs-deploy-actions:outcome']).toBe(
        'succeeded'
      )
    })
  })

  it("the twin with the first one's service deployment STOPPED → followed, succeeded", async () => {
    await world({ rollouts: [rollouts.duplicatedWithOwnRecord()] }, async ({ standIn, job }) => {
      const step = await deploy(job)
      expectOutcome(step, 'succeeded', 0)
      const ours = step.outputs['deployment-id'] ?? ''
      expect(step.log).toMatch(
        new RegExp(`ECS replaced deployment ${ours} with ecs-svc/\\d+ of the same task definition`)
      )
      expect(step.log).not.toContain('was replaced by deployment')
      const records = standIn.answered('DescribeServiceDeployments').length
      expect(records).toBeGreaterThan(0)
      expect(annotations(step.log, 'error')).toEqual([])
      expect(writes(standIn.calls)).toEqual([
        'RegisterTaskDefinition',
        'UpdateService',
        'TagResource'
      ])
      expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(tdArn('backend', 2))
      expect(standIn.ecs.tagsOf(tdArn('backend', 2))['ecs-deploy-actions:outcome']).toBe(
        'succeeded'
      )
    })
  })

  it('failedTasks resets: one task runs, the others crash → counted from the stopped tasks, rolled back', async () => {
    await world(
      { rollouts: [rollouts.oneRunsOthersCrash(crash, 4), rollouts.succeeds(2, 2)] },
      async ({ standIn, job, rev1 }) => {
        const step = await deploy(job)
        expectOutcome(step, 'rolled-back', 1)
        const ours = step.outputs['deployment-id'] ?? ''
        expect(step.log).toContain(
          `3 tasks of deployment ${ours} failed to start or stay healthy (max-failed-tasks is 3)`
        )
        // ECS's failedTasks said 0 all along: the count came from ListTasks (startedBy = our id).
        const listed = standIn.answered('ListTasks').map(c => c.input)
        expect(listed).toContainEqual({
          cluster: CLUSTER,
          startedBy: ours,
          desiredStatus: 'STOPPED',
          maxResults: 100
        })
        expect(updates(standIn)).toEqual([tdArn('backend', 2), rev1])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
        expect(step.durationMs).toBeLessThan(60_000) // not wait-for-minutes (3)
      }
    )
  })

  it("ECS's rollback succeeds: the failure is annotated at once, then ECS's rollback watched → rolled-back", async () => {
    await world(
      {
        circuitBreaker: { enable: true, rollback: true },
        rollouts: [rollouts.circuitBreaker([crash, crash])]
      },
      async ({ standIn, job, rev1 }) => {
        const step = await deploy(job)
        expectOutcome(step, 'rolled-back', 1)
        const log = step.log
        const failedAt = log.indexOf('::error title=Deployment failed (circuit-breaker)::')
        expect(failedAt).toBeGreaterThan(0)
        expect(failedAt).toBeLessThan(log.indexOf("::group::Watch ECS's rollback of"))
        expect(log).toContain(
          "ECS's rollback succeeded: ECS rolled the service back (ROLLBACK_SUCCESSFUL)"
        )
        expect(step.summary).toContain('↩️ Failed and rolled back')
        expect(step.summary).toContain("ECS's rollback: succeeded")
        expect(updates(standIn)).toEqual([tdArn('backend', 2)]) // ECS rolled back, not us
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
        expect(annotations(log, 'error').at(-1)?.message).toMatch(
          new RegExp(
            `^Deployment failed and was rolled back to ${rev1}: ECS stopped the deployment and rolls back`
          )
        )
      }
    )
  })

  // The configurable breaker (July 2026): ECS counts the failures to its own threshold; a task
  // that runs does not reset the count (resetOnHealthyTask false). The step waits for ECS's word
  // past max-failed-tasks (3), and ECS, not the step, rolls back.
  it('the configurable circuit breaker (COUNT 5, resetOnHealthyTask false) decides, not max-failed-tasks: ECS fails the deployment at its fifth failed task and rolls back', async () => {
    const script: RolloutScript = [
      { running: 0, pending: 2 },
      { pending: 2, failTasks: [crash, crash] },
      { running: 1, pending: 1 },
      ...[1, 2, 3].map(() => ({ pending: 1, failTasks: [crash] })),
      { pending: 1 }
    ]
    const circuitBreaker = {
      enable: true,
      rollback: true,
      resetOnHealthyTask: false,
      thresholdConfiguration: { type: 'COUNT' as const, value: 5 }
    }
    await world({ circuitBreaker, rollouts: [script] }, async ({ standIn, job, rev1 }) => {
      const step = await deploy(job)
      expectOutcome(step, 'rolled-back', 1)
      expect(step.log).not.toContain('(max-failed-tasks is 3)')
      expect(annotations(step.log, 'error').at(-1)?.message).toMatch(
        new RegExp(`^Deployment failed and was rolled back to ${rev1}: ECS stopped the deployment`)
      )
      expect(updates(standIn)).toEqual([tdArn('backend', 2)]) // ECS rolled back, not the step
      expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
      // ECS's own count and threshold, as DescribeServiceDeployments answers them.
      const ecs = standIn.ecs.operations
      const listed = (await ecs.ListServiceDeployments!({
        cluster: CLUSTER,
        service: BACKEND
      })) as {
        serviceDeployments: { serviceDeploymentArn: string }[]
      }
      const ours = listed.serviceDeployments[0]!.serviceDeploymentArn
      const described = (await ecs.DescribeServiceDeployments!({
        serviceDeploymentArns: [ours]
      })) as { serviceDeployments: Record<string, unknown>[] }
      expect(described.serviceDeployments[0]).toMatchObject({
        status: 'ROLLBACK_SUCCESSFUL',
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 5, threshold: 5 }
      })
    })
  })

  it.each([true, false])(
    "ECS's rollback fails (service-deployment API %s) → rollback-failed with ECS's reason, no rollback of ours",
    async serviceDeployments => {
      const back: RolloutScript = [
        { running: 0, pending: 2 },
        { circuitBreaker: 'rollback tasks failed to start' }
      ]
      await world(
        {
          serviceDeployments,
          circuitBreaker: { enable: true, rollback: true },
          rollouts: [rollouts.circuitBreaker([crash], 'tasks failed to start', back)]
        },
        async ({ standIn, job }) => {
          const step = await deploy(job)
          expectOutcome(step, 'rollback-failed', 1)
          expect(step.log).toContain(
            serviceDeployments
              ? "ECS's rollback failed (ROLLBACK_FAILED): Service deployment rollback failed: rollback tasks failed to start."
              : 'failed: ECS deployment circuit breaker: rollback tasks failed to start.'
          )
          expect(step.summary).toContain('🛑 Failed, and the rollback failed too')
          expect(annotations(step.log, 'error').at(-1)?.message).toMatch(
            /^Deployment failed, and the rollback to .* failed too: /
          )
          expect(updates(standIn)).toEqual([tdArn('backend', 2)])
        }
      )
    }
  )

  it('an error after UpdateService: every output set, outcome unknown, no rollback, post state cleared', async () => {
    await world(
      { denyAfter: { DescribeServices: 'UpdateService' }, rollouts: [rollouts.stuck()] },
      async ({ standIn, job, rev1 }) => {
        const step = await deploy(job)
        expectOutcome(step, 'unknown', 1)
        expect(step.outputs).toMatchObject({
          'task-definition-arn': tdArn('backend', 2),
          'previous-task-definition-arn': rev1,
          'rendered-task-definition': expect.stringContaining(
            'megilance-backend-task-definition.json'
          )
        })
        expect(step.outputs['deployment-id']).toMatch(/^ecs-svc\/\d{19}$/)
        expect(annotations(step.log, 'error')).toEqual(
          expect.arrayContaining([
            {
              title: 'State unknown',
              message: expect.stringContaining('not authorized to perform: ecs:DescribeServices')
            }
          ])
        )
        expect(annotations(step.log, 'error').at(-1)?.message).toMatch(
          /^The state of the rollout could not be known: .*Nothing was rolled back on a guess/
        )
        expect(step.summary).toContain('❓ State unknown')
        expect(updates(standIn)).toEqual([tdArn('backend', 2)]) // no rollback on a guess
        expect(
          standIn.ecs.tagsOf(tdArn('backend', 2))['ecs-deploy-actions:outcome']
        ).toBeUndefined()
        expect(step.state.watching).toBe('false')
        const mark = standIn.calls.length
        const post = await job.post(step)
        expect(post.exitCode).toBe(0)
        expect(annotations(post.log, 'warning')).toEqual([])
        expect(standIn.calls.slice(mark)).toEqual([])
      }
    )
  })

  it('the rollback target is never a revision still rolling out: back to the last that succeeded', async () => {
    await world({ rollouts: [rollouts.stuck()] }, async ({ standIn, job, rev1 }) => {
      // Someone started revision 2 before us; it is still rolling out when our deploy begins.
      const rev2 = standIn.ecs.seedTaskDefinition(backendDefinition())
      standIn.ecs.operations.UpdateService!({
        cluster: CLUSTER,
        service: BACKEND,
        taskDefinition: rev2
      })
      standIn.ecs.queueRollout(CLUSTER, BACKEND, rollouts.failsTasks([crash, crash, crash]))
      standIn.ecs.queueRollout(CLUSTER, BACKEND, rollouts.succeeds(2, 2))
      const mark = standIn.calls.length
      const step = await deploy(job)
      expectOutcome(step, 'rolled-back', 1)
      expect(step.outputs['previous-task-definition-arn']).toBe(rev2)
      expect(step.log).toContain(
        'megilance-backend:2 was still rolling out (or had failed) when the deploy began'
      )
      expect(step.log).toContain(
        'The last revision that succeeded is megilance-backend:1 (the newest service deployment ECS reports SUCCESSFUL)'
      )
      expect(updatesSince(standIn, mark)).toEqual([tdArn('backend', 3), rev1])
      expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
    })
  })

  it('mode rollback: a failed rollback never puts the bad revision back', async () => {
    await world(
      { rollouts: [rollouts.succeeds(2, 2), rollouts.failsTasks([crash, crash, crash])] },
      async ({ standIn, job, rev1 }) => {
        const first = await deploy(job, {}, 'deploy release-2')
        expectOutcome(first, 'succeeded', 0)
        const mark = standIn.calls.length
        const step = await job.run(
          'ecs-deploy',
          {
            'aws-region': 'us-east-1',
            mode: 'rollback',
            'rollback-to': '1',
            cluster: CLUSTER,
            service: BACKEND,
            'poll-interval-seconds': '1',
            'wait-for-minutes': '3'
          },
          { name: 'rollback to 1' }
        )
        expectOutcome(step, 'failed', 1)
        expect(step.log).toContain(
          'This step was itself a rollback: rolling it back would put back the revision it replaced.'
        )
        expect(updatesSince(standIn, mark)).toEqual([rev1])
        expect(writes(standIn.calls.slice(mark))).toEqual(['UpdateService'])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
      }
    )
  })

  // A CODE_DEPLOY service deploys through CodeDeploy: test/e2e/codedeploy/codedeploy.test.ts.
  it.each(['EXTERNAL'] as const)(
    'a service on the %s controller is refused before any write, naming the controller and what to use',
    async controller => {
      await world({ deploymentController: controller }, async ({ standIn, job }) => {
        const step = await deploy(job)
        expect(step.exitCode).toBe(1)
        const message = annotations(step.log, 'error').at(-1)?.message ?? ''
        expect(message).toContain(`uses the ${controller}`)
        expect(message).toMatch(/Deploy through that controller/)
        expect(message).toContain('Nothing was registered or changed.')
        expect(writes(standIn.calls)).toEqual([])
        expect(standIn.ecs.revisions('megilance-backend')).toHaveLength(1)
      })
    }
  )

  it('DescribeServiceDeployments denied: the deploy succeeds, and the log names the permission and the resource', async () => {
    await world(
      { deny: ['DescribeServiceDeployments'], rollouts: [rollouts.succeeds(2, 3)] },
      async ({ standIn, job }) => {
        const step = await deploy(job)
        expectOutcome(step, 'succeeded', 0)
        const warnings = annotations(step.log, 'warning').filter(
          w => w.title === 'Missing permission'
        )
        expect(warnings).toHaveLength(1)
        expect(warnings[0]?.message).toMatch(
          /^Missing permission ecs:DescribeServiceDeployments on arn:aws:ecs:us-east-1:123456789012:service-deployment\/megilance-cluster\/megilance-backend\/\w+ /
        )
        expect(warnings[0]?.message).toContain('The watch goes on with DescribeServices alone')
        expect(standIn.calls.filter(c => c.op === 'DescribeServiceDeployments')).toHaveLength(1) // tried once, then announced
      }
    )
  })
})

describe('GitHub Deployment status (a local GitHub API)', () => {
  let server: Server
  let url = ''
  const statuses: { state: string; description: string }[] = []
  const started = new Promise<void>(done => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (c: Buffer) => chunks.push(c))
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
          string,
          string
        >
        response.writeHead(201, { 'content-type': 'application/json' })
        if (/\/deployments$/.test(request.url ?? '')) response.end(JSON.stringify({ id: 4242 }))
        else {
          statuses.push({ state: body.state ?? '', description: body.description ?? '' })
          response.end('{}')
        }
      })
    }).listen(0, '127.0.0.1', () => {
      const a = server.address()
      url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
      done()
    })
  })
  afterAll(() => new Promise<void>(done => server.close(() => done())))

  const withGitHub = (job: Job, extra: Record<string, string>) =>
    job.run(
      'ecs-deploy',
      deployInputs(
        'backend',
        { environment: 'production', 'github-token': job.githubToken, ...extra },
        { role: false }
      ),
      { env: { GITHUB_API_URL: url } }
    )

  it('outcome started is never recorded as success', async () => {
    await started
    statuses.length = 0
    await world({}, async ({ job }) => {
      const step = await withGitHub(job, { 'wait-for-service-stability': 'false' })
      expectOutcome(step, 'started', 0)
      expect(statuses.map(s => s.state)).toEqual(['in_progress', 'in_progress'])
      expect(statuses[1]?.description).toBe('megilance-backend: started')
    })
  })

  it('a job cancelled mid-rollout: the post step records where the rollout stood', async () => {
    await started
    statuses.length = 0
    await world({ rollouts: [rollouts.stuck()] }, async ({ standIn, job }) => {
      const main = await job.run(
        'ecs-deploy',
        deployInputs(
          'backend',
          { environment: 'production', 'github-token': job.githubToken },
          { role: false }
        ),
        {
          env: { GITHUB_API_URL: url },
          whileRunning: async child => {
            const deadline = Date.now() + 60_000
            while (standIn.answered('DescribeServices').length < 4 && Date.now() < deadline) {
              await new Promise(done => setTimeout(done, 50))
            }
            child.kill('SIGTERM')
          }
        }
      )
      expect(main.signal).toBe('SIGTERM')
      expect(main.state).toMatchObject({ watching: 'true', 'github-deployment-id': '4242' })
      const post = await job.post(main, { env: { GITHUB_API_URL: url } })
      expect(post.exitCode).toBe(0)
      expect(statuses.map(s => s.state)).toEqual(['in_progress', 'error'])
      expect(statuses[1]?.description).toMatch(
        /^Job cancelled mid-rollout: IN_PROGRESS(, IN_PROGRESS)?: 1\/2 running/
      )
    })
  })
})

it('no step printed a stand-in credential', () => {
  expect(steps.length).toBeGreaterThan(0)
  for (const step of steps) expect(step.log).not.toContain(STATIC_KEYS.AWS_SECRET_ACCESS_KEY)
})
