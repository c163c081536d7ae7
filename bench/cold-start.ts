/*
 * npm run bench:cold-start [-- --runs N]
 *
 * Prints, for the packaged actions run as the runner runs them (node dist/<action>/…) against
 * the local AWS stand-in (tools/stand-in):
 *   1. cold start of each bundle up to its first AWS request: the stand-in's arrival time of the
 *      first request minus the spawn time, median (and min, p90, max) over N runs (default 12);
 *   2. bundle sizes: dist/<action> bytes (one bundle serves main and post);
 *   3. AWS calls per successful deploy (action-ecs-deploy, a rollout that completes at the third
 *      poll), by operation, with and without OIDC and the service-deployment API.
 * Numbers only: nothing here asserts a time.
 */
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createMegilanceWorkspace } from '../tools/harness/machine.js'
import { deployInputs, buildInputs, seedMegilance } from '../tools/harness/megilance.js'
import { startOidcIssuer, type OidcIssuer } from '../tools/harness/oidc.js'
import { Job, type ActionName, type RunOptions } from '../tools/harness/runner.js'
import { STATIC_KEYS, rollouts, startStandIn, type StandIn } from '../tools/stand-in/index.js'

const runsArg = process.argv.indexOf('--runs')
const RUNS = Math.max(10, runsArg > 0 ? Number(process.argv[runsArg + 1]) || 12 : 12)
const print = (text = '') => process.stdout.write(`${text}\n`)

interface Target {
  readonly label: string
  readonly action: ActionName
  readonly phase: 'main' | 'post'
  readonly oidc: boolean
  readonly inputs: Record<string, string>
  readonly state?: Record<string, string>
}

function withoutRole(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).filter(([name]) => name !== 'role-to-assume'))
}

const targets: Target[] = [
  {
    label: 'ecs-deploy main, default credential chain → DescribeServices',
    action: 'ecs-deploy',
    phase: 'main',
    oidc: false,
    inputs: deployInputs('backend', {}, { role: false })
  },
  {
    label: 'ecs-deploy main, OIDC → AssumeRoleWithWebIdentity',
    action: 'ecs-deploy',
    phase: 'main',
    oidc: true,
    inputs: deployInputs('backend')
  },
  {
    label: 'ecs-deploy post (cancelled mid-watch) → DescribeServices',
    action: 'ecs-deploy',
    phase: 'post',
    oidc: false,
    inputs: deployInputs('backend', {}, { role: false }),
    state: {
      isPost: 'true', // saved by the main step (src/runner/phase.ts)
      credentials: JSON.stringify({
        region: 'us-east-1',
        roleToAssume: '',
        roleSessionName: 'GitHubActions',
        audience: 'sts.amazonaws.com'
      }),
      watching: 'true',
      cluster: 'megilance-cluster',
      service: 'megilance-backend',
      region: 'us-east-1',
      'deployment-id': 'ecs-svc/1234567890123456789',
      'task-definition-arn':
        'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:1'
    }
  },
  {
    label: 'build-push main, default credential chain → DescribeRepositories',
    action: 'build-push',
    phase: 'main',
    oidc: false,
    inputs: withoutRole(buildInputs('backend'))
  },
  {
    label: 'build-push main, OIDC → AssumeRoleWithWebIdentity',
    action: 'build-push',
    phase: 'main',
    oidc: true,
    inputs: buildInputs('backend')
  }
]

function stats(values: number[]): { median: number; min: number; p90: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  const mid = sorted.length / 2
  const median =
    sorted.length % 2 === 0
      ? ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
      : (sorted[Math.floor(mid)] ?? 0)
  return { median, min: sorted[0] ?? 0, p90: at(0.9), max: sorted.at(-1) ?? 0 }
}

async function environment(serviceDeployments: boolean): Promise<{
  standIn: StandIn
  oidc: OidcIssuer
  job: Job
  close: () => Promise<void>
}> {
  const oidc = await startOidcIssuer({
    repository: 'megilance/megilance',
    ref: 'refs/heads/main',
    sha: 'b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0',
    runId: '1'
  })
  const standIn = await startStandIn({ serviceDeployments, verifyOidc: t => oidc.verify(t) })
  seedMegilance(standIn, { rollouts: { backend: [rollouts.succeeds(2, 3)] } })
  const workspace = createMegilanceWorkspace()
  const job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    oidc,
    staticKeys: STATIC_KEYS,
    sha: 'b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0',
    env: { NODE_NO_WARNINGS: '1' }
  })
  return {
    standIn,
    oidc,
    job,
    close: async () => {
      await standIn.close()
      await oidc.close()
      job.close()
      rmSync(workspace, { recursive: true, force: true })
    }
  }
}

/** Spawns the bundle, stops it at its first AWS request; the cold start in ms. */
async function coldStart(target: Target): Promise<number[]> {
  const times: number[] = []
  const env = await environment(true)
  try {
    for (let i = 0; i < RUNS; i++) {
      const mark = env.standIn.calls.length
      let first: number | undefined
      const options: RunOptions = {
        whileRunning: async child => {
          while (env.standIn.calls.length === mark && child.exitCode === null) {
            await new Promise(done => setTimeout(done, 1))
          }
          first = env.standIn.calls[mark]?.at
          child.kill('SIGKILL')
        }
      }
      const step =
        target.phase === 'post'
          ? await env.job.runPost(target.action, target.inputs, target.state ?? {}, options)
          : await env.job.run(target.action, target.inputs, options)
      if (first === undefined) {
        throw new Error(`${target.label}: no AWS request (exit ${step.exitCode}):\n${step.log}`)
      }
      times.push(first - step.spawnedAt)
    }
  } finally {
    await env.close()
  }
  return times
}

function bytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? bytes(path) : statSync(path).size
  }
  return total
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`.padStart(9)

async function callsPerDeploy(serviceDeployments: boolean, role: boolean) {
  const env = await environment(serviceDeployments)
  try {
    const step = await env.job.run('ecs-deploy', deployInputs('backend', {}, { role }))
    if (step.outputs.outcome !== 'succeeded') {
      throw new Error(`the deploy did not succeed:\n${step.log}`)
    }
    const counts = new Map<string, number>()
    for (const call of env.standIn.calls) counts.set(call.op, (counts.get(call.op) ?? 0) + 1)
    return { total: env.standIn.calls.length, counts }
  } finally {
    await env.close()
  }
}

print(`Cold start up to the first AWS request (node ${process.version}, ${RUNS} runs each)`)
print('  median    min    p90    max   (ms)  bundle')
for (const target of targets) {
  const s = stats(await coldStart(target))
  const f = (n: number) => n.toFixed(0).padStart(6)
  print(`  ${f(s.median)} ${f(s.min)} ${f(s.p90)} ${f(s.max)}        ${target.label}`)
}
print()
print('Bundle sizes (dist/<action>)')
for (const action of readdirSync('dist', { withFileTypes: true }).filter(d => d.isDirectory())) {
  const dir = join('dist', action.name)
  const total = bytes(dir)
  print(`  ${action.name.padEnd(12)} ${mb(total)} (${total} bytes; one bundle for main and post)`)
}
print()
print('AWS calls per successful deploy (action-ecs-deploy; the rollout completes at the 3rd poll)')
for (const [label, sd, role] of [
  ['OIDC, service-deployment API answering', true, true],
  ['default chain, no service-deployment API', false, false]
] as const) {
  const { total, counts } = await callsPerDeploy(sd, role)
  print(`  ${String(total).padStart(3)} calls — ${label}`)
  print(`      ${[...counts].map(([op, n]) => `${op} ×${n}`).join(', ')}`)
}
