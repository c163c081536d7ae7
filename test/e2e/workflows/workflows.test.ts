import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync, rmSync } from 'node:fs'
import { type Registry, startRegistry } from '../../../tools/harness/registry.js'
import { probeDocker, removeImages } from '../../../tools/harness/machine.js'
import {
  type App,
  CLUSTER,
  seedMegilance,
  service,
  tdArn
} from '../../../tools/harness/megilance.js'
import { type OidcIssuer, startOidcIssuer } from '../../../tools/harness/oidc.js'
import {
  ACTIONS_REPOSITORY,
  APP_REPOSITORY,
  createActionsRepository,
  createAppRepository,
  megilanceRun,
  userCopy
} from '../../../tools/harness/repositories.js'
import { annotations } from '../../../tools/harness/runner.js'
import {
  type RolloutScript,
  type StandIn,
  rollouts,
  startStandIn
} from '../../../tools/stand-in/index.js'
import { runWorkflow } from '../../../tools/workflow-runner/index.js'
import type { Event, JobRecord, RunResult } from '../../../tools/workflow-runner/index.js'

/*
 * The real workflow files, run end to end by the local workflow runner (tools/workflow-runner/):
 * a caller copied from workflows-templates/ in MegiLance's repository calls
 * acme/ecs-deploy-actions/.github/workflows/*.yml@v1, whose jobs locate, check out and run the
 * packaged actions, against the AWS stand-in and, for the builds, the real Docker engine and
 * registry. Rollouts are short scripts, so each run takes seconds.
 * Over 250 lines: one scenario per path through the reusable workflows, each run end to end, read
 * top to bottom.
 */

const inCi = process.env.CI === 'true'
const docker = probeDocker()
const itWithDocker = docker.problem && !inCi ? it.skip : it
const crash = {
  stoppedReason: 'Essential container in task exited',
  exitCode: 1,
  containerReason: 'RuntimeError: FILE_STORAGE_MODE=s3 needs S3_BUCKET_NAME',
  healthStatus: 'UNHEALTHY' as const
}

let registry: Registry | undefined
let health: Server
let healthUrl = ''
const actions = { dir: '', sha: '' }

