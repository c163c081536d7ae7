import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Registry, startRegistry } from '../../tools/harness/registry.js'
import { createMegilanceWorkspace, probeDocker, removeImages } from '../../tools/harness/machine.js'
import {
  type App,
  CLUSTER,
  REGION,
  ROLE,
  buildInputs,
  deployInputs,
  placeholderImage,
  seedMegilance,
  service,
  tdArn
} from '../../tools/harness/megilance.js'
import { type OidcIssuer, startOidcIssuer } from '../../tools/harness/oidc.js'
import { Job, type StepResult, annotations } from '../../tools/harness/runner.js'
import {
  type AwsCall,
  type RolloutScript,
  STATIC_KEYS,
  type StandIn,
  rollouts,
  startStandIn
} from '../../tools/stand-in/index.js'

/*
 * The packaged actions (dist/) run as GitHub's runner runs them, against ONE local AWS stand-in
 * (ECS and ECR over JSON 1.1, STS over the query protocol) reached only through
 * AWS_ENDPOINT_URL_ECS / _ECR / _STS, with a local OIDC token endpoint, and for the build stage
 * a real Docker engine and a real registry with htpasswd auth. Each scenario asserts outputs,
 * exit code, job summary and the AWS calls made and not made; the last test scans the logs of
 * every step of every scenario for secrets.
 * Over 250 lines: every scenario adds to the one ledger of steps that the last test scans for
 * secrets, so they share one file.
 */

const inCi = process.env.CI === 'true'
const docker = probeDocker()
if (docker.problem && !inCi) {
  console.warn(
    `e2e: the push-to-main scenario (Docker build stage) is SKIPPED here: ${docker.problem}. ` +
      'Run `bash scripts/setup.sh` to install and start Docker; in CI (CI=true) it fails instead.'
  )
}
const itWithDocker = docker.problem && !inCi ? it.skip : it

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e'
const REPOSITORY = 'megilance/megilance'
const RUN_ID = '9876543210'
const BUILD_SECRET = `pip-${Math.random().toString(36).slice(2)}-e2e-build-secret`
const WRITES = [
  'RegisterTaskDefinition',
  'UpdateService',
  'TagResource',
  'CreateRepository',
  'PutLifecyclePolicy'
]

/** What every scenario leaves behind for the secrets scan. */
const ledger = {
  steps: [] as StepResult[],
  secrets: new Map<string, string>(),
  masks: new Set<string>()
}

interface Scenario {
  readonly standIn: StandIn
  readonly oidc: OidcIssuer
  /** The scenario's (first) job. */
  readonly job: Job
  /** Another job of the same workflow run (its own runner: RUNNER_TEMP, HOME, Docker config). */
  newJob(): Job
  readonly workspace: string
  /** The revision each service ran before the scenario. */
  readonly before: Record<App, string>
}

interface ScenarioOptions {
  readonly serviceDeployments?: boolean
  readonly throttleFirst?: boolean
  readonly registry?: Registry
  readonly circuitBreaker?: { readonly enable: boolean; readonly rollback: boolean }
  readonly rollouts?: Partial<Record<App, readonly RolloutScript[]>>
}

