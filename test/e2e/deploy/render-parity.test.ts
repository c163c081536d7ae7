import { afterEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  CLUSTER,
  REGION,
  placeholderImage,
  seedMegilance,
  service
} from '../../../tools/harness/megilance.js'
import { Job, inputEnv, parseFileCommands } from '../../../tools/harness/runner.js'
import { ACCOUNT, STATIC_KEYS, type StandIn, startStandIn } from '../../../tools/stand-in/index.js'

/*
 * A team on the aws-actions chain swaps its render + deploy step pair for action-ecs-deploy,
 * input for input, and registers the same task definition. The pair below is what such a
 * workflow holds (amazon-ecs-render-task-definition v1.9.0 with every render input it has, then
 * amazon-ecs-deploy-task-definition v2). EXPECTED is what that pair registers for MegiLance's
 * backend file: the file with those inputs applied as the render action applies them (replace
 * image, command, environmentFiles, roles and logDriver; merge environment and secrets by name,
 * log options and docker labels by key), which the deploy action registers as it is.
 *
 * With AWS_ACTIONS_BUNDLES=DIR (DIR/amazon-ecs-render-task-definition/dist/index.js and
 * DIR/amazon-ecs-deploy-task-definition/dist/index.js, from their release tags), the pair itself
 * also runs against the stand-in and must register EXPECTED too.
 * Over 250 lines: the aws-actions workflow and EXPECTED, the task definition it registers, are
 * written out in full.
 */

const RELEASE = '2026.11.25-rc7-parity'
const IMAGE = placeholderImage('backend', 'release-2')
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const ENV_FILE = 'arn:aws:s3:::megilance-config/backend/production.env'
const SENTRY = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/megilance/sentry-dsn`

const BEFORE = parse(`
- name: Render the task definition
  id: render
  uses: aws-actions/amazon-ecs-render-task-definition@v1.9.0
  with:
    task-definition: deploy/backend-task-definition.json
    container-name: backend
    image: ${IMAGE}
    command: uvicorn app.main:app --host 0.0.0.0 --port 8000
    environment-variables: |
      FILE_STORAGE_MODE=s3
      APP_RELEASE=${RELEASE}
    env-files: |
      ${ENV_FILE}
    secrets: |
      SENTRY_DSN=${SENTRY}
    task-role-arn: ${role('megilance-backend-task-v2')}
    execution-role-arn: ${role('megilance-ecs-task-execution-v2')}
    log-configuration-log-driver: awslogs
    log-configuration-options: |
      awslogs-group=/ecs/megilance-backend
      awslogs-region=${REGION}
      awslogs-stream-prefix=backend
      mode=non-blocking
      max-buffer-size=25m
    docker-labels: |
      team=backend
      release=${RELEASE}
- name: Deploy
  uses: aws-actions/amazon-ecs-deploy-task-definition@v2
  with:
    task-definition: \${{ steps.render.outputs.task-definition }}
    service: ${service('backend')}
    cluster: ${CLUSTER}
    wait-for-service-stability: true
    wait-for-minutes: 3
