// The reusable workflows' first step finds the repository and commit the workflow file itself came
// from (not the caller's), so the next step checks this suite's actions out at that commit. It runs
// here as the runner runs it: bash with -eo pipefail, GITHUB_OUTPUT, and the runner's OIDC token
// endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN), served locally.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jobsOf, readYaml } from './workflow-files.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const REQUEST_TOKEN = 'runner-request-token'

const script = ((): string => {
  const step = jobsOf(readYaml('.github/workflows/deploy.yml'))
    .flatMap(j => j.steps)
    .find(s => s.id === 'actions')
  if (typeof step?.run !== 'string') throw new Error('deploy.yml has no locate step')
  return step.run
})()

const base64url = (text: string): string => Buffer.from(text).toString('base64url')

/** A JWT whose payload, base64url-encoded, has both - and _ and needs padding to decode. */
function jwtWith(claims: Record<string, string>): string {
  for (let i = 0; i < 64; i++) {
    const payload = base64url(
      JSON.stringify({ ...claims, jti: `${'x'.repeat(i)}?~>?~>\u00ff\u00fe` })
    )
    if (payload.includes('-') && payload.includes('_') && payload.length % 4 !== 0) {
      return `${base64url('{"alg":"RS256","typ":"JWT"}')}.${payload}.c2lnbmF0dXJl`
    }
  }
  throw new Error('no payload with - and _ found')
}

let server: Server
let url = ''
let token = ''
const requests: IncomingMessage[] = []
let dir = ''

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'locate-actions-'))
  server = createServer((request, response) => {
    requests.push(request)
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify({ value: token }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/idtoken?api-version=2.0`
})

afterAll(async () => {
  await new Promise<void>(resolve => server.close(() => resolve()))
  rmSync(dir, { recursive: true, force: true })
})

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
}

/** Runs the step the way the runner does: `bash --noprofile --norc -eo pipefail {0}`. */
async function runStep(env: Record<string, string>): Promise<Run> {
  requests.length = 0
  const file = join(dir, 'step.sh')
  const output = join(dir, `output-${Date.now()}-${Math.random()}`)
  writeFileSync(file, script)
  writeFileSync(output, '')
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GITHUB_OUTPUT: output, ...env }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(line => line.includes('='))
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  )
  return { code, stdout, stderr, outputs }
}

const oidcEnv = (): Record<string, string> => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: url,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN
})

describe('locating ecs-deploy-actions at the workflow’s own commit', () => {
  test('takes job.workflow_repository and job.workflow_sha where the runner provides them', async () => {
    const run = await runStep({
      ...oidcEnv(),
      JOB_CONTEXT: JSON.stringify({
        status: 'success',
        workflow_ref: 'acme/ecs-deploy-actions/.github/workflows/deploy.yml@refs/tags/v1',
        workflow_repository: 'acme/ecs-deploy-actions',
        workflow_sha: SHA,
        workflow_file_path: '.github/workflows/deploy.yml'
      })
    })
    expect(run.code).toBe(0)
    expect(run.outputs).toEqual({ repository: 'acme/ecs-deploy-actions', sha: SHA })
    expect(requests).toHaveLength(0)
  })

  test('otherwise reads the OIDC token’s job_workflow_ref and job_workflow_sha claims', async () => {
    token = jwtWith({
      sub: 'repo:megilance/megilance:ref:refs/heads/main',
      workflow_ref: 'megilance/megilance/.github/workflows/deploy.yml@refs/heads/main',
      job_workflow_ref: 'acme/ecs-deploy-actions/.github/workflows/deploy.yml@refs/tags/v1',
      job_workflow_sha: SHA
    })
    const run = await runStep({ ...oidcEnv(), JOB_CONTEXT: '{"status":"success"}' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs).toEqual({ repository: 'acme/ecs-deploy-actions', sha: SHA })
    expect(requests).toHaveLength(1)
    const request = requests[0]
    expect(request?.headers.authorization).toBe(`bearer ${REQUEST_TOKEN}`)
    const asked = new URL(request?.url ?? '', url)
    expect(asked.searchParams.get('api-version')).toBe('2.0')
    expect(asked.searchParams.get('audience')).toBe('ecs-deploy-actions')
  })

  test('masks the token before anything else and never prints it', async () => {
    token = jwtWith({
      job_workflow_ref: 'acme/ecs-deploy-actions/.github/workflows/rollback.yml@refs/heads/main',
      job_workflow_sha: SHA
    })
    const run = await runStep({ ...oidcEnv(), JOB_CONTEXT: '{}' })
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toBe(`::add-mask::${token}`)
    expect(lines.slice(1).join('\n')).not.toContain(token)
    expect(run.stderr).not.toContain(token)
    expect(run.stdout).toContain(`Using acme/ecs-deploy-actions at ${SHA}`)
  })

  test('fails with a clear error when the calling job did not grant id-token: write', async () => {
    const run = await runStep({ JOB_CONTEXT: '{}' })
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain('::error title=Cannot locate ecs-deploy-actions::')
    expect(run.stdout).toContain("'permissions: id-token: write'")
    expect(run.outputs).toEqual({})
  })

  test('refuses claims that are not a repository and a full commit SHA', async () => {
    token = jwtWith({ job_workflow_ref: 'not a ref; rm -rf /', job_workflow_sha: 'main' })
    const run = await runStep({ ...oidcEnv(), JOB_CONTEXT: '{}' })
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain('::error title=Cannot locate ecs-deploy-actions::')
    expect(run.outputs).toEqual({})
  })

  test('fails when the token endpoint fails', async () => {
    const run = await runStep({
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/nothing?x=1',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      JOB_CONTEXT: '{}'
    })
    expect(run.code).not.toBe(0)
    expect(run.outputs).toEqual({})
  })
})
