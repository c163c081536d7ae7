import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { parse } from 'yaml'
import { startOidcIssuer, type OidcIssuer } from '../../../tools/harness/oidc.js'
import { ACTIONS_REPOSITORY, commit } from '../../../tools/harness/repositories.js'
import {
  runWorkflow,
  type JobRecord,
  type RunResult
} from '../../../tools/workflow-runner/index.js'
import { createStubActionsRepository, inputEnv, STUB_IMAGE } from '../../support/stub-actions.js'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readText } from '../../unit/workflows/workflow-files.js'

/*
 * Every input of every reusable workflow reaches the action step that uses it, as the INPUT_* the
 * action's process sees. The caller passes each input the workflow file declares (the list is
 * read from the file, so a new input cannot be forgotten) with a value of its own, through the
 * local workflow runner, to this suite's repository with stub bundles (test/support/
 * stub-actions.ts) that print their INPUT_* environment. Also: the deprecated aliases, the role
 * and session-name defaults, and skip-existing on a first run and on a re-run.
 */

const APP = 'megilance/megilance'
const RUN_ID = '98765432101'
let actions = { dir: '', sha: '' }
let oidc: OidcIssuer

beforeAll(async () => {
  actions = createStubActionsRepository()
  oidc = await startOidcIssuer({
    repository: APP,
    ref: 'refs/heads/main',
    sha: actions.sha,
    runId: RUN_ID
  })
})

afterAll(async () => {
  await oidc.close()
  rmSync(actions.dir, { recursive: true, force: true })
})

interface InputSpec {
  readonly type: 'string' | 'boolean' | 'number'
  readonly default?: string | boolean | number
  readonly required?: boolean
}

interface CallSpec {
  readonly inputs: Record<string, InputSpec>
  readonly secrets: string[]
}

function callSpec(file: string): CallSpec {
  const workflow = parse(readText(file)) as {
    on: { workflow_call: { inputs?: Record<string, InputSpec>; secrets?: Record<string, unknown> } }
  }
  const call = workflow.on.workflow_call
  return { inputs: call.inputs ?? {}, secrets: Object.keys(call.secrets ?? {}) }
}

/** A value of its own for each input, valid for the workflow's checks. */
function everyValue(
  spec: CallSpec,
  overrides: Record<string, string | number | boolean>
): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {}
  Object.entries(spec.inputs).forEach(([name, input], index) => {
    values[name] =
      name in overrides
        ? (overrides[name] as string | number | boolean)
        : input.type === 'boolean'
          ? !(input.default ?? false)
          : input.type === 'number'
            ? 100 + index
            : `v-${name}`
  })
  return values
}

