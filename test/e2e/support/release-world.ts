import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startGitHubApi, type GitHubApi } from '../../../tools/github-api/index.js'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  ACCOUNT,
  CLUSTER,
  REGION,
  placeholderImage,
  seedMegilance,
  type SeedOptions
} from '../../../tools/harness/megilance.js'
import { Job, type StepResult } from '../../../tools/harness/runner.js'
import type { RolloutScript } from '../../../tools/stand-in/ecs/rollouts/rollout-scripts.js'
import { STATIC_KEYS, startStandIn, type StandIn } from '../../../tools/stand-in/index.js'

/*
 * MegiLance's services in the stand-in, for the release scenarios (release.test.ts,
 * release-cancel.test.ts): megilance-backend and megilance-frontend on revision 1, a third
 * service a test may add (megilance-worker, a copy of the backend), GitHub's API (its
 * Deployments), a job, and the release file.
 */

export interface ReleaseWorld {
  readonly standIn: StandIn
  readonly github: GitHubApi
  readonly job: Job
  readonly workspace: string
}

export async function releaseWorld(
  seed: SeedOptions,
  steps: StepResult[],
  body: (w: ReleaseWorld) => Promise<void>
): Promise<void> {
  const standIn = await startStandIn({ serviceDeployments: true })
  seedMegilance(standIn, seed)
  const github = await startGitHubApi()
  const workspace = createMegilanceWorkspace()
  const job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    staticKeys: STATIC_KEYS,
    repository: 'megilance/megilance'
  })
  try {
    await body({ standIn, github, job, workspace })
  } finally {
    steps.push(...job.results)
    job.close()
    await github.close()
    await standIn.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

export const WORKER = 'megilance-worker'
export const workerArn = (revision: number) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${WORKER}:${revision}`

/**
 * megilance-worker, a copy of the backend's family under its own name, running revision 1 on two
 * tasks; its file is deploy/worker-task-definition.json.
 */
export function seedWorker(w: ReleaseWorld, rollouts: readonly RolloutScript[]): string {
  const worker = JSON.parse(
    readFileSync(join(w.workspace, 'deploy/backend-task-definition.json'), 'utf8')
  ) as Record<string, unknown>
  worker.family = WORKER
  writeFileSync(join(w.workspace, 'deploy/worker-task-definition.json'), JSON.stringify(worker))
  const running = w.standIn.ecs.seedTaskDefinition({
    ...worker,
    containerDefinitions: (worker.containerDefinitions as Record<string, unknown>[]).map(c => ({
      ...c,
      image: placeholderImage('backend', 'release-1')
    }))
  })
  w.standIn.ecs.seedService({
    cluster: CLUSTER,
    service: WORKER,
    taskDefinition: running,
    desiredCount: 2,
    rollouts
  })
  return running
}

export const releaseFile = (w: ReleaseWorld, text: string) =>
  writeFileSync(join(w.workspace, 'deploy/release.yml'), text)

/** The release's step, GitHub's API at the stand-in. */
export const runRelease = (w: ReleaseWorld, extra: Record<string, string> = {}) =>
  w.job.run('ecs-deploy', releaseInputs(extra), { env: { GITHUB_API_URL: w.github.url } })

/** The GitHub Deployments created, by environment and description. */
export const deploymentsOf = (github: GitHubApi) =>
  github.requests
    .filter(r => r.method === 'POST' && /\/deployments$/.test(r.path))
    .map(r => `${String(r.body.environment)}: ${String(r.body.description)}`)

/** action-ecs-deploy's inputs for the release in deploy/release.yml. */
export const releaseInputs = (extra: Record<string, string> = {}) => ({
  'aws-region': REGION,
  cluster: CLUSTER,
  release: 'deploy/release.yml',
  'poll-interval-seconds': '1',
  'wait-for-minutes': '3',
  ...extra
})

/** The `services` output, parsed. */
export const servicesOf = (step: StepResult) =>
  JSON.parse(step.outputs.services ?? '[]') as { service: string; outcome: string }[]
