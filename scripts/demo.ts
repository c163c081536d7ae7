/*
 * npm run demo — the README's first command.
 *
 * Runs the real bundles (dist/build-push, dist/ecs-deploy) the way GitHub's runner runs them,
 * against a LOCAL stand-in for AWS (ECS, ECR and STS on 127.0.0.1, with a local GitHub OIDC
 * token endpoint), plus Docker and a local registry when the machine has them:
 *
 *   1. push to main: the MegiLance job — build and push both images, deploy both services;
 *   2. a failing deploy: the backend's tasks crash; the step says why and rolls back;
 *   3. a manual rollback: the rollback workflow with `to: previous`.
 *
 * It prints what GitHub would show: each step's log groups and annotations, and its job summary.
 * No AWS account is used and nothing leaves this machine. `npm run demo -- --no-docker` skips
 * the build stage even where Docker is there.
 */
import { rmSync } from 'node:fs'
import { type Registry, startRegistry } from '../test/support/registry.js'
import { createMegilanceWorkspace, probeDocker, removeImages } from '../test/e2e/harness/machine.js'
import {
  type App,
  APPS,
  CLUSTER,
  REGION,
  ROLE,
  buildInputs,
  deployInputs,
  placeholderImage,
  seedMegilance,
  service
} from '../test/e2e/harness/megilance.js'
import { startOidcIssuer } from '../test/e2e/harness/oidc.js'
import { Job, type StepResult } from '../test/e2e/harness/runner.js'
import { defaultStyle, mask, renderLog, renderSummary } from '../test/e2e/harness/terminal.js'
import { STATIC_KEYS, rollouts, startStandIn } from '../test/e2e/stand-in/index.js'

const s = defaultStyle()
const print = (text = '') => process.stdout.write(`${text}\n`)
const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8'
const REPOSITORY = 'megilance/megilance'
const RUN_ID = '7312345678'

const cleanups: (() => Promise<void> | void)[] = []
async function cleanUp(): Promise<void> {
  for (const fn of cleanups.reverse()) {
    try {
      await fn()
    } catch {
      // best effort
    }
  }
  cleanups.length = 0
}
process.on('SIGINT', () => {
  void cleanUp().then(() => process.exit(130))
})

interface Expectation {
  readonly step: StepResult
  readonly ok: boolean
  readonly what: string
}
const recap: Expectation[] = []

function banner(): void {
  const line = '═'.repeat(78)
  print(s.bold(line))
  print(s.bold('  ecs-deploy-actions demo — the MegiLance pipeline, run locally'))
  print(line)
  print(
    `  This runs the real ${s.cyan('dist/')} bundles exactly as GitHub's runner runs them, against a`
  )
  print(
    `  ${s.yellow('LOCAL STAND-IN for AWS')} (ECS, ECR and STS on 127.0.0.1) — ${s.bold('not AWS')}. No AWS account`
  )
  print('  is used and nothing leaves this machine. Rollouts are scripted by the stand-in.')
  print(s.bold(line))
}

function act(n: number, title: string, story: string): void {
  print()
  print(s.bold(s.blue(`━━ ${n}. ${title} ${'━'.repeat(Math.max(3, 72 - title.length))}`)))
  print(`   ${story}`)
}

function note(text: string): void {
  print(`   ${s.yellow('note:')} ${text}`)
}

/** One step, as the job's page on GitHub shows it. */
function show(job: Job, step: StepResult, title: string): void {
  print()
  print(s.bold(`  ┌─ ${title}`))
  print(s.dim(`  │  node dist/${step.action}/${step.phase === 'main' ? 'index.js' : 'post.js'}`))
  const log = renderLog(step.log, job.masks(), s, '  │  ', 14)
  if (log.trim() !== '') print(log)
  const seconds = (step.durationMs / 1000).toFixed(1)
  const result =
    step.exitCode === 0
      ? s.green(`✔ succeeded in ${seconds}s`)
      : s.red(
          `✖ failed (${step.signal ? `signal ${step.signal}` : `exit ${step.exitCode}`}) in ${seconds}s`
        )
  print(`  └─ ${result}`)
  const outputs = Object.entries(step.outputs)
  if (outputs.length > 0) {
    print(s.bold('     Outputs'))
    const width = Math.max(...outputs.map(([k]) => k.length))
    for (const [key, value] of outputs) {
      print(`       ${key.padEnd(width)}  ${mask(value, job.masks()).replace(/\n/g, ', ')}`)
    }
  }
  if (step.summary.trim() !== '') {
    print(s.bold('     Job summary'))
    print(s.dim('     ┈┈┈┈┈┈┈┈┈┈┈'))
    print(renderSummary(mask(step.summary, job.masks()), s, '     '))
  }
}

