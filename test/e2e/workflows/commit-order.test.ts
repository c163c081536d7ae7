import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { startGitHubApi } from '../../../tools/github-api/index.js'
import { probeDocker, removeImages } from '../../../tools/harness/machine.js'
import { CLUSTER, seedMegilance, tdArn } from '../../../tools/harness/megilance.js'
import { startOidcIssuer } from '../../../tools/harness/oidc.js'
import { type Registry, startRegistry } from '../../../tools/harness/registry.js'
import {
  APP_REPOSITORY,
  commit,
  createActionsRepository,
  createAppRepository,
  megilanceRun,
  userCopy
} from '../../../tools/harness/repositories.js'
import { annotations } from '../../../tools/harness/runner.js'
import { rollouts, startStandIn } from '../../../tools/stand-in/index.js'
import { type RunResult, runWorkflow } from '../../../tools/workflow-runner/index.js'

/*
 * Deploys in commit order, through the workflow files: two commits pushed to main, the newer
 * one's run goes first (its build and deploy), then the older one's build finishes, last. The
 * older run's deploy ends `skipped` (the deploy action asks the GitHub API stand-in how the two
 * commits stand), writes nothing, and the service stays on the newer commit's revision. Both runs
 * hold one concurrency group, the service's, for build and deploy together, which on GitHub keeps
 * runs in the order they were queued; the action's guard covers a run that still comes late.
 */

const inCi = process.env.CI === 'true'
const docker = probeDocker()
const itWithDocker = docker.problem && !inCi ? it.skip : it

let registry: Registry | undefined
const actions = { dir: '', sha: '' }

beforeAll(async () => {
  Object.assign(actions, createActionsRepository())
  if (!docker.problem) registry = await startRegistry()
}, 60_000)

afterAll(async () => {
  if (registry) removeImages(registry.host, docker.pathPrefix)
  await registry?.stop()
  rmSync(actions.dir, { recursive: true, force: true })
})

const logs = (run: RunResult): string =>
  run.error ??
  run.jobs
    .flatMap(j => j.steps.map(s => `--- ${j.name} / ${s.name} (${s.conclusion})\n${s.log}`))
    .join('\n')

itWithDocker(
  'the older commit’s build finishes last: its deploy ends skipped, the service stays on the newer commit',
  async () => {
    const caller = userCopy('deploy-on-push.yml', {
      'repository: my-app': 'repository: megilance-backend',
      'context: .': 'context: backend',
      'cluster: my-cluster': `cluster: ${CLUSTER}`,
      'service: my-app': 'service: megilance-backend',
      'container-name: app': 'container-name: backend',
      'deploy/task-definition.json': 'deploy/backend-task-definition.json',
      '      environment-url: https://my-app.example.com\n': ''
    })
    const app = createAppRepository({ 'deploy.yml': caller })
    const older = app.sha
    const newer = commit(app.dir, { 'backend/CHANGES': 'proposals have a deadline\n' }, 'Deadline')
    const github = await startGitHubApi({ history: [older, newer] })
    const oidc = await startOidcIssuer({
      repository: APP_REPOSITORY,
      ref: 'refs/heads/main',
      sha: newer,
      runId: '7312345678'
    })
    const standIn = await startStandIn({ registry, verifyOidc: token => oidc.verify(token) })
    seedMegilance(standIn, { rollouts: { backend: [rollouts.succeeds(2, 1)] } })
    const push = (sha: string, runId: string) =>
      runWorkflow(
        megilanceRun(
          { app, actions, oidc, endpointEnv: standIn.endpointEnv, pathPrefix: docker.pathPrefix },
          'deploy.yml',
          { name: 'push', sha },
          { githubApiUrl: github.url, runId }
        )
      )
    try {
      const first = await push(newer, '7312345679')
      expect({
        conclusion: first.conclusion,
        log: first.conclusion === 'success' ? '' : logs(first)
      }).toEqual({
        conclusion: 'success',
        log: ''
      })
      expect(first.outputs.deploy).toMatchObject({ outcome: 'succeeded' })
      expect(standIn.ecs.running(CLUSTER, 'megilance-backend')).toBe(tdArn('backend', 2))
      const registered = standIn.ops('ecs').filter(op => op === 'RegisterTaskDefinition').length

      const late = await push(older, '7312345678')
      expect({
        conclusion: late.conclusion,
        log: late.conclusion === 'success' ? '' : logs(late)
      }).toEqual({
        conclusion: 'success',
        log: ''
      })
      const [build, deploy] = late.jobs
      // The older run built its image (its build finished last) and then refused to deploy it.
      expect(build?.steps.find(s => s.id === 'build')?.conclusion).toBe('success')
      const step = deploy?.steps.find(s => s.id === 'deploy')
      expect(step?.outputs.outcome).toBe('skipped')
      expect(late.outputs.deploy).toMatchObject({ outcome: 'skipped' })
      const notices = annotations(step?.log ?? '', 'notice').map(a => a.message)
      expect(notices).toEqual([expect.stringContaining(older.slice(0, 7))])
      expect(notices[0]).toContain(newer.slice(0, 7))
      expect(github.requests.filter(r => r.path.includes('/compare/')).map(r => r.path)).toEqual([
        `/repos/${APP_REPOSITORY}/compare/${newer}...${older}`
      ])
      // Nothing registered, the service untouched: it stays on the newer commit's revision.
      expect(standIn.ops('ecs').filter(op => op === 'RegisterTaskDefinition').length).toBe(
        registered
      )
      expect(standIn.ecs.running(CLUSTER, 'megilance-backend')).toBe(tdArn('backend', 2))
      // One group per service for the whole run, build and deploy, in both runs.
      const groups = [...first.jobs, ...late.jobs].map(j => j.workflowConcurrency)
      expect(new Set(groups.map(g => JSON.stringify(g)))).toEqual(
        new Set([
          JSON.stringify({
            group: `ecs-deploy-actions/${CLUSTER}/megilance-backend`,
            cancelInProgress: false,
            queue: 'max'
          })
        ])
      )
    } finally {
      await standIn.close()
      await oidc.close()
      await github.close()
      rmSync(app.dir, { recursive: true, force: true })
    }
  },
  240_000
)