/** A fresh stand-in, OIDC issuer, MegiLance checkout and job; cleaned up and ledgered after. */
async function scenario(options: ScenarioOptions, body: (s: Scenario) => Promise<void>) {
  const oidc = await startOidcIssuer({
    repository: REPOSITORY,
    ref: 'refs/heads/main',
    sha: SHA,
    runId: RUN_ID
  })
  const standIn = await startStandIn({
    registry: options.registry,
    serviceDeployments: options.serviceDeployments ?? true,
    throttleFirst: options.throttleFirst ?? false,
    verifyOidc: token => oidc.verify(token)
  })
  const before = seedMegilance(standIn, {
    ...(options.circuitBreaker ? { circuitBreaker: options.circuitBreaker } : {}),
    ...(options.rollouts ? { rollouts: options.rollouts } : {})
  })
  const workspace = createMegilanceWorkspace()
  const jobs: Job[] = []
  const newJob = () => {
    const job = new Job({
      workspace,
      endpointEnv: standIn.endpointEnv,
      oidc,
      staticKeys: STATIC_KEYS,
      pathPrefix: docker.pathPrefix,
      sha: SHA,
      repository: REPOSITORY,
      runId: RUN_ID
    })
    jobs.push(job)
    return job
  }
  try {
    await body({ standIn, oidc, job: newJob(), newJob, workspace, before })
  } finally {
    for (const job of jobs) {
      ledger.steps.push(...job.results)
      ledger.secrets.set(job.githubToken, 'GITHUB_TOKEN')
      for (const mask of job.masks()) ledger.masks.add(mask)
      job.close()
    }
    for (const value of standIn.secrets()) ledger.secrets.set(value, 'stand-in credential')
    for (const { token } of oidc.issued) ledger.secrets.set(token, 'GitHub OIDC token')
    ledger.secrets.set(oidc.requestToken, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')
    ledger.secrets.set(STATIC_KEYS.AWS_SECRET_ACCESS_KEY, 'AWS_SECRET_ACCESS_KEY')
    await standIn.close()
    await oidc.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

/** The calls one step made: those recorded between two marks. */
function since(standIn: StandIn, mark: number): AwsCall[] {
  return standIn.calls.slice(mark)
}

const opsOf = (calls: readonly AwsCall[]) => calls.filter(c => !c.throttled).map(c => c.op)

function expectNoWrites(calls: readonly AwsCall[]): void {
  expect(calls.map(c => c.op).filter(op => WRITES.includes(op))).toEqual([])
}

/** expect(actual).toBe(expected), showing the step's whole log when it fails. */
function expectStep(step: StepResult, actual: unknown, expected: unknown): void {
  if (actual !== expected) {
    throw new Error(
      `${step.name}: expected ${String(expected)}, got ${String(actual)} ` +
        `(exit ${step.exitCode}, signal ${step.signal ?? 'none'})\n${step.log}`
    )
  }
}

describe('the bundles under the runner contract against the local AWS stand-in', () => {
  let registry: Registry | undefined
  let registryProblem: string | undefined

  beforeAll(async () => {
    if (docker.problem) return
    try {
      registry = await startRegistry()
    } catch (error) {
      registryProblem = String(error)
    }
  }, 30_000)

  afterAll(async () => {
    if (registry) removeImages(registry.host, docker.pathPrefix)
    await registry?.stop()
    for (const dir of docker.pathPrefix) rmSync(dir, { recursive: true, force: true })
  })

  itWithDocker(
    '1. push to main: MegiLance builds both images and deploys both services (OIDC)',
    async () => {
      if (docker.problem || registry === undefined) {
        throw new Error(
          `The push-to-main scenario needs Docker and the registry: ${docker.problem ?? registryProblem}`
        )
      }
      const reg = registry
      await scenario(
        {
          registry: reg,
          circuitBreaker: { enable: true, rollback: true },
          rollouts: {
            backend: [rollouts.succeeds(2, 3)],
            frontend: [rollouts.succeeds(2, 2)]
          }
        },
        async ({ standIn, oidc, job: build, newJob, before }) => {
          // Job "build": action-build-push for both services.
          const builds = {} as Record<App, StepResult>
          for (const app of ['backend', 'frontend'] as const) {
            const mark = standIn.calls.length
            builds[app] = await build.run(
              'build-push',
              buildInputs(
                app,
                app === 'backend'
                  ? { secrets: `pip_token=${BUILD_SECRET}`, 'build-args': `RELEASE=${SHA}` }
                  : { 'build-args': 'NEXT_PUBLIC_BACKEND_URL=https://api.megilance.example.com' }
              ),
              { name: `build ${app}` }
            )
            const step = builds[app]
            expect(step.exitCode).toBe(0)
            const digest = await reg.manifestDigest(`megilance-${app}`, SHA)
            expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
            expect(step.outputs).toMatchObject({
              image: `${reg.host}/megilance-${app}@${digest}`,
              'tagged-image': `${reg.host}/megilance-${app}:${SHA}`,
              digest,
              registry: reg.host,
              built: 'true'
            })
            expect(step.summary).toContain(`${reg.host}/megilance-${app}@${digest}`)
            const calls = since(standIn, mark)
            expect(opsOf(calls)).toEqual([
              'AssumeRoleWithWebIdentity',
              'DescribeRepositories',
              'CreateRepository',
              'PutLifecyclePolicy',
              'GetAuthorizationToken'
            ])
            // Every ECR call is signed with the role's temporary credentials from STS.
            const issued = standIn.sts.issued.at(-1)
            for (const call of calls.filter(c => c.service === 'ecr')) {
              expect(call.accessKeyId).toBe(issued?.accessKeyId)
            }
          }
          expect(standIn.ecr.repositories.get('megilance-backend')?.lifecyclePolicy).toContain(
            '"countNumber":30'
          )
          expect(builds.backend.log).toContain('pip token:')
          // The build job's post steps, in reverse order: log out of the registry.
          for (const app of ['frontend', 'backend'] as const) {
            const mark = standIn.calls.length
            const post = await build.post(builds[app])
            expect(post.exitCode).toBe(0)
            expect(post.log).toContain(`Logged out of ${reg.host}`)
            expect(since(standIn, mark)).toEqual([])
          }

          // Job "deploy" (needs: build): action-ecs-deploy for both services, with the image
          // the build job output.
          const job = newJob()
          const deploys = {} as Record<App, StepResult>
          for (const app of ['backend', 'frontend'] as const) {
            const mark = standIn.calls.length
            const image = builds[app].outputs.image ?? ''
            deploys[app] = await job.run(
              'ecs-deploy',
              deployInputs(app, { image, 'environment-url': 'https://megilance.example.com' }),
              { name: `deploy ${app}` }
            )
            const step = deploys[app]
            expect(step.exitCode).toBe(0)
            expect(step.outputs).toMatchObject({
              'task-definition-arn': tdArn(app, 2),
              'previous-task-definition-arn': before[app],
              outcome: 'succeeded'
            })
            expect(step.outputs['deployment-id']).toMatch(/^ecs-svc\/\d{19}$/)
            const rendered = JSON.parse(
              readFileSync(step.outputs['rendered-task-definition'] ?? '', 'utf8')
            ) as { containerDefinitions: { image: string }[] }
            expect(rendered.containerDefinitions[0]?.image).toBe(image)

            const calls = since(standIn, mark)
            const register = calls.find(c => c.op === 'RegisterTaskDefinition')
            const registered = register?.input as {
              containerDefinitions: { image: string }[]
              tags: { key: string; value: string }[]
            }
            expect(registered.containerDefinitions[0]?.image).toBe(image)
            expect(registered.tags).toEqual(
              expect.arrayContaining([
                { key: 'ecs-deploy-actions:commit', value: SHA },
                {
                  key: 'ecs-deploy-actions:run',
                  value: `https://github.com/${REPOSITORY}/actions/runs/${RUN_ID}/attempts/1`
                }
              ])
            )
            const updates = calls.filter(c => c.op === 'UpdateService')
            expect(updates.map(c => c.input)).toEqual([
              {
                cluster: CLUSTER,
                service: service(app),
                taskDefinition: tdArn(app, 2),
                forceNewDeployment: false
              }
            ])
            expect(calls.filter(c => c.op === 'TagResource').map(c => c.input)).toEqual([
              {
                resourceArn: tdArn(app, 2),
                tags: [{ key: 'ecs-deploy-actions:outcome', value: 'succeeded' }]
              }
            ])
            // The watch uses the service-deployment API where it answers.
            expect(opsOf(calls)).toContain('DescribeServiceDeployments')
            expect(opsOf(calls)).not.toContain('ListTasks')
            expect(opsOf(calls)).not.toContain('DescribeTasks')
            expect(standIn.ecs.running(CLUSTER, service(app))).toBe(tdArn(app, 2))
            expect(step.summary).toContain(`✅ Deployed — Deploy of \`${service(app)}\``)
            expect(step.summary).toContain(`megilance-${app}:1`)
            expect(step.summary).toContain(image)
            expect(step.log).toContain('rollout COMPLETED')
            const issued = standIn.sts.issued.at(-1)
            for (const call of calls.filter(c => c.service === 'ecs')) {
              expect(call.accessKeyId).toBe(issued?.accessKeyId)
            }
          }
          // One OIDC token per step, for STS's audience; AssumeRoleWithWebIdentity with it.
          expect(oidc.issued.map(i => i.audience)).toEqual(Array(4).fill('sts.amazonaws.com'))
          const assumes = standIn.answered('AssumeRoleWithWebIdentity')
          expect(assumes).toHaveLength(4)
          expect(assumes.map(a => a.input.WebIdentityToken)).toEqual(oidc.issued.map(i => i.token))
          expect(assumes[0]?.input).toMatchObject({
            RoleArn: ROLE,
            // No role-session-name given: the repository and the run name the session.
            RoleSessionName: `megilance.megilance@run-${RUN_ID}-1`,
            Version: '2011-06-15'
          })
          expect(standIn.calls.some(c => c.accessKeyId === STATIC_KEYS.AWS_ACCESS_KEY_ID)).toBe(
            false
          )

          // The deploy job's post steps: the rollouts ended, so nothing to report, no AWS call.
          const mark = standIn.calls.length
          for (const app of ['frontend', 'backend'] as const) {
            const post = await job.post(deploys[app])
            expect(post.exitCode).toBe(0)
            expect(post.log).not.toContain('::warning')
          }
          expect(since(standIn, mark)).toEqual([])

          // A rerun of the build job (the same run, GITHUB_RUN_ID) never rebuilds: the image
          // this run pushed is there, its tag and revision label naming the commit.
          const rerunMark = standIn.calls.length
          const rerun = await newJob().run('build-push', buildInputs('backend'), {
            name: 'rebuild backend'
          })
          expect(rerun.exitCode).toBe(0)
          expect(rerun.outputs.built).toBe('false')
          expect(rerun.outputs.image).toBe(builds.backend.outputs.image)
          expect(opsOf(since(standIn, rerunMark))).toEqual([
            'AssumeRoleWithWebIdentity',
            'DescribeRepositories',
            'BatchGetImage',
            'GetDownloadUrlForLayer'
          ])
        }
      )
    },
    150_000
  )

  it("2. circuit breaker: FAILED → the reasons shown → ECS's rollback watched to its end → rolled-back, not repeated", async () => {
    await scenario(
      {
        circuitBreaker: { enable: true, rollback: true },
        rollouts: {
          backend: [
            rollouts.circuitBreaker([
              {
                stoppedReason: 'Essential container in task exited',
                exitCode: 3,
                containerReason: 'ModuleNotFoundError: No module named app.main'
              },
              {
                stoppedReason:
                  'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
                stopCode: 'TaskFailedToStart'
              }
            ])
          ]
        }
      },
      async ({ standIn, job, before }) => {
        const step = await job.run('ecs-deploy', deployInputs('backend'))
        expect(step.exitCode).toBe(1)
        expect(step.outputs).toMatchObject({
          outcome: 'rolled-back',
          'task-definition-arn': tdArn('backend', 2),
          'previous-task-definition-arn': before.backend
        })
        const deploymentId = step.outputs['deployment-id'] ?? ''
        const errors = annotations(step.log, 'error')
        expect(errors).toEqual(
          expect.arrayContaining([
            {
              title: 'Deployment failed (circuit-breaker)',
              message: expect.stringContaining('ROLLBACK_IN_PROGRESS')
            },
            {
              title: 'Stopped task',
              message: expect.stringMatching(
                /stopped: Essential container in task exited — backend: exit 3, ModuleNotFoundError: No module named app\.main/
              )
            },
            {
              title: 'Stopped task',
              message: expect.stringContaining('CannotPullContainerError')
            }
          ])
        )
        expect(errors.at(-1)?.message).toMatch(/^Deployment failed and was rolled back to /)
        expect(step.log).toContain('not rolling back again')
        expect(step.summary).toContain('↩️ Failed and rolled back')
        expect(step.summary).toContain('### Why it failed')
        expect(step.summary).toContain('ModuleNotFoundError: No module named app.main')
        expect(step.summary).toContain('deployment failed: tasks failed to start')
        expect(step.summary).toContain("ECS's circuit breaker rolls the service back")

        const ops = standIn.ops('ecs')
        expect(ops.filter(op => op === 'UpdateService')).toHaveLength(1)
        expect(standIn.answered('ListTasks').map(c => c.input)).toEqual([
          { cluster: CLUSTER, startedBy: deploymentId, desiredStatus: 'STOPPED', maxResults: 100 }
        ])
        expect(standIn.answered('DescribeTasks')[0]?.input.tasks).toHaveLength(2)
        expect(standIn.ecs.tagsOf(tdArn('backend', 2))['ecs-deploy-actions:outcome']).toBe('failed')
        // ECS itself put revision 1 back, and the step watched it to ROLLBACK_SUCCESSFUL.
        expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(before.backend)
        expect(step.summary).toContain("ECS's rollback: succeeded")
      }
    )
  })

  it('3. no circuit breaker: failed tasks → our rollback → rolled-back', async () => {
    const oom = {
      stoppedReason: 'Essential container in task exited',
      exitCode: 137,
      containerReason: 'OutOfMemoryError: Container killed due to memory usage',
      healthStatus: 'UNHEALTHY' as const
    }
    await scenario(
      {
        serviceDeployments: false,
        rollouts: {
          backend: [rollouts.failsTasks([oom, oom, oom]), rollouts.succeeds(2, 2)]
        }
      },
      async ({ standIn, job, before }) => {
        const step = await job.run('ecs-deploy', deployInputs('backend', {}, { role: false }))
        expect(step.exitCode).toBe(1)
        expect(step.outputs).toMatchObject({
          outcome: 'rolled-back',
          'task-definition-arn': tdArn('backend', 2),
          'previous-task-definition-arn': before.backend
        })
        const updates = standIn.answered('UpdateService').map(c => c.input.taskDefinition)
        expect(updates).toEqual([tdArn('backend', 2), before.backend])
        expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(before.backend)
        expect(step.log).toContain('failed to start or stay healthy (max-failed-tasks is 3)')
        expect(step.log).toContain('ListServiceDeployments is not available here')
        const errors = annotations(step.log, 'error')
        expect(errors.filter(e => e.title === 'Stopped task')).toHaveLength(3)
        expect(errors[1]?.message).toContain(
          'backend: exit 137, OutOfMemoryError: Container killed due to memory usage, health UNHEALTHY'
        )
        expect(errors.at(-1)?.message).toBe(
          `Deployment failed and was rolled back to ${before.backend}: 3 tasks of deployment ${step.outputs['deployment-id']} failed to start or stay healthy (max-failed-tasks is 3); the service has no circuit breaker to stop it.`
        )
        expect(step.summary).toContain('↩️ Failed and rolled back')
        expect(step.summary).toContain('Rolled back to [megilance-backend:1]')
        expect(standIn.ecs.tagsOf(tdArn('backend', 2))['ecs-deploy-actions:outcome']).toBe('failed')
        // The service-deployment API was tried, refused, and each watch fell back to DescribeServices
        // (once per watch: the deploy's and the rollback's).
        expect(standIn.calls.filter(c => c.op === 'ListServiceDeployments')).toHaveLength(2)
        expect(standIn.calls.filter(c => c.op === 'DescribeServiceDeployments')).toHaveLength(0)
        // Default chain: the static keys, no STS.
        expect(standIn.ops('sts')).toEqual([])
        expect(standIn.calls.every(c => c.accessKeyId === STATIC_KEYS.AWS_ACCESS_KEY_ID)).toBe(true)
      }
    )
  })

  it('3b. no circuit breaker, service-deployment API answering: the rollback watches its own service deployment → rolled-back', async () => {
    const oom = { stoppedReason: 'Essential container in task exited', exitCode: 137 }
    await scenario(
      {
        serviceDeployments: true,
        rollouts: { backend: [rollouts.failsTasks([oom, oom, oom]), rollouts.succeeds(2, 2)] }
      },
      async ({ standIn, job, before }) => {
        const step = await job.run('ecs-deploy', deployInputs('backend', {}, { role: false }))
        expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(before.backend)
        expect(step.outputs.outcome).toBe('rolled-back')
      }
    )
  })

  it('4. superseded: another deployment replaces ours → failed, naming it', async () => {
    await scenario({ rollouts: { backend: [rollouts.superseded()] } }, async ({ standIn, job }) => {
      const step = await job.run('ecs-deploy', deployInputs('backend'))
      expect(step.exitCode).toBe(1)
      expect(step.outputs).toMatchObject({
        outcome: 'failed',
        'task-definition-arn': tdArn('backend', 2)
      })
      const message =
        /Deployment ecs-svc\/\d+ was replaced by deployment ecs-svc\/\d+ \(megilance-backend:3\) before it finished\./
      expect(annotations(step.log, 'error')[0]).toEqual({
        title: 'Deployment failed (superseded)',
        message: expect.stringMatching(message)
      })
      expect(step.summary).toMatch(message)
      expect(standIn.answered('RegisterTaskDefinition')).toHaveLength(1)
      expect(standIn.answered('UpdateService')[0]?.input.taskDefinition).toBe(tdArn('backend', 2))
      expect(standIn.ecs.tagsOf(tdArn('backend', 2))['ecs-deploy-actions:outcome']).toBe('failed')
      // no rollback over the newer deployment: it keeps running
      expect(standIn.answered('UpdateService')).toHaveLength(1)
      expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 3))
      expect(step.log).toContain('Another deployment replaced this one: not rolling back over it.')
    })
  })

  it('5. bad input: clear errors naming the input, and no write at all', async () => {
    await scenario({}, async ({ standIn, job, workspace }) => {
      // A container that is not in the task definition (read-only calls, then nothing).
      let mark = standIn.calls.length
      const wrongContainer = await job.run(
        'ecs-deploy',
        deployInputs('backend', { 'container-name': 'api' })
      )
      expect(wrongContainer.exitCode).toBe(1)
      expect(annotations(wrongContainer.log, 'error').map(e => e.message)).toEqual(
        expect.arrayContaining([expect.stringContaining('"api"')])
      )
      expectNoWrites(since(standIn, mark))
      expect(wrongContainer.outputs).toEqual({})

      // A task definition file that is not JSON: line and column.
      writeFileSync(
        join(workspace, 'deploy', 'broken.json'),
        '{\n  "family": "megilance-backend",\n  "cpu": "512",,\n}\n'
      )
      mark = standIn.calls.length
      const broken = await job.run(
        'ecs-deploy',
        deployInputs('backend', { 'task-definition': 'deploy/broken.json' })
      )
      expect(broken.exitCode).toBe(1)
      expect(annotations(broken.log, 'error').at(-1)?.message).toMatch(/line 3.*column \d+/i)
      expectNoWrites(since(standIn, mark))

      // A Fargate cpu/memory pair AWS does not allow.
      mark = standIn.calls.length
      const size = await job.run('ecs-deploy', deployInputs('backend', { memory: '8192' }))
      expect(size.exitCode).toBe(1)
      expect(
        annotations(size.log, 'error')
          .map(e => e.message)
          .join('\n')
      ).toMatch(/8192/)
      expectNoWrites(since(standIn, mark))

      // Inputs checked before any AWS call at all.
      mark = standIn.calls.length
      const count = await job.run('ecs-deploy', deployInputs('backend', { 'desired-count': 'two' }))
      expect(count.exitCode).toBe(1)
      expect(annotations(count.log, 'error')[0]?.message).toContain('desired-count')
      const region = await job.run('ecs-deploy', deployInputs('backend', { 'aws-region': 'mars' }))
      expect(region.exitCode).toBe(1)
      expect(annotations(region.log, 'error')[0]?.message).toContain('aws-region')
      expect(since(standIn, mark)).toEqual([])

      expectNoWrites(standIn.calls)
      expect(standIn.ecs.revisions('megilance-backend')).toHaveLength(1)
    })
  })

  it('6. throttling: the first call to every API is throttled, and the deploy still succeeds', async () => {
    await scenario(
      { throttleFirst: true, rollouts: { backend: [rollouts.succeeds(2, 3)] } },
      async ({ standIn, job }) => {
        const step = await job.run('ecs-deploy', deployInputs('backend'))
        expect(step.exitCode).toBe(0)
        expect(step.outputs.outcome).toBe('succeeded')
        const throttled = standIn.calls.filter(c => c.throttled).map(c => `${c.service}:${c.op}`)
        const answered = [...new Set(standIn.ops().map(op => op))]
        // Every operation the step used met ThrottlingException first, and got through after.
        expect(throttled.map(t => t.split(':')[1]).sort()).toEqual([...answered].sort())
        expect(throttled).toEqual(
          expect.arrayContaining([
            'sts:AssumeRoleWithWebIdentity',
            'ecs:DescribeServices',
            'ecs:RegisterTaskDefinition',
            'ecs:UpdateService',
            'ecs:DescribeServiceDeployments',
            'ecs:TagResource'
          ])
        )
        expect(standIn.answered('UpdateService')).toHaveLength(1)
        expect(standIn.answered('RegisterTaskDefinition')).toHaveLength(1)
        expect(standIn.ecs.revisions('megilance-backend')).toHaveLength(2)
      }
    )
  })

  it('7. rollback mode `previous` after a failed revision: back to the last that succeeded', async () => {
    const crash = {
      stoppedReason: 'Essential container in task exited',
      exitCode: 1,
      containerReason: 'RuntimeError: TURSO_AUTH_TOKEN is not set'
    }
    await scenario(
      {
        serviceDeployments: false,
        rollouts: {
          backend: [rollouts.succeeds(2, 2), rollouts.failsTasks([crash, crash, crash])]
        }
      },
      async ({ standIn, job }) => {
        const ok = await job.run(
          'ecs-deploy',
          deployInputs('backend', { image: placeholderImage('backend', 'release-2') }),
          { name: 'deploy release-2' }
        )
        expectStep(ok, ok.outputs.outcome, 'succeeded')
        const bad = await job.run(
          'ecs-deploy',
          deployInputs('backend', {
            image: placeholderImage('backend', 'release-3'),
            'rollback-on-failure': 'false'
          }),
          { name: 'deploy release-3' }
        )
        expectStep(bad, bad.outputs.outcome, 'failed')
        expect(bad.log).toContain('rollback-on-failure is false')
        const unwatched = await job.run(
          'ecs-deploy',
          deployInputs('backend', {
            image: placeholderImage('backend', 'release-4'),
            'wait-for-service-stability': 'false'
          }),
          { name: 'deploy release-4 (not watched)' }
        )
        expect(unwatched.exitCode).toBe(0)
        // The outcome tags deploy mode set are what ListTagsForResource now shows.
        expect(standIn.ecs.tagsOf(tdArn('backend', 2))['ecs-deploy-actions:outcome']).toBe(
          'succeeded'
        )
        expect(standIn.ecs.tagsOf(tdArn('backend', 3))['ecs-deploy-actions:outcome']).toBe('failed')
        expect(
          standIn.ecs.tagsOf(tdArn('backend', 4))['ecs-deploy-actions:outcome']
        ).toBeUndefined()
        expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 4))

        const mark = standIn.calls.length
        const rollback = await job.run(
          'ecs-deploy',
          {
            'aws-region': REGION,
            'role-to-assume': ROLE,
            mode: 'rollback',
            'rollback-to': 'previous',
            cluster: CLUSTER,
            service: service('backend'),
            'poll-interval-seconds': '1'
          },
          { name: 'rollback to previous' }
        )
        expectStep(rollback, rollback.exitCode, 0)
        expect(rollback.outputs).toMatchObject({
          outcome: 'succeeded',
          'task-definition-arn': tdArn('backend', 2),
          'previous-task-definition-arn': tdArn('backend', 4)
        })
        expect(rollback.log).toContain('previous → megilance-backend:2 (outcome tag: succeeded)')
        const calls = since(standIn, mark)
        expect(
          calls.filter(c => c.op === 'ListTagsForResource').map(c => c.input.resourceArn)
        ).toEqual([tdArn('backend', 3), tdArn('backend', 2)])
        expect(
          calls.filter(c => c.op === 'UpdateService').map(c => c.input.taskDefinition)
        ).toEqual([tdArn('backend', 2)])
        expect(opsOf(calls)).not.toContain('RegisterTaskDefinition')
        expect(opsOf(calls)).not.toContain('TagResource')
        expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 2))
        expect(rollback.summary).toContain('Rollback of `megilance-backend`')
        expect(rollback.summary).toContain('megilance-backend:4')
        expect(standIn.ecs.revisions('megilance-backend')).toHaveLength(4)
      }
    )
  })

  it('8. dry run: the rendered file and the diff, nothing registered or updated', async () => {
    await scenario({}, async ({ standIn, job }) => {
      const image = placeholderImage('backend', 'dry')
      const step = await job.run(
        'ecs-deploy',
        deployInputs(
          'backend',
          {
            image,
            'dry-run': 'true',
            'environment-variables': 'FILE_STORAGE_MODE=s3\nSENTRY_ENVIRONMENT=production',
            secrets: `SENTRY_DSN=arn:aws:secretsmanager:${REGION}:123456789012:secret:megilance/sentry-dsn-QrStUv`
          },
          { role: false }
        )
      )
      expect(step.exitCode).toBe(0)
      expect(step.outputs).toMatchObject({
        outcome: 'dry-run',
        'task-definition-arn': '',
        'deployment-id': ''
      })
      const path = step.outputs['rendered-task-definition'] ?? ''
      expect(path.startsWith(job.runnerTemp)).toBe(true)
      expect(existsSync(path)).toBe(true)
      const rendered = JSON.parse(readFileSync(path, 'utf8')) as {
        containerDefinitions: { image: string; environment: { name: string; value: string }[] }[]
      }
      expect(rendered.containerDefinitions[0]?.image).toBe(image)
      expect(rendered.containerDefinitions[0]?.environment).toEqual(
        expect.arrayContaining([{ name: 'FILE_STORAGE_MODE', value: 's3' }])
      )
      expect(step.log).toContain('dry-run: nothing registered')
      expect(step.log).toContain(image)
      expect(step.log).toContain('SENTRY_ENVIRONMENT')
      expect(step.log).toContain('SENTRY_DSN')
      expect(step.summary).toContain('🔍 Dry run')
      expect(step.summary).toContain('FILE_STORAGE_MODE')
      expect(standIn.ops()).toEqual(['DescribeServices', 'DescribeTaskDefinition'])
      expectNoWrites(standIn.calls)
    })
  })

  it('9. cancellation: SIGTERM mid-watch, then the post step says where the rollout stands', async () => {
    await scenario({ rollouts: { backend: [rollouts.stuck()] } }, async ({ standIn, job }) => {
      const polls = () =>
        standIn.calls.filter(
          (c, i) =>
            c.op === 'DescribeServices' &&
            c.status === 200 &&
            standIn.calls.slice(0, i).some(u => u.op === 'UpdateService')
        ).length
      const main = await job.run('ecs-deploy', deployInputs('backend'), {
        whileRunning: async child => {
          const deadline = Date.now() + 60_000
          while (polls() < 3 && Date.now() < deadline && child.exitCode === null) {
            await new Promise(done => setTimeout(done, 50))
          }
          child.kill('SIGTERM')
        }
      })
      expectStep(main, main.signal, 'SIGTERM')
      expect(main.outputs).toEqual({})
      const deploymentId = main.state['deployment-id'] ?? ''
      expect(main.state).toMatchObject({
        watching: 'true',
        cluster: CLUSTER,
        service: service('backend'),
        region: REGION,
        'task-definition-arn': tdArn('backend', 2)
      })
      expect(deploymentId).toMatch(/^ecs-svc\/\d{19}$/)

      const mark = standIn.calls.length
      const post = await job.post(main)
      expectStep(post, post.exitCode, 0)
      const warnings = annotations(post.log, 'warning')
      expect(warnings).toEqual([
        {
          title: 'Rollout still in progress',
          message: expect.stringContaining(
            `deployment ${deploymentId} (${tdArn('backend', 2)}) of megilance-backend was rolling out`
          )
        }
      ])
      expect(warnings[0]?.message).toContain('IN_PROGRESS: 1/2 running, 1 pending, 0 failed')
      expect(post.summary).toContain(
        '⏸️ Rollout of megilance-backend was still in progress when the job stopped'
      )
      const calls = since(standIn, mark)
      expect(opsOf(calls)).toEqual(['AssumeRoleWithWebIdentity', 'DescribeServices'])
      expect(standIn.answered('UpdateService')).toHaveLength(1)
    })
  })

  it('no secret value is ever printed in any step of any scenario', () => {
    expect(ledger.steps.length).toBeGreaterThan(0)
    ledger.secrets.set(BUILD_SECRET, 'build secret')
    const leaks: string[] = []
    for (const step of ledger.steps) {
      // ::add-mask:: lines are the runner's masking commands, never shown in the log.
      const log = step.log
        .split('\n')
        .filter(line => !line.startsWith('::add-mask::'))
        .join('\n')
      const texts = {
        log,
        summary: step.summary,
        outputs: JSON.stringify(step.outputs),
        env: JSON.stringify(step.env),
        state: JSON.stringify(step.state)
      }
      for (const [value, what] of ledger.secrets) {
        for (const [where, text] of Object.entries(texts)) {
          if (text.includes(value)) leaks.push(`${what} in the ${where} of "${step.name}"`)
        }
      }
    }
    expect(leaks).toEqual([])
    // Every credential the stand-in handed out was also registered with the runner as a mask.
    const unmasked = [...ledger.secrets]
      .filter(([value, what]) => what === 'stand-in credential' && !ledger.masks.has(value))
      .map(([value]) => `${value.slice(0, 6)}…`)
    expect(unmasked).toEqual([])
  })
})
