// deploy.yml's inputs as the runner's expressions see them: one role for both jobs, or a build role
// (ECR only) and a deploy role (ECS, PassRole, Logs); the check that refuses no role on a
// GitHub-hosted runner; and the starter workflows, valid copied by hand and as an organisation's
// starter workflows.
import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asString, evaluateToken } from '../../../tools/workflow-runner/expressions.js'
import { field, loadWorkflow, rawJob } from '../../../tools/workflow-runner/load.js'
import { readText, templateFiles } from './workflow-files.js'

const deploy = await loadWorkflow(
  '.github/workflows/deploy.yml',
  readText('.github/workflows/deploy.yml')
)

/** The `with:` value a step of deploy.yml passes, evaluated with these inputs. */
function passed(
  jobId: string,
  stepId: string,
  input: string,
  inputs: Record<string, string>
): string {
  const step = rawJob(deploy, jobId).steps.find(s => String(field(s, 'id')) === stepId)
  const token = field(field(step, 'with'), input)
  if (token === undefined) throw new Error(`${jobId}.${stepId} passes no ${input}`)
  return asString(
    evaluateToken(token, {
      inputs,
      github: {},
      needs: {},
      steps: {},
      env: {},
      job: {},
      runner: {},
      secrets: {},
      vars: {},
      strategy: {},
      matrix: null
    })
  )
}

const ROLE = 'arn:aws:iam::123456789012:role/megilance-deploy'
const BUILD = 'arn:aws:iam::123456789012:role/megilance-build'
const DEPLOY = 'arn:aws:iam::123456789012:role/megilance-ecs'

describe('deploy.yml: one role, or a build role and a deploy role', () => {
  const inputs = deploy.template.events.workflow_call?.inputs ?? {}

  test('declares build-role-to-assume and deploy-role-to-assume, both optional', () => {
    expect(Object.keys(inputs)).toEqual(
      expect.arrayContaining(['role-to-assume', 'build-role-to-assume', 'deploy-role-to-assume'])
    )
    const yaml = readText('.github/workflows/deploy.yml')
    for (const name of ['build-role-to-assume', 'deploy-role-to-assume']) {
      expect(yaml).toMatch(
        new RegExp(`\\n      ${name}:\\n(        .*\\n)*?        default: ''\\n`)
      )
    }
  })

  test.each([
    { given: { 'role-to-assume': ROLE }, build: ROLE, deploy: ROLE },
    {
      given: { 'build-role-to-assume': BUILD, 'deploy-role-to-assume': DEPLOY },
      build: BUILD,
      deploy: DEPLOY
    },
    {
      given: { 'role-to-assume': ROLE, 'deploy-role-to-assume': DEPLOY },
      build: ROLE,
      deploy: DEPLOY
    },
    { given: { 'role-to-assume': ROLE, 'build-role-to-assume': BUILD }, build: BUILD, deploy: ROLE }
  ])('$given → build job $build, deploy job $deploy', ({ given, build, deploy: deployRole }) => {
    const all = {
      'role-to-assume': '',
      'build-role-to-assume': '',
      'deploy-role-to-assume': '',
      ...given
    }
    expect(passed('build', 'build', 'role-to-assume', all)).toBe(build)
    expect(passed('deploy', 'deploy', 'role-to-assume', all)).toBe(deployRole)
  })
})

describe('the check before anything else: a role unless the runner is self-hosted', () => {
  const step = rawJob(deploy, 'build').steps.find(s => String(field(s, 'id')) === 'inputs')
  const script = String(field(step, 'run'))
  const dir = mkdtempSync(join(tmpdir(), 'check-inputs-'))

  const check = (env: Record<string, string>) => {
    const output = join(dir, `output-${Math.random()}`)
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GITHUB_OUTPUT: output,
        WAIT_FOR_MINUTES: '30',
        RUNS_ON: 'ubuntu-latest',
        BUILD_ROLE: '',
        DEPLOY_ROLE: '',
        FILE: '',
        DOCKERFILE: '',
        ...env
      },
      encoding: 'utf8'
    })
    const out = existsSync(output) ? readFileSync(output, 'utf8') : ''
    return { code: run.status, stdout: run.stdout, output: out }
  }

  test.each([
    { env: { BUILD_ROLE: ROLE, DEPLOY_ROLE: ROLE }, ok: true },
    { env: {}, ok: false },
    { env: { BUILD_ROLE: BUILD }, ok: false },
    { env: { RUNS_ON: '["self-hosted", "linux"]' }, ok: true },
    { env: { RUNS_ON: 'self-hosted' }, ok: true },
    { env: { BUILD_ROLE: ROLE, DEPLOY_ROLE: ROLE, WAIT_FOR_MINUTES: '2.5' }, ok: false }
  ])('$env → ok: $ok', ({ env, ok }) => {
    const run = check(env)
    expect(run.code === 0).toBe(ok)
    if (ok) expect(run.output).toBe('deploy-timeout-minutes=70\n')
    else
      expect(run.stdout).toMatch(
        /^::error title=(role-to-assume is required|Invalid wait-for-minutes)::/
      )
  })

  test('the deploy job’s timeout is twice wait-for-minutes plus 10', () => {
    expect(check({ BUILD_ROLE: ROLE, DEPLOY_ROLE: ROLE, WAIT_FOR_MINUTES: '5' }).output).toBe(
      'deploy-timeout-minutes=20\n'
    )
    expect(String(field(rawJob(deploy, 'deploy').job, 'timeout-minutes'))).toContain(
      'needs.build.outputs.deploy-timeout-minutes'
    )
    rmSync(dir, { recursive: true, force: true })
  })
})

describe.each(templateFiles())('%s is a starter workflow both ways', file => {
  const text = readText(file)

  test('copied by hand: it says what to replace, and with that done it is a valid workflow', async () => {
    expect(text.split('\n').slice(0, 8).join('\n')).toMatch(/Replace OWNER/)
    const copy = text.replaceAll('$default-branch', 'main')
    await expect(loadWorkflow(file, copy)).resolves.toBeDefined()
  })

  test('in an organisation’s .github/workflow-templates/: a properties file, $default-branch for the branch', async () => {
    const properties = JSON.parse(readText(file.replace(/\.ya?ml$/, '.properties.json'))) as {
      name?: string
    }
    expect(typeof properties.name).toBe('string')
    if (/\n {2}push:/.test(text)) expect(text).toContain('branches: [$default-branch]')
    // GitHub substitutes $default-branch when it offers the template; the file is valid before too.
    await expect(loadWorkflow(file, text)).resolves.toBeDefined()
  })
})