/** MegiLance's repository with a caller of `workflow` passing these inputs and secrets. */
async function call(
  workflow: string,
  inputs: Record<string, string | number | boolean>,
  secrets: Record<string, string>,
  options: { runAttempt?: number; repository?: string } = {}
): Promise<RunResult> {
  const repository = options.repository ?? APP
  const dir = mkdtempSync(join(tmpdir(), 'every-input-app-'))
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir])
  const caller = [
    'name: Every input',
    'on: workflow_dispatch',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  call:',
    `    uses: ${ACTIONS_REPOSITORY}/.github/workflows/${workflow}@v1`,
    '    permissions:',
    '      contents: read',
    '      id-token: write',
    '    with:',
    ...Object.entries(inputs).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
    ...(Object.keys(secrets).length > 0
      ? ['    secrets:', ...Object.keys(secrets).map(k => `      ${k}: \${{ secrets.${k} }}`)]
      : []),
    ''
  ].join('\n')
  commit(dir, { '.github/workflows/caller.yml': caller }, 'caller')
  try {
    return await runWorkflow({
      repositories: { [repository]: dir, [ACTIONS_REPOSITORY]: actions.dir },
      repository,
      workflow: '.github/workflows/caller.yml',
      event: { name: 'workflow_dispatch', inputs: {} },
      oidc,
      secrets,
      runId: RUN_ID,
      ...(options.runAttempt ? { runAttempt: options.runAttempt } : {})
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const logs = (run: RunResult): string =>
  run.error ??
  run.jobs
    .flatMap(j => j.steps.map(s => `--- ${j.name} / ${s.name} (${s.conclusion})\n${s.log}`))
    .join('\n')

/** What each action step's process saw, by step id. */
function actionInputs(
  run: RunResult
): { job: JobRecord; step: string; env: Record<string, string> }[] {
  return run.jobs.flatMap(job =>
    job.steps
      .filter(
        s =>
          s.uses?.startsWith('./.ecs-deploy-actions/') &&
          s.phase === 'main' &&
          s.conclusion !== 'skipped'
      )
      .map(s => ({ job, step: s.id, env: inputEnv(s.log) }))
  )
}

const INPUT = (name: string): string => `INPUT_${name.toUpperCase()}`

/** Inputs whose value reaches an action as a path in the caller's checkout (app/). */
const PATHS = ['context', 'file', 'task-definition', 'codedeploy-appspec']

/**
 * Inputs that do not reach an action input of their own name, and where they go instead (checked
 * below): the jobs' runner, environment and timeout; each job's role (role-to-assume of its
 * action); the deprecated aliases and the one role for both jobs, which the split roles and the
 * new names override in a call with every input.
 */
const ELSEWHERE = [
  'runs-on',
  'environment',
  'environment-url',
  'role-to-assume',
  'build-role-to-assume',
  'deploy-role-to-assume',
  'dockerfile',
  'to',
  // deploy-release.yml: the build legs' inputs, and the lines the deploy adds the built images to.
  'builds',
  'images'
]

interface Case {
  readonly file: string
  readonly overrides: Record<string, string | number | boolean>
  readonly secrets: Record<string, string>
  /** The rollout job's timeout-minutes with wait-for-minutes 7. */
  readonly timeout: number
}

/** Two builds for deploy-release.yml: one with every key it takes, one with none but its own. */
const EVERY_BUILD_KEY = {
  repository: 'v-repository-1',
  container: ['svc-a/web', 'svc-b/web'],
  context: 'v-context',
  file: 'v-file',
  'build-args': 'A=1',
  target: 'v-target',
  platforms: 'linux/arm64',
  tags: 'v-tag',
  labels: 'l=1',
  cache: 'none',
  'create-repository': false,
  'image-tag-mutability': 'IMMUTABLE',
  'scan-on-push': false,
  'keep-images': 5
}
const BUILDS = JSON.stringify([
  EVERY_BUILD_KEY,
  { repository: 'v-repository-2', container: 'svc-c/api' }
])

const SECRETS = {
  BUILD_SECRETS: 'pip_token=s3cr3t-build',
  ECS_DEPLOY_ACTIONS_TOKEN: 'ghp_private-suite'
}

const CASES: Case[] = [
  {
    file: 'deploy.yml',
    overrides: {
      'runs-on': '["self-hosted", "every-input"]',
      'role-session-name': 'every-input-session',
      'wait-for-minutes': 7,
      dockerfile: 'v-file'
    },
    secrets: SECRETS,
    timeout: 2 * 7 + 10
  },
  {
    file: 'deploy-release.yml',
    overrides: {
      'runs-on': '["self-hosted", "every-input"]',
      'role-session-name': 'every-input-session',
      'wait-for-minutes': 7,
      builds: BUILDS
    },
    secrets: SECRETS,
    // Three services named by the builds: (3 + 1) waves of 7 minutes, plus 10.
    timeout: (3 + 1) * 7 + 10
  },
  {
    file: 'rollback.yml',
    overrides: {
      'runs-on': '["self-hosted", "every-input"]',
      'role-session-name': 'every-input-session',
      'wait-for-minutes': 7,
      to: 'v-rollback-to'
    },
    secrets: { ECS_DEPLOY_ACTIONS_TOKEN: SECRETS.ECS_DEPLOY_ACTIONS_TOKEN },
    timeout: 2 * 7 + 10
  },
  {
    file: 'continue.yml',
    overrides: {
      'runs-on': '["self-hosted", "every-input"]',
      'role-session-name': 'every-input-session',
      'wait-for-minutes': 7
    },
    secrets: { ECS_DEPLOY_ACTIONS_TOKEN: SECRETS.ECS_DEPLOY_ACTIONS_TOKEN },
    timeout: 2 * 7 + 10
  }
]

describe.each(CASES)(
  '$file called with every input it declares',
  ({ file, overrides, secrets, timeout }) => {
    const spec = callSpec(`.github/workflows/${file}`)
    const values = everyValue(spec, overrides)
    let run: RunResult

    beforeAll(async () => {
      run = await call(file, values, secrets)
    }, 60_000)

    test('runs every job', () => {
      expect({
        conclusion: run.conclusion,
        log: run.conclusion === 'success' ? '' : logs(run)
      }).toEqual({
        conclusion: 'success',
        log: ''
      })
      expect(Object.keys(spec.inputs).length).toBeGreaterThan(10)
    })

    test('each input reaches an action step as INPUT_<NAME> with the value given', () => {
      const seen = actionInputs(run)
      const missing = Object.entries(values)
        .filter(([name]) => !ELSEWHERE.includes(name))
        .filter(([name, value]) => {
          const expected = PATHS.includes(name) ? `app/${String(value)}` : String(value)
          return !seen.some(s => s.env[INPUT(name)] === expected)
        })
        .map(([name, value]) => `${name}=${String(value)}`)
      expect(missing).toEqual([])
    })

    test('runs-on, environment and environment-url reach every job that rolls out; wait-for-minutes its timeout', () => {
      for (const job of run.jobs) expect(job.runsOn).toEqual(['self-hosted', 'every-input'])
      const rollout = run.jobs.find(j => j.steps.some(s => s.uses?.endsWith('/action-ecs-deploy')))
      expect(rollout?.environment).toEqual({
        name: values.environment,
        url: values['environment-url']
      })
      expect(rollout?.timeoutMinutes).toBe(timeout)
    })

    test('each secret reaches the step that needs it, masked', () => {
      const steps = run.jobs.flatMap(j => j.steps.map(s => ({ job: j, step: s })))
      for (const name of spec.secrets) {
        const value = secrets[name] ?? ''
        expect(value).not.toBe('')
        if (name === 'BUILD_SECRETS') {
          const build = steps.find(s => s.step.uses?.endsWith('/action-build-push'))
          expect(inputEnv(build?.step.log ?? '')[INPUT('secrets')]).toBe(value)
          expect(build?.job.masks).toContain(value)
        } else {
          const checkouts = steps.filter(
            s =>
              s.step.uses?.startsWith('actions/checkout@') &&
              s.step.inputs.path === '.ecs-deploy-actions'
          )
          expect(checkouts.length).toBeGreaterThan(0)
          for (const c of checkouts) expect(c.step.inputs.token).toBe(value)
        }
      }
    })

    test('the split roles reach their jobs; one session name for every job', () => {
      const seen = actionInputs(run)
      for (const s of seen) expect(s.env[INPUT('role-session-name')]).toBe('every-input-session')
      if (file === 'deploy.yml' || file === 'deploy-release.yml') {
        const builds = seen.filter(s => s.step === 'build')
        expect(builds.length).toBeGreaterThan(0)
        for (const build of builds)
          expect(build.env[INPUT('role-to-assume')]).toBe('v-build-role-to-assume')
        expect(seen.find(s => s.step === 'deploy')?.env[INPUT('role-to-assume')]).toBe(
          'v-deploy-role-to-assume'
        )
      } else expect(seen[0]?.env[INPUT('role-to-assume')]).toBe('v-role-to-assume')
    })
  }
)

describe('deploy.yml with only what it requires', () => {
  const LONG = `megilance/${'a-very-long-repository-name'.repeat(3)}`
  const minimal = {
    'aws-region': 'us-east-1',
    'role-to-assume': 'arn:aws:iam::123456789012:role/one-role',
    repository: 'megilance-backend',
    service: 'megilance-backend',
    'container-name': 'backend'
  }

  test('role-to-assume serves both jobs; the session is named after the repository and the run, within STS’s 64 characters', async () => {
    const run = await call('deploy.yml', minimal, {}, { repository: LONG })
    expect(run.conclusion).toBe('success')
    const seen = actionInputs(run)
    expect(seen.map(s => s.env[INPUT('role-to-assume')])).toEqual([
      minimal['role-to-assume'],
      minimal['role-to-assume']
    ])
    const sessions = new Set(seen.map(s => s.env[INPUT('role-session-name')]))
    expect(sessions.size).toBe(1)
    const [session = ''] = sessions
    expect(session).toMatch(/^[\w+=,.@-]{2,64}$/)
    expect(session).toHaveLength(64)
    expect(session).toMatch(
      new RegExp(`^gha-a-very-long-repository-namea-very-long-.*-${RUN_ID}-1$`)
    )
  })

  test.each([
    [1, 'false'],
    [2, 'true'],
    [3, 'true']
  ])('run attempt %i: skip-existing %s (a first attempt always builds)', async (attempt, skip) => {
    const run = await call('deploy.yml', minimal, {}, { runAttempt: attempt })
    expect(run.conclusion).toBe('success')
    const build = actionInputs(run).find(s => s.step === 'build')
    expect(build?.env[INPUT('skip-existing')]).toBe(skip)
    expect(build?.env[INPUT('role-session-name')]).toMatch(new RegExp(`-${RUN_ID}-${attempt}$`))
  })

  test('dockerfile, the deprecated name of file, still reaches file, with a warning', async () => {
    const run = await call('deploy.yml', { ...minimal, dockerfile: 'backend/Dockerfile.prod' }, {})
    expect(run.conclusion).toBe('success')
    const build = actionInputs(run).find(s => s.step === 'build')
    expect(build?.env[INPUT('file')]).toBe('app/backend/Dockerfile.prod')
    const check = run.jobs[0]?.steps.find(s => s.id === 'inputs')
    expect(check?.log).toContain('::warning title=dockerfile is deprecated::')
  })

  test('file and dockerfile that differ stop the run before anything is built', async () => {
    const run = await call(
      'deploy.yml',
      { ...minimal, file: 'a/Dockerfile', dockerfile: 'b/Dockerfile' },
      {}
    )
    expect(run.conclusion).toBe('failure')
    expect(actionInputs(run)).toEqual([])
  })
})

describe('rollback.yml rolls back only', () => {
  const minimal = {
    'aws-region': 'us-east-1',
    'role-to-assume': 'arn:aws:iam::123456789012:role/megilance-deploy',
    service: 'megilance-backend'
  }

  test('to, the deprecated name of rollback-to, still names the target, with a warning', async () => {
    const run = await call('rollback.yml', { ...minimal, to: '41' }, {})
    expect(run.conclusion).toBe('success')
    const [step] = actionInputs(run)
    expect(step?.env).toMatchObject({ [INPUT('mode')]: 'rollback', [INPUT('rollback-to')]: '41' })
    expect(run.jobs[0]?.steps.find(s => s.id === 'inputs')?.log).toContain(
      '::warning title=to is deprecated::'
    )
  })

  test.each([{ 'rollback-to': 'continue' }, { to: 'continue' }])(
    '%j is refused, naming continue.yml',
    async given => {
      const run = await call('rollback.yml', { ...minimal, ...given }, {})
      expect(run.conclusion).toBe('failure')
      expect(actionInputs(run)).toEqual([])
      expect(run.jobs[0]?.steps.find(s => s.id === 'inputs')?.log).toContain(
        '::error title=Continue is its own workflow::'
      )
    }
  )

  test('continue.yml runs the action in mode continue', async () => {
    const run = await call('continue.yml', minimal, {})
    expect(run.conclusion).toBe('success')
    expect(actionInputs(run)[0]?.env[INPUT('mode')]).toBe('continue')
  })
})

describe('deploy-release.yml builds every image and releases them by digest', () => {
  const spec = callSpec('.github/workflows/deploy-release.yml')
  const values = everyValue(spec, {
    'runs-on': 'ubuntu-latest',
    'role-session-name': 'every-input-session',
    'wait-for-minutes': 7,
    builds: BUILDS
  })
  let run: RunResult

  beforeAll(async () => {
    run = await call('deploy-release.yml', values, SECRETS)
  }, 60_000)

  test('one build leg per image, each given its keys (paths in the caller’s checkout) or the action’s defaults', async () => {
    expect(run.conclusion).toBe('success')
    const builds = actionInputs(run).filter(s => s.step === 'build')
    expect(builds.map(b => b.job.name)).toEqual([
      'call / Build v-repository-1',
      'call / Build v-repository-2'
    ])
    const [every, none] = builds.map(b => b.env)
    for (const [key, value] of Object.entries(EVERY_BUILD_KEY)) {
      if (key === 'container') continue
      const expected = PATHS.includes(key) ? `app/${String(value)}` : String(value)
      expect([key, every?.[INPUT(key)]]).toEqual([key, expected])
    }
    const action = parse(readText('action-build-push/action.yml')) as {
      inputs: Record<string, { default?: string }>
    }
    for (const key of Object.keys(EVERY_BUILD_KEY).filter(
      k => !['repository', 'container'].includes(k)
    )) {
      const fallback = action.inputs[key]?.default ?? ''
      const expected = key === 'context' ? `app/${fallback}` : fallback
      expect([key, none?.[INPUT(key)]]).toEqual([key, expected])
    }
  })

  test('the release gets every built image as SERVICE/CONTAINER=image lines, then the caller’s images', () => {
    const release = actionInputs(run).find(s => s.step === 'deploy')
    expect(release?.env[INPUT('release')]).toBe('v-release')
    expect(release?.env[INPUT('images')]).toBe(
      [
        `svc-a/web=${STUB_IMAGE}`,
        `svc-b/web=${STUB_IMAGE}`,
        `svc-c/api=${STUB_IMAGE}`,
        'v-images'
      ].join('\n')
    )
  })

  test.each([
    ['not a list', '{"repository": "x"}', 'builds is not a JSON list of builds'],
    [
      'an unknown key',
      '[{"repository": "x", "container": "s/c", "dockerfile": "D"}]',
      'build 1: unknown key(s) dockerfile'
    ],
    ['no repository', '[{"container": "s/c"}]', 'build 1 has no repository'],
    ['no container', '[{"repository": "x"}]', 'build 1 (x): container must be SERVICE/CONTAINER'],
    [
      'a container without its service',
      '[{"repository": "x", "container": "web"}]',
      'container must be SERVICE/CONTAINER'
    ],
    [
      'eleven builds',
      JSON.stringify(
        Array.from({ length: 11 }, (_, i) => ({ repository: `r${i}`, container: `s${i}/c` }))
      ),
      '11 builds: at most 10'
    ]
  ])('%s: refused before anything is built', async (_what, builds, message) => {
    const bad = await call('deploy-release.yml', { ...values, builds }, {})
    expect(bad.conclusion).toBe('failure')
    expect(bad.jobs.map(j => j.name)).toEqual(['call / Prepare the release'])
    const check = bad.jobs[0]?.steps.find(s => s.id === 'inputs')
    expect(check?.log).toContain('::error title=Invalid builds::')
    expect(check?.log).toContain(message)
  })
})
