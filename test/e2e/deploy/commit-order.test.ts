import { afterAll, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import {
  type GitHubApi,
  type GitHubApiOptions,
  startGitHubApi
} from '../../../tools/github-api/index.js'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  CLUSTER,
  deployInputs,
  placeholderImage,
  service,
  tdArn
} from '../../../tools/harness/megilance.js'
import { Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import { STATIC_KEYS, rollouts, startStandIn, type StandIn } from '../../../tools/stand-in/index.js'
import { backendDefinition } from '../support/world.js'

/*
 * Never a deploy backwards (dist bundle, runner contract, the AWS stand-in and a local GitHub
 * API): the service runs a revision this suite tagged with the commit that made it; a deploy of
 * an older commit ends `skipped` and writes nothing, unless allow-older-commit; a newer commit
 * deploys; when GitHub cannot answer, the deploy goes on with a warning.
 */

const OLDER = '1111111111111111111111111111111111111111'
const NEWER = '2222222222222222222222222222222222222222'
const NEWEST = '3333333333333333333333333333333333333333'
const WRITES = ['RegisterTaskDefinition', 'UpdateService', 'TagResource']
const steps: StepResult[] = []

interface World {
  readonly standIn: StandIn
  readonly github: GitHubApi
  readonly job: Job
}

/** megilance-backend running revision 1, made by commit NEWER; a job at `sha`. */
async function world(
  sha: string,
  github: GitHubApiOptions,
  body: (w: World) => Promise<void>
): Promise<void> {
  const standIn = await startStandIn({ serviceDeployments: true })
  const definition = backendDefinition() as { containerDefinitions: { image: string }[] }
  for (const c of definition.containerDefinitions)
    c.image = placeholderImage('backend', 'release-1')
  const rev1 = standIn.ecs.seedTaskDefinition(definition as unknown as Record<string, unknown>, [
    { key: 'ecs-deploy-actions:commit', value: NEWER },
    { key: 'ecs-deploy-actions:outcome', value: 'succeeded' }
  ])
  standIn.ecs.seedService({
    cluster: CLUSTER,
    service: service('backend'),
    taskDefinition: rev1,
    desiredCount: 2,
    rollouts: [rollouts.succeeds(2, 2)]
  })
  const api = await startGitHubApi(github)
  const workspace = createMegilanceWorkspace()
  const job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    staticKeys: STATIC_KEYS,
    repository: 'megilance/megilance',
    sha
  })
  try {
    await body({ standIn, github: api, job })
  } finally {
    steps.push(...job.results)
    job.close()
    await api.close()
    await standIn.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

const deploy = ({ job, github }: World, extra: Record<string, string> = {}) =>
  job.run('ecs-deploy', deployInputs('backend', extra, { role: false }), {
    env: { GITHUB_API_URL: github.url }
  })

const writes = (standIn: StandIn) => standIn.calls.map(c => c.op).filter(op => WRITES.includes(op))
const compares = (github: GitHubApi) => github.requests.filter(r => r.path.includes('/compare/'))

describe('never a deploy backwards (dist bundle, runner contract, stand-ins)', () => {
  afterAll(() => {
    for (const s of steps) expect(s.log).not.toContain(STATIC_KEYS.AWS_SECRET_ACCESS_KEY)
  })

  it('an older commit than the one that runs: skipped, exit 0, a notice naming both, nothing written', async () => {
    await world(OLDER, { history: [OLDER, NEWER] }, async w => {
      const step = await deploy(w)
      expect(step.exitCode).toBe(0)
      expect(step.outputs.outcome).toBe('skipped')
      const notices = annotations(step.log, 'notice')
      expect(notices).toHaveLength(1)
      expect(notices[0]?.message).toContain(OLDER.slice(0, 7))
      expect(notices[0]?.message).toContain(NEWER.slice(0, 7))
      expect(writes(w.standIn)).toEqual([])
      expect(compares(w.github).map(r => r.path)).toEqual([
        `/repos/megilance/megilance/compare/${NEWER}...${OLDER}`
      ])
      expect(step.summary).toContain('Skipped')
    })
  }, 60_000)

  it('allow-older-commit: the older commit is deployed, GitHub not asked', async () => {
    await world(OLDER, { history: [OLDER, NEWER] }, async w => {
      const step = await deploy(w, { 'allow-older-commit': 'true' })
      expect(step.exitCode).toBe(0)
      expect(step.outputs.outcome).toBe('succeeded')
      expect(writes(w.standIn)).toEqual(WRITES)
      expect(compares(w.github)).toEqual([])
      expect(w.standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 2))
    })
  }, 60_000)

  it('GitHub answers 500: the deploy goes on, with a warning', async () => {
    await world(OLDER, { history: [OLDER, NEWER], failCompare: 500 }, async w => {
      const step = await deploy(w)
      expect(step.exitCode).toBe(0)
      expect(step.outputs.outcome).toBe('succeeded')
      expect(annotations(step.log, 'warning')).toEqual([
        expect.objectContaining({ title: 'Commit order unknown' })
      ])
      expect(writes(w.standIn)).toEqual(WRITES)
    })
  }, 60_000)

  it('a newer commit than the one that runs: deployed', async () => {
    await world(NEWEST, { history: [OLDER, NEWER, NEWEST] }, async w => {
      const step = await deploy(w)
      expect(step.exitCode).toBe(0)
      expect(step.outputs.outcome).toBe('succeeded')
      expect(compares(w.github)).toHaveLength(1)
      expect(writes(w.standIn)).toEqual(WRITES)
    })
  }, 60_000)
})
