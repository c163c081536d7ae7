import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import {
  type GitHubApi,
  type GitHubApiOptions,
  startGitHubApi
} from '../../../tools/github-api/index.js'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  ACCOUNT,
  CLUSTER,
  REGION,
  deployInputs,
  placeholderImage,
  service,
  tdArn
} from '../../../tools/harness/megilance.js'
import {
  type Registry,
  registryUnavailable,
  startRegistry
} from '../../../tools/harness/registry.js'
import { Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import { STATIC_KEYS, rollouts, startStandIn, type StandIn } from '../../../tools/stand-in/index.js'
import { backendDefinition } from '../support/world.js'

/*
 * Never a deploy backwards (dist bundle, runner contract, the AWS stand-in and a local GitHub
 * API): the service runs a revision this suite tagged with the commit that made it (or, with no
 * commit tag, whose image's revision label names it); a deploy of an older commit ends `skipped`
 * and writes nothing, unless allow-older-commit; a newer commit deploys; when GitHub cannot
 * answer, or cannot be asked (no token, no repository), the deploy goes on with a warning.
 * Rollback mode never applies the guard.
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

/** How the running revision names its commit: its commit tag, or only its image's label. */
interface Seed {
  /** megilance-backend:1's commit tag (absent: the revision carries none). */
  readonly rev1Commit?: string
  /** The image of rev1's containers (default: a placeholder by digest). */
  readonly image?: string
  /** megilance-backend:2, made by this commit, runs instead of rev1. */
  readonly rev2Commit?: string
  readonly registry?: Registry
}

/** megilance-backend running revision 1, made by commit NEWER (or as `seed` says); a job at `sha`. */
async function world(
  sha: string,
  github: GitHubApiOptions,
  body: (w: World) => Promise<void>,
  seed: Seed = { rev1Commit: NEWER }
): Promise<void> {
  const standIn = await startStandIn({
    serviceDeployments: true,
    ...(seed.registry ? { registry: seed.registry } : {})
  })
  const running = seedRevisions(standIn, seed)
  standIn.ecs.seedService({
    cluster: CLUSTER,
    service: service('backend'),
    taskDefinition: running,
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

/** Revision 1 (and 2), each tagged with the commit that made it and `succeeded`; the one that runs. */
function seedRevisions(standIn: StandIn, seed: Seed): string {
  const revision = (commit: string | undefined) => {
    const definition = backendDefinition() as { containerDefinitions: { image: string }[] }
    for (const c of definition.containerDefinitions)
      c.image = seed.image ?? placeholderImage('backend', 'release-1')
    const tags =
      commit === undefined
        ? []
        : [
            { key: 'ecs-deploy-actions:commit', value: commit },
            { key: 'ecs-deploy-actions:outcome', value: 'succeeded' }
          ]
    return standIn.ecs.seedTaskDefinition(definition as unknown as Record<string, unknown>, tags)
  }
  const rev1 = revision(seed.rev1Commit)
  return seed.rev2Commit === undefined ? rev1 : revision(seed.rev2Commit)
}

const deploy = (
  { job, github }: World,
  extra: Record<string, string> = {},
  env: Record<string, string> = {}
) =>
  job.run('ecs-deploy', deployInputs('backend', extra, { role: false }), {
    env: { GITHUB_API_URL: github.url, ...env }
  })

/** Mode rollback to megilance-backend:1, as rollback.yml runs it. */
const rollBack = ({ job, github }: World, extra: Record<string, string> = {}) =>
  job.run(
    'ecs-deploy',
    {
      'aws-region': REGION,
      mode: 'rollback',
      'rollback-to': '1',
      cluster: CLUSTER,
      service: service('backend'),
      'poll-interval-seconds': '1',
      'wait-for-minutes': '3',
      ...extra
    },
    { env: { GITHUB_API_URL: github.url } }
  )

const writes = (standIn: StandIn) => standIn.calls.map(c => c.op).filter(op => WRITES.includes(op))
const compares = (github: GitHubApi) => github.requests.filter(r => r.path.includes('/compare/'))

const inCi = process.env.CI === 'true'
const noRegistry = registryUnavailable()
let registry: Registry | undefined

describe('never a deploy backwards (dist bundle, runner contract, stand-ins)', () => {
  beforeAll(async () => {
    if (noRegistry === undefined) registry = await startRegistry()
  }, 30_000)
  afterAll(async () => {
    await registry?.stop()
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
  // The revision carries no commit tag (deployed by other means); its image, in this account's
  // ECR, carries the label action-build-push and docker/metadata-action set.
  ;(noRegistry !== undefined && !inCi ? it.skip : it)(
    "no commit tag: the commit is read from the image's org.opencontainers.image.revision label",
    async () => {
      const image = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/megilance-backend:release-1`
      const labels = { 'org.opencontainers.image.revision': NEWER }
      await registry!.pushConfig('megilance-backend', 'release-1', { config: { Labels: labels } })
      const seed = { image, registry: registry! }
      await world(
        OLDER,
        { history: [OLDER, NEWER] },
        async w => {
          await w.standIn.ecr.operations.CreateRepository!({ repositoryName: 'megilance-backend' })
          const step = await deploy(w)
          expect(step.exitCode).toBe(0)
          expect(step.outputs.outcome).toBe('skipped')
          expect(annotations(step.log, 'notice')).toEqual([
            expect.objectContaining({
              message: expect.stringContaining(
                `older than ${NEWER.slice(0, 7)}, the commit the service runs (the revision label of backend's image)`
              )
            })
          ])
          const reads = w.standIn.calls.filter(c => c.service === 'ecr' && c.status === 200)
          expect(reads.map(c => c.op)).toEqual(['BatchGetImage', 'GetDownloadUrlForLayer'])
          expect(reads[0]?.input).toMatchObject({
            repositoryName: 'megilance-backend',
            imageIds: [{ imageTag: 'release-1' }]
          })
          expect(compares(w.github).map(r => r.path)).toEqual([
            `/repos/megilance/megilance/compare/${NEWER}...${OLDER}`
          ])
          expect(writes(w.standIn)).toEqual([])
        },
        seed
      )
    },
    60_000
  )

  it.each([
    ['github-token is empty', { 'github-token': '' }, {}],
    ['GITHUB_REPOSITORY is not set to OWNER/REPO', {}, { GITHUB_REPOSITORY: '' }]
  ])(
    'GitHub cannot be asked (%s): one warning says the guard is off, why and how to turn it on; the deploy goes on',
    async (missing, inputs, env) => {
      await world(OLDER, { history: [OLDER, NEWER] }, async w => {
        const step = await deploy(w, inputs, env)
        expect(step.exitCode).toBe(0)
        expect(step.outputs.outcome).toBe('succeeded')
        const warnings = annotations(step.log, 'warning')
        expect(warnings).toEqual([
          {
            title: 'Commit-order guard off',
            message: expect.stringContaining(`The commit-order guard is off: ${missing}, so`)
          }
        ])
        expect(warnings[0]?.message).toContain('Give the step github-token')
        expect(warnings[0]?.message).toContain('allow-older-commit: true')
        expect(compares(w.github)).toEqual([])
        expect(writes(w.standIn)).toEqual(WRITES)
        expect(w.standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 2))
      })
    },
    60_000
  )

  it('allow-older-commit without a token: deployed, and no warning about the guard', async () => {
    await world(OLDER, { history: [OLDER, NEWER] }, async w => {
      const step = await deploy(w, { 'allow-older-commit': 'true', 'github-token': '' })
      expect(step.exitCode).toBe(0)
      expect(step.outputs.outcome).toBe('succeeded')
      expect(annotations(step.log, 'warning')).toEqual([])
      expect(writes(w.standIn)).toEqual(WRITES)
    })
  }, 60_000)

  // Rollback mode never applies the guard: a rollback puts an older commit back on purpose.
  it.each([
    ['with a token: GitHub is not asked', {}],
    ['without a token: no warning about the guard', { 'github-token': '' }]
  ])(
    'rollback mode to a revision whose commit is behind the running one is not skipped (%s)',
    async (_name, inputs) => {
      const seed = { rev1Commit: OLDER, rev2Commit: NEWER }
      await world(
        OLDER,
        { history: [OLDER, NEWER] },
        async w => {
          const step = await rollBack(w, inputs)
          expect(step.exitCode).toBe(0)
          expect(step.outputs.outcome).toBe('succeeded')
          expect(annotations(step.log, 'notice')).toEqual([])
          expect(annotations(step.log, 'warning')).toEqual([])
          expect(compares(w.github)).toEqual([])
          expect(w.standIn.answered('UpdateService').map(c => c.input.taskDefinition)).toEqual([
            tdArn('backend', 1)
          ])
          expect(w.standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 1))
        },
        seed
      )
    },
    60_000
  )
})
