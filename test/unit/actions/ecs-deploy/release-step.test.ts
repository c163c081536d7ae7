import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { releaseStoodSummary, type Stood } from '../../../../src/actions/ecs-deploy/post-release.js'
import { runRelease } from '../../../../src/actions/ecs-deploy/release.js'
import type { Deps } from '../../../../src/engine/deps.js'
import type { release } from '../../../../src/engine/modes/release.js'
import { STATE } from '../../../../src/engine/post-state.js'
import { readSettings } from '../../../../src/engine/settings/settings.js'
import { diskFiles } from '../../../../src/shared/files.js'
import type { DeploymentsClient } from '../../../../src/github/deployments.js'
import { runAction } from '../../../support/action-env.js'
import { fakeRuntime } from '../../../support/fakes/fake-runtime.js'

/*
 * The release step's GitHub Deployments (one per service: created once every entry passed its
 * checks, set to failure when the engine throws after that), and the post step's account of a
 * release the job stopped mid-way (one line per service, as its saved state tells it).
 */

const dir = mkdtempSync(join(tmpdir(), 'release-step-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = join(dir, 'release.yml')
writeFileSync(
  file,
  'services:\n  - service: megilance-backend\n  - service: megilance-frontend\n    after: [megilance-backend]\n'
)

function github() {
  const calls: string[] = []
  let next = 70
  const client: DeploymentsClient = {
    createDeployment: async params => {
      calls.push(`create ${params.description}`)
      return { status: 201, data: { id: ++next } }
    },
    createDeploymentStatus: async params => {
      calls.push(`${params.deployment_id} ${params.state}: ${params.description}`)
      return {}
    }
  }
  return { calls, client }
}

/** The step's release path, with `engine` standing in for the release mode. */
async function releaseStep(engine: typeof release) {
  const gh = github()
  const inputs = {
    'aws-region': 'us-east-1',
    cluster: 'megilance-cluster',
    release: file,
    environment: 'production',
    'github-token': 'ghs_token'
  }
  let thrown: unknown
  const run = await runAction(inputs, async () => {
    const rt = fakeRuntime({ github: gh.client })
    const settings = readSettings(name => rt.runner.input(name), {})
    await runRelease(rt, settings, { files: diskFiles } as Deps, engine).catch(error => {
      thrown = error
    })
  })
  return { calls: gh.calls, thrown, state: run.state }
}

describe('the GitHub Deployments of a release', () => {
  it('an entry refused by its checks (the engine throws before its first write): none is created', async () => {
    const { calls, thrown } = await releaseStep(async () => {
      throw new Error('release (megilance-frontend): container web is not in the task definition')
    })
    expect(String(thrown)).toContain('container web')
    expect(calls).toEqual([])
  })

  it('an error after they were created: each is set to failure with the error', async () => {
    const { calls, thrown, state } = await releaseStep(async (_x, _file, hooks) => {
      await hooks?.beforeFirstWrite?.()
      throw new Error('ECS answered nothing')
    })
    expect(String(thrown)).toContain('ECS answered nothing')
    expect(calls).toEqual([
      'create Deploy of megilance-backend',
      '71 in_progress: Deploy of megilance-backend',
      'create Deploy of megilance-frontend',
      '72 in_progress: Deploy of megilance-frontend',
      '71 failure: ECS answered nothing',
      '72 failure: ECS answered nothing'
    ])
    expect(JSON.parse(state['github-deployment-ids'] ?? '{}')).toEqual({
      'megilance-backend': 71,
      'megilance-frontend': 72
    })
  })
})

describe('releaseStoodSummary: where each service of a cancelled release stood', () => {
  const stood = (service: string, stage: string, saved: Record<string, string> = {}): Stood => ({
    service,
    stage,
    get: name => saved[name] ?? ''
  })
  const watched = { [STATE.watching]: 'true', [STATE.taskDefinitionArn]: 'arn:…:frontend:2' }
  it.each([
    ['not started', stood('worker', 'not-started'), 'not started: left on the revision it ran.'],
    [
      'in progress, watched',
      stood('frontend', 'in-progress', watched),
      'in progress: its rollout of `arn:…:frontend:2` was under way (where ECS has it is below).'
    ],
    [
      'in progress, before its rollout (its one-off task, say)',
      stood('backend', 'in-progress'),
      'in progress, before its rollout: the service itself was not updated yet.'
    ],
    [
      'succeeded',
      stood('backend', 'succeeded', { [STATE.taskDefinitionArn]: 'arn:…:backend:2' }),
      'succeeded: `arn:…:backend:2` had rolled out before the job stopped.'
    ],
    [
      'being put back by the release',
      stood('backend', 'putting-back'),
      'being put back: another service had failed, and the release was putting this one back to the revision it ran before; ECS carries on without this job.'
    ],
    [
      'ended otherwise',
      stood('frontend', 'rolled-back'),
      'rolled-back: its rollout had ended before the job stopped.'
    ]
  ])('%s', (_name, one, line) => {
    expect(releaseStoodSummary([one], false)).toContain(`- **${one.service}**: ${line}\n`)
  })

  it.each([
    [
      true,
      'rollback-on-cancel: a release is all or nothing, so every service it changed goes back'
    ],
    [false, 'Each service is left as it stood; ECS carries on without this job.']
  ])('rollback-on-cancel %s: the summary says what follows', (rollBack, sentence) => {
    const summary = releaseStoodSummary([stood('worker', 'not-started')], rollBack)
    expect(summary).toContain('## ⏸️ Release cancelled: where each service stood')
    expect(summary).toContain(sentence)
  })
})