`) as { uses: string; with: Record<string, string | boolean | number> }[]

/** Inputs of the render action that action-ecs-deploy has under the same name. */
const SAME_RENDER = [
  'task-definition',
  'container-name',
  'image',
  'command',
  'environment-variables',
  'env-files',
  'secrets',
  'task-role-arn',
  'execution-role-arn',
  'log-configuration-log-driver',
  'log-configuration-options',
  'docker-labels'
]
/** Inputs of the deploy action that action-ecs-deploy has under the same name. */
const SAME_DEPLOY = [
  'service',
  'cluster',
  'desired-count',
  'force-new-deployment',
  'wait-for-service-stability',
  'wait-for-minutes'
]

/**
 * The swap: one action-ecs-deploy step from the pair's `with:`, name for name. Any input it
 * cannot carry over fails the test. The deploy step's task-definition (the render output) goes;
 * the region comes from configure-aws-credentials' step before, as AWS_REGION does for the pair.
 */
function migrate(render: Record<string, unknown>, deploy: Record<string, unknown>) {
  const inputs: Record<string, string> = { 'aws-region': REGION }
  for (const [name, value] of Object.entries(render)) {
    if (!SAME_RENDER.includes(name)) throw new Error(`render input ${name} has no counterpart`)
    inputs[name] = String(value)
  }
  for (const [name, value] of Object.entries(deploy)) {
    if (name === 'task-definition' && String(value).includes('steps.render.outputs')) continue
    if (!SAME_DEPLOY.includes(name)) throw new Error(`deploy input ${name} has no counterpart`)
    inputs[name] = String(value)
  }
  return inputs
}

const example = JSON.parse(
  readFileSync('examples/megilance/backend-task-definition.json', 'utf8')
) as { containerDefinitions: Record<string, unknown>[] } & Record<string, unknown>
const exampleBackend = example.containerDefinitions[0]!

const EXPECTED = {
  ...example,
  taskRoleArn: role('megilance-backend-task-v2'),
  executionRoleArn: role('megilance-ecs-task-execution-v2'),
  containerDefinitions: [
    {
      ...exampleBackend,
      image: IMAGE,
      command: ['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', '8000'],
      environment: [
        { name: 'TURSO_DATABASE_URL', value: 'libsql://megilance-example.turso.io' },
        { name: 'BACKEND_CORS_ORIGINS', value: 'https://megilance.example.com' },
        { name: 'FILE_STORAGE_MODE', value: 's3' },
        { name: 'APP_RELEASE', value: RELEASE }
      ],
      environmentFiles: [{ value: ENV_FILE, type: 's3' }],
      secrets: [
        ...(exampleBackend.secrets as unknown[]),
        { name: 'SENTRY_DSN', valueFrom: SENTRY }
      ],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/megilance-backend',
          'awslogs-region': REGION,
          'awslogs-stream-prefix': 'backend',
          mode: 'non-blocking',
          'max-buffer-size': '25m'
        }
      },
      dockerLabels: { team: 'backend', release: RELEASE }
    }
  ]
}

/** Environment values of the revision the service runs before the deploy (read from AWS). */
const RUNNING_ENV = {
  TURSO_DATABASE_URL: 'libsql://running-only-3f9c.turso.io',
  BACKEND_CORS_ORIGINS: 'https://running-only-5b1d.example.com',
  FILE_STORAGE_MODE: 'local-running-only-8d2e'
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean()
})

/** The stand-in with MegiLance, its backend running a revision with RUNNING_ENV; a checkout. */
async function setUp(): Promise<{ standIn: StandIn; workspace: string }> {
  const standIn = await startStandIn({ serviceDeployments: true })
  cleanups.push(() => standIn.close())
  seedMegilance(standIn)
  const running = standIn.ecs.seedTaskDefinition({
    ...example,
    containerDefinitions: [
      {
        ...exampleBackend,
        image: placeholderImage('backend', 'release-1'),
        environment: Object.entries(RUNNING_ENV).map(([name, value]) => ({ name, value }))
      }
    ]
  })
  standIn.ecs.seedService({
    cluster: CLUSTER,
    service: service('backend'),
    taskDefinition: running
  })
  const workspace = createMegilanceWorkspace()
  cleanups.push(() => rmSync(workspace, { recursive: true, force: true }))
  return { standIn, workspace }
}

function registeredBody(standIn: StandIn): Record<string, unknown> {
  const calls = standIn.answered('RegisterTaskDefinition')
  expect(calls).toHaveLength(1)
  return calls[0]!.input
}

describe('migrating the aws-actions render + deploy pair, input for input', () => {
  it('registers the task definition the pair registers, and shows no environment value from AWS', async () => {
    const { standIn, workspace } = await setUp()
    const job = new Job({ workspace, endpointEnv: standIn.endpointEnv, staticKeys: STATIC_KEYS })
    cleanups.push(() => job.close())
    const [render, deploy] = BEFORE
    const step = await job.run('ecs-deploy', migrate(render!.with, deploy!.with))

    expect(step.exitCode).toBe(0)
    expect(step.outputs.outcome).toBe('succeeded')
    const { tags, ...body } = registeredBody(standIn)
    expect(body).toEqual(EXPECTED)
    expect(tags).toEqual([
      { key: 'ecs-deploy-actions:commit', value: job.sha },
      {
        key: 'ecs-deploy-actions:run',
        value: expect.stringContaining(`/${job.repository}/actions/runs/${job.runId}`)
      }
    ])
    expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(
      step.outputs['task-definition-arn']
    )

    // The diff names the environment variables and never shows a value, in the log and the
    // summary; the rendered file in RUNNER_TEMP keeps them all.
    for (const text of [step.log, step.summary]) {
      expect(text).toContain('backend: env ~ FILE_STORAGE_MODE (value changed)')
      expect(text).toContain('backend: env + APP_RELEASE')
      expect(text).toContain(`backend: env file + ${ENV_FILE}`)
      expect(text).toContain('backend: command unset → ["uvicorn","app.main:app"')
      expect(text).toContain(`task: task role ${role('megilance-backend-task')} → `)
      expect(text).toContain('backend: log option + mode=non-blocking')
      for (const value of Object.values(RUNNING_ENV)) expect(text).not.toContain(value)
      expect(text).not.toContain('libsql://megilance-example.turso.io')
    }
    const rendered = JSON.parse(readFileSync(step.outputs['rendered-task-definition']!, 'utf8'))
    expect(rendered.containerDefinitions[0].environment).toEqual(
      EXPECTED.containerDefinitions[0]!.environment
    )
  })

  const bundles = process.env.AWS_ACTIONS_BUNDLES
  const upstream = {
    render: join(bundles ?? '', 'amazon-ecs-render-task-definition/dist/index.js'),
    deploy: join(bundles ?? '', 'amazon-ecs-deploy-task-definition/dist/index.js')
  }
  const withBundles = bundles && existsSync(upstream.render) && existsSync(upstream.deploy)
  ;(withBundles ? it : it.skip)(
    'the pair itself registers EXPECTED (AWS_ACTIONS_BUNDLES)',
    async () => {
      const { standIn, workspace } = await setUp()
      const temp = mkdtempSync(join(tmpdir(), 'aws-actions-pair-'))
      cleanups.push(() => rmSync(temp, { recursive: true, force: true }))
      const [render, deploy] = BEFORE
      const rendered = await runBundle(upstream.render, render!.with, workspace, temp, standIn)
      expect(rendered.status).toBe(0)
      const path = rendered.outputs['task-definition']!
      const deployed = await runBundle(
        upstream.deploy,
        // What is registered does not depend on the wait; its waiter polls every 15 s at least.
        { ...deploy!.with, 'task-definition': path, 'wait-for-service-stability': 'false' },
        workspace,
        temp,
        standIn
      )
      expect(deployed.status).toBe(0)
      expect(registeredBody(standIn)).toEqual(EXPECTED)
    }
  )
})

/** Runs a JavaScript action's bundle as the runner would, with the pair's AWS_REGION and keys. */
async function runBundle(
  entry: string,
  inputs: Record<string, unknown>,
  workspace: string,
  temp: string,
  standIn: StandIn
) {
  const step = mkdtempSync(join(temp, 'step-'))
  mkdirSync(join(step, 'home'))
  const output = join(step, 'output')
  writeFileSync(output, '')
  // Asynchronously: the stand-in answers from this very process.
  const child = spawn(process.execPath, [entry], {
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(step, 'home'),
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: temp,
      AWS_REGION: REGION,
      ...STATIC_KEYS,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(step, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(step, 'none'),
      ...standIn.endpointEnv,
      ...inputEnv(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, String(v)])))
    }
  })
  let log = ''
  child.stdout.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr.on('data', (d: Buffer) => (log += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
  const status = await new Promise<number | null>(done => child.once('close', code => done(code)))
  clearTimeout(timer)
  if (status !== 0) console.error(`${entry}:\n${log}`)
  return { status, outputs: parseFileCommands(readFileSync(output, 'utf8')) }
}