beforeAll(async () => {
  Object.assign(actions, createActionsRepository())
  health = createServer((request, response) => {
    response.writeHead(request.url === '/api/health/live' ? 200 : 404).end('ok')
  })
  await new Promise<void>(done => health.listen(0, '127.0.0.1', done))
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}`
  if (!docker.problem) registry = await startRegistry()
}, 60_000)

afterAll(async () => {
  if (registry) removeImages(registry.host, docker.pathPrefix)
  await registry?.stop()
  await new Promise<void>(done => health.close(() => done()))
  rmSync(actions.dir, { recursive: true, force: true })
})

interface Scenario {
  readonly standIn: StandIn
  readonly oidc: OidcIssuer
  readonly app: { readonly dir: string; readonly sha: string }
  readonly before: Record<App, string>
  run(workflow: string, event: Event, extra?: { jobWorkflowFields?: boolean }): Promise<RunResult>
}

/** The user's copies of the templates, with MegiLance's URLs pointing at a local health endpoint. */
const callers = (): Record<string, string> => {
  const urls = {
    'https://api.megilance.example.com': healthUrl,
    'https://megilance.example.com': healthUrl
  }
  return {
    'megilance.yml': userCopy('megilance.yml', urls),
    'rollback.yml': userCopy('rollback.yml', {
      ...urls,
      '          - my-app': '          - megilance-backend\n          - megilance-frontend',
      'role/github-ecs-deploy': 'role/megilance-deploy',
      'cluster: my-cluster': `cluster: ${CLUSTER}`
    })
  }
}

async function scenario(
  options: {
    rollouts?: Partial<Record<App, readonly RolloutScript[]>>
    workflows?: Record<string, string>
  },
  body: (s: Scenario) => Promise<void>
): Promise<void> {
  const app = createAppRepository(options.workflows ?? callers())
  const oidc = await startOidcIssuer({
    repository: APP_REPOSITORY,
    ref: 'refs/heads/main',
    sha: app.sha,
    runId: '7312345678'
  })
  const standIn = await startStandIn({ registry, verifyOidc: token => oidc.verify(token) })
  const before = seedMegilance(standIn, {
    ...(options.rollouts ? { rollouts: options.rollouts } : {})
  })
  try {
    await body({
      standIn,
      oidc,
      app,
      before,
      run: (workflow, event, extra = {}) =>
        runWorkflow(
          megilanceRun(
            { app, actions, oidc, endpointEnv: standIn.endpointEnv, pathPrefix: docker.pathPrefix },
            workflow,
            event,
            extra
          )
        )
    })
  } finally {
    await standIn.close()
    await oidc.close()
    rmSync(app.dir, { recursive: true, force: true })
  }
}

const job = (run: RunResult, name: string): JobRecord => {
  const found = run.jobs.find(j => j.name === name)
  if (!found)
    throw new Error(`no job "${name}" in ${run.jobs.map(j => j.name).join(', ')}${run.error ?? ''}`)
  return found
}

/** Every step's log, for a failure message. */
const logs = (run: RunResult): string =>
  run.error ??
  run.jobs
    .flatMap(j => j.steps.map(s => `--- ${j.name} / ${s.name} (${s.conclusion})\n${s.log}`))
    .join('\n')

describe('the reusable workflows, run end to end', () => {
  itWithDocker(
    'push to main: MegiLance’s two images are built, and the release deploys the backend, then the frontend',
    async () => {
      await scenario(
        { rollouts: { backend: [rollouts.succeeds(2, 1)], frontend: [rollouts.succeeds(2, 1)] } },
        async s => {
          const run = await s.run('megilance.yml', { name: 'push' })
          expect({
            conclusion: run.conclusion,
            log: run.conclusion === 'success' ? '' : logs(run)
          }).toEqual({ conclusion: 'success', log: '' })
          expect(run.name).toBe('Deploy MegiLance')
          expect(run.jobs.map(j => `${j.name}: ${j.result}`)).toEqual([
            'release / Prepare the release: success',
            'release / Build megilance-backend: success',
            'release / Build megilance-frontend: success',
            'release / Release deploy/release.yml: success'
          ])
          const prepare = job(run, 'release / Prepare the release')
          // Located from the job context: this suite's repository at the commit v1 names.
          expect(prepare.jobContext).toMatchObject({
            workflow_repository: ACTIONS_REPOSITORY,
            workflow_sha: actions.sha
          })
          expect(prepare.outputs).toMatchObject({
            'actions-repository': ACTIONS_REPOSITORY,
            'actions-sha': actions.sha,
            count: '2',
            'role-session-name': 'gha-megilance-7312345678-1'
          })
          const release = job(run, 'release / Release deploy/release.yml')
          const step = release.steps.find(st => st.id === 'deploy')
          const digests: Record<string, string> = {}
          for (const app of ['backend', 'frontend'] as const) {
            const build = job(run, `release / Build megilance-${app}`)
            const image = build.steps.find(st => st.id === 'build')?.outputs.image ?? ''
            expect(image).toMatch(new RegExp(`/megilance-${app}@sha256:[0-9a-f]{64}$`))
            digests[app] = image
            // The new revision runs the image its build leg pushed, by digest.
            expect(s.standIn.ecs.running(CLUSTER, service(app))).toBe(tdArn(app, 2))
            expect(
              s.standIn.ecs.revisions(`megilance-${app}`).find(r => r.revision === 2)?.image
            ).toBe(image)
          }
          // Each leg's output reached the release, as SERVICE/CONTAINER=image lines.
          expect(step?.inputs.images).toBe(
            `megilance-backend/backend=${digests.backend}\nmegilance-frontend/frontend=${digests.frontend}`
          )
          expect(step?.inputs.release).toBe('deploy/release.yml')
          expect(JSON.parse(release.outputs.services ?? '[]')).toEqual([
            {
              service: 'megilance-backend',
              outcome: 'succeeded',
              'task-definition-arn': tdArn('backend', 2),
              'previous-task-definition-arn': tdArn('backend', 1)
            },
            {
              service: 'megilance-frontend',
              outcome: 'succeeded',
              'task-definition-arn': tdArn('frontend', 2),
              'previous-task-definition-arn': tdArn('frontend', 1)
            }
          ])
          // The backend's migration ran before its rollout, its log in the step's.
          expect(s.standIn.ops('ecs').indexOf('RunTask')).toBeLessThan(
            s.standIn.ops('ecs').indexOf('UpdateService')
          )
          expect(release.environment).toEqual({ name: 'production', url: healthUrl })
          // The whole called workflow, builds and release, holds the release's group.
          for (const j of run.jobs)
            expect(j.workflowConcurrency).toEqual({
              group: `ecs-deploy-actions/${CLUSTER}/release/deploy/release.yml`,
              cancelInProgress: false,
              queue: 'max'
            })
          // Two services named by the builds: (2 + 1) waves of 30 minutes, plus 10.
          expect(release.timeoutMinutes).toBe(100)
          expect(release.steps.map(st => `${st.name}: ${st.conclusion}`)).toEqual([
            'Check out the calling repository: success',
            'Check out ecs-deploy-actions: success',
            'Collect the built images: success',
            'Release: success',
            'Post Release: success'
          ])
          expect(run.outputs.release).toMatchObject({ outcome: 'succeeded' })
          // Two roles: the build legs assumed the build role on main, the release the deploy
          // role in the production environment, each with the run's session name.
          expect(
            [
              ...new Set(
                s.standIn.sts.issued.map(
                  c => `${c.roleArn.split('/')[1] ?? ''} ${c.subject} ${c.sessionName}`
                )
              )
            ].sort()
          ).toEqual([
            `megilance-build repo:${APP_REPOSITORY}:ref:refs/heads/main gha-megilance-7312345678-1`,
            `megilance-deploy repo:${APP_REPOSITORY}:environment:production gha-megilance-7312345678-1`
          ])
          const masks = run.jobs.flatMap(j => j.masks)
          for (const secret of [...s.standIn.secrets(), ...s.oidc.issued.map(i => i.token)]) {
            for (const j of run.jobs)
              for (const st of j.steps) if (st.log.includes(secret)) expect(masks).toContain(secret)
          }
        }
      )
    },
    240_000
  )

  itWithDocker(
    'a failing deploy: the workflow fails with the explanation, and the service is rolled back',
    async () => {
      await scenario(
        {
          rollouts: {
            backend: [
              [{ running: 0, pending: 2, failTasks: [crash, crash, crash] }],
              rollouts.succeeds(2, 1)
            ]
          },
          workflows: {
            'deploy.yml': userCopy('deploy-on-push.yml', {
              'repository: my-app': 'repository: megilance-backend',
              'context: .': 'context: backend',
              'cluster: my-cluster': `cluster: ${CLUSTER}`,
              'service: my-app': 'service: megilance-backend',
              'container-name: app': 'container-name: backend',
              'deploy/task-definition.json': 'deploy/backend-task-definition.json',
              'role/github-ecs-deploy': 'role/megilance-deploy',
              'https://my-app.example.com': healthUrl
            })
          }
        },
        async s => {
          const run = await s.run('deploy.yml', { name: 'push' })
          expect(run.conclusion).toBe('failure')
          const deploy = job(run, 'deploy / Deploy megilance-backend')
          expect(deploy.result).toBe('failure')
          const step = deploy.steps.find(st => st.name === 'Deploy to ECS')
          expect(step?.conclusion).toBe('failure')
          expect(step?.outputs.outcome).toBe('rolled-back')
          const errors = annotations(step?.log ?? '', 'error')
            .map(a => `${a.title}: ${a.message}`)
            .join('\n')
          expect(errors).toContain('FILE_STORAGE_MODE=s3 needs S3_BUCKET_NAME')
          expect(s.standIn.ecs.running(CLUSTER, 'megilance-backend')).toBe(s.before.backend)
          expect(run.outputs.deploy).toMatchObject({ outcome: 'rolled-back' })
        }
      )
    },
    240_000
  )

  /** The backend runs revision 2 (a deploy that went well); revision 1 is still registered. */
  function onRevision2(s: Scenario): string {
    const body = JSON.parse(
      readFileSync('examples/megilance/backend-task-definition.json', 'utf8')
    ) as Record<string, unknown>
    const revision2 = s.standIn.ecs.seedTaskDefinition(body)
    s.standIn.ecs.seedService({
      cluster: CLUSTER,
      service: 'megilance-backend',
      taskDefinition: revision2,
      rollouts: [rollouts.succeeds(2, 1)]
    })
    return revision2
  }

  const dispatch: Event = {
    name: 'workflow_dispatch',
    inputs: { service: 'megilance-backend', to: '1' }
  }

  it('workflow_dispatch: the rollback workflow puts the revision asked for back', async () => {
    await scenario({}, async s => {
      const revision2 = onRevision2(s)
      const run = await s.run('rollback.yml', dispatch)
      expect({
        conclusion: run.conclusion,
        log: run.conclusion === 'success' ? '' : logs(run)
      }).toEqual({ conclusion: 'success', log: '' })
      expect(run.name).toBe('Roll back an ECS service')
      expect(run.jobs.map(j => `${j.name}: ${j.result}`)).toEqual([
        'rollback / Prepare to roll back megilance-backend: success',
        'rollback / Roll back megilance-backend: success'
      ])
      const rollback = job(run, 'rollback / Roll back megilance-backend')
      expect(rollback.outputs).toEqual({
        'task-definition-arn': s.before.backend,
        'previous-task-definition-arn': revision2,
        outcome: 'succeeded',
        'scheduled-tasks': '[]'
      })
      expect(rollback.steps.find(st => st.id === 'rollback')?.inputs).toMatchObject({
        mode: 'rollback',
        'rollback-to': '1',
        service: 'megilance-backend'
      })
      expect(rollback.concurrency).toEqual({
        group: `ecs-deploy-actions/${CLUSTER}/megilance-backend`,
        cancelInProgress: false,
        queue: 'max'
      })
      expect(rollback.timeoutMinutes).toBe(70)
      expect(s.standIn.ecs.running(CLUSTER, 'megilance-backend')).toBe(s.before.backend)
      expect(s.standIn.ops('ecs')).not.toContain('RegisterTaskDefinition')
      // The job context said where the workflow came from: no token was asked for it.
      expect(s.oidc.issued.map(i => i.audience)).not.toContain('ecs-deploy-actions')
    })
  }, 120_000)

  it('on a runner without job.workflow_sha the locate step reads the OIDC token’s claims', async () => {
    await scenario({}, async s => {
      onRevision2(s)
      const run = await s.run('rollback.yml', dispatch, { jobWorkflowFields: false })
      expect({
        conclusion: run.conclusion,
        log: run.conclusion === 'success' ? '' : logs(run)
      }).toEqual({ conclusion: 'success', log: '' })
      const prepare = job(run, 'rollback / Prepare to roll back megilance-backend')
      expect(prepare.jobContext).not.toHaveProperty('workflow_sha')
      expect(prepare.outputs).toMatchObject({
        'actions-repository': ACTIONS_REPOSITORY,
        'actions-sha': actions.sha
      })
      const locate = prepare.steps.find(st => st.id === 'actions')
      expect(locate?.log).toContain(`Using ${ACTIONS_REPOSITORY} at ${actions.sha}`)
      const asked = s.oidc.issued.filter(i => i.audience === 'ecs-deploy-actions')
      expect(asked).toHaveLength(1)
      const claims = s.oidc.verify(asked[0]?.token ?? '')
      expect(claims).toMatchObject({
        job_workflow_ref: `${ACTIONS_REPOSITORY}/.github/workflows/rollback.yml@refs/tags/v1`,
        job_workflow_sha: actions.sha
      })
      // Masked before anything else, never printed.
      expect(locate?.log.split('\n')[0]).toBe(`::add-mask::${asked[0]?.token ?? ''}`)
      expect(prepare.masks).toContain(asked[0]?.token)
      expect(s.standIn.ecs.running(CLUSTER, 'megilance-backend')).toBe(s.before.backend)
    })
  }, 120_000)

  it('a caller without id-token: write: GitHub refuses the run with the documented error', async () => {
    const caller = callers()['rollback.yml']?.replace(/\n\s+id-token: write[^\n]*/, '') ?? ''
    expect(caller).not.toContain('id-token')
    await scenario({ workflows: { 'rollback.yml': caller } }, async s => {
      const run = await s.run('rollback.yml', dispatch)
      expect(run.conclusion).toBe('failure')
      expect(run.jobs).toEqual([])
      expect(run.error).toMatch(
        /^The workflow is not valid\. \.github\/workflows\/rollback\.yml \(Line: \d+, Col: \d+\): Error calling workflow 'acme\/ecs-deploy-actions\/\.github\/workflows\/rollback\.yml@v1'\. The nested job 'prepare' is requesting 'id-token: write', but is only allowed 'id-token: none'\.$/
      )
      expect(readFileSync('docs/workflows.md', 'utf8')).toContain(
        "is requesting 'id-token: write', but is only allowed 'id-token: none'"
      )
      expect(s.standIn.calls).toEqual([])
    })
  })

  it('no role-to-assume on a GitHub-hosted runner: the run stops before any AWS call', async () => {
    const caller = callers()['rollback.yml']?.replace(/\n\s+role-to-assume: [^\n]*/, '') ?? ''
    await scenario({ workflows: { 'rollback.yml': caller } }, async s => {
      const run = await s.run('rollback.yml', dispatch)
      expect(run.conclusion).toBe('failure')
      const prepare = job(run, 'rollback / Prepare to roll back megilance-backend')
      const check = prepare.steps.find(st => st.id === 'inputs')
      expect(annotations(check?.log ?? '', 'error').map(a => a.title)).toEqual([
        'role-to-assume is required'
      ])
      expect(run.jobs.map(j => j.name)).toEqual([
        'rollback / Prepare to roll back megilance-backend'
      ])
      expect(s.standIn.calls).toEqual([])
    })
  })
})