function expectStep(step: StepResult, ok: boolean, what: string): void {
  recap.push({ step, ok, what })
}

async function main(): Promise<number> {
  banner()
  const docker = process.argv.includes('--no-docker')
    ? { problem: '--no-docker was given', pathPrefix: [], description: '' }
    : probeDocker()
  let registry: Registry | undefined
  if (docker.problem === undefined) {
    try {
      registry = await startRegistry()
      cleanups.push(() => registry?.stop())
      cleanups.push(() => {
        if (registry) removeImages(registry.host, docker.pathPrefix)
      })
    } catch (error) {
      note(`the local registry did not start (${String(error)}).`)
    }
  }
  const oidc = await startOidcIssuer({
    repository: REPOSITORY,
    ref: 'refs/heads/main',
    sha: SHA,
    runId: RUN_ID
  })
  cleanups.push(() => oidc.close())
  const standIn = await startStandIn({
    registry,
    // The stand-in answers ListServiceDeployments / DescribeServiceDeployments, as ECS does.
    serviceDeployments: true,
    verifyOidc: token => oidc.verify(token)
  })
  cleanups.push(() => standIn.close())
  // A crash that shows only after a few seconds, as a real one would.
  const crash = {
    stoppedReason: 'Essential container in task exited',
    exitCode: 1,
    containerReason: 'RuntimeError: FILE_STORAGE_MODE=s3 needs S3_BUCKET_NAME',
    healthStatus: 'UNHEALTHY' as const
  }
  const before = seedMegilance(standIn, {
    rollouts: {
      backend: [
        rollouts.succeeds(2, 3),
        [
          { running: 0, pending: 2 },
          { pending: 2, failTasks: [crash], notBeforeMs: 6000 },
          { pending: 2, failTasks: [crash] },
          { pending: 1, failTasks: [crash] }
        ],
        rollouts.succeeds(2, 2),
        rollouts.succeeds(2, 2)
      ],
      frontend: [rollouts.succeeds(2, 2)]
    }
  })
  const workspace = createMegilanceWorkspace()
  cleanups.push(() => rmSync(workspace, { recursive: true, force: true }))
  print()
  print(`  AWS stand-in:  ${standIn.endpoint}  (AWS_ENDPOINT_URL_ECS / _ECR / _STS point here)`)
  print(`  OIDC endpoint: ${oidc.requestUrl.replace(/\?.*$/, '')}  (ACTIONS_ID_TOKEN_REQUEST_URL)`)
  print(
    `  Docker:        ${registry ? `${docker.description}; registry ${registry.url} (htpasswd)` : s.yellow(`not used — ${docker.problem ?? 'the registry did not start'}`)}`
  )
  print(
    `  Seeded:        cluster ${CLUSTER}: ${APPS.map(a => `${service(a)} running ${before[a].split('/')[1]}`).join(', ')}`
  )

  const newJob = (name: string) => {
    const job = new Job({
      workspace,
      endpointEnv: standIn.endpointEnv,
      oidc,
      staticKeys: STATIC_KEYS,
      pathPrefix: docker.pathPrefix,
      sha: SHA,
      repository: REPOSITORY,
      runId: RUN_ID,
      // The runner runs node24, which does not print the AWS SDK's note about older Node.js.
      env: { NODE_NO_WARNINGS: '1' }
    })
    cleanups.push(() => job.close())
    print()
    print(s.bold(`  Job: ${name}`))
    return job
  }

  // ---- 1. push to main -------------------------------------------------------------------
  act(
    1,
    'Push to main',
    `MegiLance's deploy workflow on a push to main: build both images, then deploy both services.`
  )
  const images = {} as Record<App, string>
  if (registry) {
    const build = newJob('build (action-build-push, OIDC → STS → ECR)')
    for (const app of APPS) {
      const step = await build.run(
        'build-push',
        buildInputs(app, {
          'build-args':
            app === 'backend'
              ? `RELEASE=${SHA.slice(0, 7)}`
              : 'NEXT_PUBLIC_BACKEND_URL=https://api.megilance.example.com',
          ...(app === 'backend' ? { secrets: 'pip_token=demo-build-secret-never-printed' } : {})
        }),
        { name: `Build ${app}` }
      )
      show(build, step, `Build and push megilance-${app}`)
      expectStep(step, step.exitCode === 0 && step.outputs.built === 'true', 'built and pushed')
      images[app] = step.outputs.image ?? placeholderImage(app, 'release-2')
    }
    for (const step of [...build.results].reverse()) {
      const post = await build.post(step)
      show(build, post, `Post ${step.name}`)
    }
  } else {
    note(
      `the build stage is SKIPPED: ${docker.problem ?? 'no registry'}. Run \`sudo bash scripts/setup.sh\` to install and start Docker.`
    )
    note('the deploys below use placeholder images by digest instead of freshly built ones.')
    for (const app of APPS) images[app] = placeholderImage(app, 'release-2')
  }
  const deploy = newJob('deploy (action-ecs-deploy, OIDC → STS → ECS)')
  for (const app of APPS) {
    const step = await deploy.run(
      'ecs-deploy',
      deployInputs(app, { image: images[app], 'environment-url': 'https://megilance.example.com' }),
      { name: `Deploy ${app}` }
    )
    show(deploy, step, `Deploy megilance-${app}`)
    expectStep(step, step.outputs.outcome === 'succeeded', 'succeeded')
  }

  // ---- 2. a failing deploy ---------------------------------------------------------------
  act(
    2,
    'A failing deploy, explained and rolled back',
    'The next push sets FILE_STORAGE_MODE=s3 but no bucket: the new backend tasks crash.'
  )
  const failing = newJob('deploy (action-ecs-deploy)')
  const failed = await failing.run(
    'ecs-deploy',
    deployInputs('backend', {
      image: images.backend,
      'environment-variables': 'FILE_STORAGE_MODE=s3'
    }),
    { name: 'Deploy backend' }
  )
  show(failing, failed, 'Deploy megilance-backend')
  expectStep(
    failed,
    failed.exitCode === 1 && failed.outputs.outcome === 'rolled-back',
    'failed, explained, rolled back (the step fails: the new revision is not what runs)'
  )

  // ---- 3. a manual rollback --------------------------------------------------------------
  act(
    3,
    'A manual rollback',
    'Someone runs the rollback workflow (workflow_dispatch, to: previous) for the backend.'
  )
  const manual = newJob('rollback (action-ecs-deploy, mode: rollback)')
  const rolledBack = await manual.run(
    'ecs-deploy',
    {
      'aws-region': REGION,
      'role-to-assume': ROLE,
      mode: 'rollback',
      'rollback-to': 'previous',
      cluster: CLUSTER,
      service: service('backend'),
      'poll-interval-seconds': '1'
    },
    { name: 'Roll back backend' }
  )
  show(manual, rolledBack, 'Roll back megilance-backend to previous')
  expectStep(rolledBack, rolledBack.outputs.outcome === 'succeeded', 'succeeded')

  // ---- recap -----------------------------------------------------------------------------
  print()
  print(s.bold(`━━ What happened ${'━'.repeat(62)}`))
  for (const { step, ok, what } of recap) {
    const mark = ok ? s.green('✔') : s.red('✖')
    const outcome =
      step.outputs.outcome ?? (step.outputs.built ? `built=${step.outputs.built}` : '')
    print(
      `  ${mark} ${step.name.padEnd(20)} exit ${String(step.exitCode).padEnd(4)} ${outcome.padEnd(12)} ${s.dim(`expected: ${what}`)}`
    )
  }
  const byService = (svc: 'ecs' | 'ecr' | 'sts') =>
    standIn.calls.filter(c => c.service === svc).length
  print()
  print(
    `  ${standIn.calls.length} AWS API calls, all answered by the local stand-in (ECS ${byService('ecs')}, ECR ${byService('ecr')}, STS ${byService('sts')}).`
  )
  print(
    `  ${service('backend')} now runs ${standIn.ecs.running(CLUSTER, service('backend'))?.split('/')[1]}; ${service('frontend')} runs ${standIn.ecs.running(CLUSTER, service('frontend'))?.split('/')[1]}.`
  )
  print(
    `  ${s.yellow('This was a local stand-in, not AWS.')} To deploy for real, see the README's Quickstart.`
  )
  const allOk = recap.every(r => r.ok)
  if (!allOk) print(s.red('  The demo did not go as scripted: see the steps marked ✖ above.'))
  return allOk ? 0 : 1
}

let code = 1
try {
  code = await main()
} catch (error) {
  print(s.red(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
} finally {
  await cleanUp()
}
process.exit(code)
