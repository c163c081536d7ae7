/*
 * npm run demo — the README's first command.
 *
 * Runs the WORKFLOW FILES themselves with the local workflow runner (tools/workflow-runner/):
 * MegiLance's caller workflows, copied from workflows-templates/ as a user copies them, call this
 * suite's reusable workflows (.github/workflows/deploy-release.yml and rollback.yml @v1), whose
 * jobs locate, check out and run the packaged actions (dist/) — against a LOCAL stand-in for AWS
 * (ECS, ECR, STS and CloudWatch Logs on 127.0.0.1, with a local GitHub OIDC token endpoint),
 * Docker and a local registry:
 *
 *   1. push to main: "Deploy MegiLance" builds and pushes both images (one build leg each), then
 *      releases deploy/release.yml: the backend's migration (alembic upgrade head, its log lines in
 *      the step's log), the backend;
 *   2. the same release goes on with the frontend, a service on ECS's CANARY strategy: the step
 *      follows the lifecycle stages and the traffic steps (10 %, then 100 %) to SUCCESSFUL after
 *      the bake;
 *   3. the next push migrates (adds a column, successfully), then crashes the backend: the release
 *      fails, says why (the container's last log line), puts the backend back over the migrated
 *      schema and never starts the frontend;
 *   4. workflow_dispatch: "Roll back an ECS service" with `to: previous`;
 *   5. the same engine from a terminal: one CLI call, `ecs-deploy status` (dist/cli, read-only).
 *
 * By default it prints each act's story and one line a job (what its action did; the canary's
 * stages; a failure's cause and its rollback; the revision a rollback chose, and by which rule),
 * then the table of what happened: under 150 lines. `--verbose` prints what GitHub would show:
 * each step's log groups and annotations, outputs and job summaries. No AWS account is used and
 * nothing leaves this machine. Without Docker only the rollback runs (the build jobs need an
 * engine).
 * Over 250 lines: one script that tells the four acts in order, with their narration.
 */
import { readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cliHome, runCli } from '../tools/harness/cli.js'
import { type Registry, startRegistry } from '../tools/harness/registry.js'
import { probeDocker, removeImages } from '../tools/harness/machine.js'
import {
  APPS,
  CLUSTER,
  placeholderImage,
  seedMegilance,
  service
} from '../tools/harness/megilance.js'
import { OUTCOME_TAG } from '../src/engine/common/tags.js'
import { startOidcIssuer } from '../tools/harness/oidc.js'
import {
  ACTIONS_REPOSITORY,
  APP_REPOSITORY,
  commit,
  createActionsRepository,
  createAppRepository,
  megilanceRun,
  userCopy
} from '../tools/harness/repositories.js'
import { failureCause, jobLines } from '../tools/harness/demo-digest.js'
import { demoReporters } from '../tools/harness/demo-reporters.js'
import { defaultStyle } from '../tools/harness/terminal.js'
import {
  type AwsService,
  REGION,
  STATIC_KEYS,
  type StandIn,
  rollouts,
  startStandIn
} from '../tools/stand-in/index.js'
import { type Event, type RunResult, runWorkflow } from '../tools/workflow-runner/index.js'

const s = defaultStyle()
const print = (text = '') => process.stdout.write(`${text}\n`)
/** Every step's log, outputs and job summary, as GitHub shows them. */
const verbose = process.argv.includes('--verbose')

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

const recap: {
  what: string
  run: RunResult
  shown: string
  ok: boolean
  expected: string
  /** Why it failed, in one line (the cause its summary leads with). */
  why?: string | undefined
}[] = []

/** The canary: 10 % of production traffic for a minute, then 100 %, then a one-minute bake. */
const CANARY = {
  strategy: 'CANARY',
  bakeTimeInMinutes: 1,
  canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 }
}
/** The stand-in plays a minute as 6 s, and ECS moves on up to 4 steps between two of the step's polls. */
const CANARY_TIMELINE = { minuteMs: 6000, stepsPerLook: 4 }

/** The action-ecs-deploy step (id deploy) of a run's job whose name starts with `job`. */
const deployStep = (r: RunResult, job: string) =>
  r.jobs.find(j => j.name.startsWith(job))?.steps.find(st => st.id === 'deploy')

/** One service's outcome in a release step's `services` output. */
const serviceOutcome = (step: ReturnType<typeof deployStep>, name: string): string | undefined =>
  (JSON.parse(step?.outputs.services ?? '[]') as { service: string; outcome: string }[]).find(
    x => x.service === name
  )?.outcome

/** A scene that begins when a job of the current run starts (its name starts with the key). */
const scenesAtJob = new Map<string, () => void>()

function banner(): void {
  const line = '═'.repeat(78)
  print(s.bold(line))
  print(s.bold('  ecs-deploy-actions demo — the MegiLance workflows, run locally'))
  print(line)
  print(`  The ${s.cyan('workflow files')} run in a local workflow runner; their jobs run the real`)
  print(`  ${s.cyan('dist/')} bundles against a ${s.yellow('LOCAL STAND-IN for AWS')}`)
  print(`  (ECS, ECR, STS and CloudWatch Logs on 127.0.0.1)`)
  print(`  — ${s.bold('not AWS')}. No AWS account is used and nothing leaves this machine.`)
  print(s.bold(line))
}

function act(n: number, title: string, story: string): void {
  print()
  print(s.bold(s.blue(`━━ ${n}. ${title} ${'━'.repeat(Math.max(3, 72 - title.length))}`)))
  print(`   ${story}`)
}

/** The scene that begins when this job starts, if one does. */
function sceneAt(job: string): void {
  for (const [prefix, scene] of scenesAtJob) {
    if (!job.startsWith(prefix)) continue
    scenesAtJob.delete(prefix)
    scene()
  }
}

const { digest, verbose: reporter } = demoReporters(print, s, sceneAt)

async function main(): Promise<number> {
  banner()
  const docker = process.argv.includes('--no-docker')
    ? { problem: '--no-docker was given', pathPrefix: [] }
    : probeDocker()
  let registry: Registry | undefined
  if (docker.problem === undefined) {
    registry = await startRegistry()
    cleanups.push(() => registry?.stop())
    cleanups.push(() => {
      if (registry) removeImages(registry.host, docker.pathPrefix)
    })
  }
  const actions = createActionsRepository()
  cleanups.push(() => rmSync(actions.dir, { recursive: true, force: true }))
  // The template's URLs, replaced as a user replaces them: here a local /api/health/live.
  const server = createServer((request, response) => {
    response.writeHead(request.url === '/api/health/live' ? 200 : 404).end('{"status":"live"}')
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  cleanups.push(() => new Promise<void>(done => server.close(() => done())))
  const health = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const urls = {
    'https://api.megilance.example.com': health,
    'https://megilance.example.com': health
  }
  const app = createAppRepository({
    'megilance.yml': userCopy('megilance.yml', urls),
    'rollback.yml': userCopy('rollback.yml', {
      '          - my-app': '          - megilance-backend\n          - megilance-frontend',
      'role/github-ecs-deploy': 'role/megilance-deploy',
      'cluster: my-cluster': `cluster: ${CLUSTER}`
    })
  })
  cleanups.push(() => rmSync(app.dir, { recursive: true, force: true }))
  const oidc = await startOidcIssuer({
    repository: APP_REPOSITORY,
    ref: 'refs/heads/main',
    sha: app.sha,
    runId: '7312345678'
  })
  cleanups.push(() => oidc.close())
  const standIn = await startStandIn({ registry, verifyOidc: token => oidc.verify(token) })
  cleanups.push(() => standIn.close())
  // What ECS knows of the crash: the essential container exited 1. What the app printed before
  // it died is only in its log stream; the step reads its last lines.
  const crash = {
    stoppedReason: 'Essential container in task exited',
    exitCode: 1,
    healthStatus: 'UNHEALTHY' as const,
    logLines: [
      'Traceback (most recent call last):',
      '  File "/app/app/main.py", line 12, in <module>',
      '    settings.check_storage()',
      '  File "/app/app/core/config.py", line 57, in check_storage',
      '    raise RuntimeError("FILE_STORAGE_MODE=s3 needs S3_BUCKET_NAME")',
      'RuntimeError: FILE_STORAGE_MODE=s3 needs S3_BUCKET_NAME'
    ]
  }
  if (registry === undefined) {
    // Without Docker no push deploys a revision before the rollback act: seed the backend's
    // release-0 as a deploy that succeeded (its outcome tag), for `to: previous` to find.
    const body = JSON.parse(
      readFileSync('examples/megilance/backend-task-definition.json', 'utf8')
    ) as {
      containerDefinitions: { image: string }[]
    }
    for (const c of body.containerDefinitions) c.image = placeholderImage('backend', 'release-0')
    standIn.ecs.seedTaskDefinition(body as unknown as Record<string, unknown>, [
      { key: OUTCOME_TAG, value: 'succeeded' }
    ])
  }
  const before = seedMegilance(standIn, {
    rollouts: {
      backend: [
        rollouts.succeeds(2, 1),
        [
          { running: 0, pending: 2 },
          { pending: 2, failTasks: [crash, crash, crash] }
        ],
        rollouts.succeeds(2, 1),
        rollouts.succeeds(2, 1)
      ],
      frontend: [rollouts.succeeds(2, 1)]
    },
    strategies: { frontend: { deploymentConfiguration: CANARY, native: [CANARY_TIMELINE] } }
  })
  print()
  print(
    `  AWS stand-in:  ${standIn.endpoint}  (AWS_ENDPOINT_URL_ECS / _ECR / _STS / _CLOUDWATCH_LOGS point here)`
  )
  print(
    `  Repositories:  ${APP_REPOSITORY} (the caller) and ${ACTIONS_REPOSITORY}@v1 = ${actions.sha.slice(0, 7)} (this suite)`
  )
  print(
    `  Docker:        ${registry ? `registry ${registry.url} (htpasswd)` : s.yellow(`not used — ${docker.problem ?? ''}`)}`
  )
  print(
    `  Seeded:        cluster ${CLUSTER}: ${APPS.map(a => `${service(a)} running ${before[a].split('/')[1]}`).join(', ')}`
  )
  print(
    `                 ${service('backend')}: rolling updates; ${service('frontend')}: ECS's CANARY strategy`
  )

  const run = async (
    workflow: string,
    event: Event,
    what: string,
    expected: string,
    ok: (r: RunResult) => boolean
  ): Promise<RunResult> => {
    const text = readFileSync(`${app.dir}/.github/workflows/${workflow}`, 'utf8')
    const name = /^name: (.*)$/m.exec(text)?.[1] ?? workflow
    print()
    print(s.bold(`  Workflow: ${name}  (.github/workflows/${workflow}, on ${event.name})`))
    const result = await runWorkflow(
      megilanceRun(
        { app, actions, oidc, endpointEnv: standIn.endpointEnv, pathPrefix: docker.pathPrefix },
        workflow,
        event,
        { reporter: verbose ? reporter : digest }
      )
    )
    if (result.error) print(s.red(`  ${result.error}`))
    if (verbose) {
      print()
      print(s.bold('  In short:'))
      for (const job of result.jobs) for (const line of jobLines(job, s)) print(line)
    }
    print(
      `  ${result.conclusion === 'success' ? s.green('✔') : s.red('✖')} ${s.bold(result.name)}: ${result.conclusion}`
    )
    const why = failureCause(result)
    recap.push({ what, run: result, shown: result.conclusion, ok: ok(result), expected, why })
    return result
  }

  if (registry) {
    act(
      1,
      'Push to main',
      `MegiLance's "Deploy MegiLance" workflow: build both images, then release the backend and the frontend.`
    )
    print(
      `   Before the backend's rollout its migration runs once as a task (run-task-command: alembic upgrade head).`
    )
    standIn.tasks.queueTask({
      exitCode: 0,
      lines: [
        'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.',
        'INFO  [alembic.runtime.migration] Will assume transactional DDL.',
        'INFO  [alembic.runtime.migration] Running upgrade 3f2a1b9c0d4e -> 4c5d6e7f8a9b, add proposals.deadline'
      ]
    })
    scenesAtJob.set('release / Release', () =>
      act(
        2,
        'The release: the backend, then the frontend by canary',
        `deploy/release.yml rolls the backend out first; once it succeeded, ${service('frontend')}, which\n` +
          `   is on ECS's CANARY strategy: 10 % of production traffic for a minute, then 100 %, then a\n` +
          `   one-minute bake (the stand-in plays a minute as ${CANARY_TIMELINE.minuteMs / 1000} s). ECS shifts the traffic;\n` +
          `   the step follows its stages to SUCCESSFUL after the bake.`
      )
    )
    const push = await run(
      'megilance.yml',
      { name: 'push' },
      'push to main',
      'success',
      r =>
        r.conclusion === 'success' &&
        (deployStep(r, 'release / Release')?.log.includes('Running upgrade') ?? false)
    )
    scenesAtJob.clear()
    const canary = deployStep(push, 'release / Release')
    recap.push({
      what: 'canary frontend',
      run: push,
      shown: serviceOutcome(canary, service('frontend')) ?? 'not run',
      ok:
        serviceOutcome(canary, service('frontend')) === 'succeeded' &&
        /PRODUCTION_TRAFFIC_SHIFT .*production traffic 10%/.test(canary?.log ?? '') &&
        /BAKE_TIME /.test(canary?.log ?? ''),
      expected: 'succeeded after the bake'
    })

    act(
      3,
      'A failing deploy, explained and rolled back',
      'The next push adds a column (its migration succeeds) and sets FILE_STORAGE_MODE=s3 but no bucket:\n' +
        '   the new backend tasks crash; the release puts the backend back and never starts the frontend.\n' +
        '   The old backend code now runs over the migrated schema: safe, because the migration only added\n' +
        '   a column (docs/workflows.md, "Migrations and rollbacks").'
    )
    const file = `${app.dir}/deploy/backend-task-definition.json`
    const td = JSON.parse(readFileSync(file, 'utf8')) as {
      containerDefinitions: { environment?: { name: string; value: string }[] }[]
    }
    for (const env of td.containerDefinitions[0]?.environment ?? [])
      if (env.name === 'FILE_STORAGE_MODE') env.value = 's3'
    commit(
      app.dir,
      { 'deploy/backend-task-definition.json': `${JSON.stringify(td, null, 2)}\n` },
      'Store files in S3'
    )
    // An expand-only migration: it succeeds, and a rollback of the code does not undo it.
    standIn.tasks.queueTask({
      exitCode: 0,
      lines: [
        'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.',
        'INFO  [alembic.runtime.migration] Will assume transactional DDL.',
        'INFO  [alembic.runtime.migration] Running upgrade 4c5d6e7f8a9b -> 5d6e7f8a9b0c, add proposals.attachment_url'
      ]
    })
    await run(
      'megilance.yml',
      { name: 'push' },
      'crashing push',
      'failure, backend rolled back',
      r =>
        r.conclusion === 'failure' &&
        r.jobs.some(j => j.outputs.outcome === 'rolled-back') &&
        serviceOutcome(deployStep(r, 'release / Release'), service('frontend')) === 'skipped' &&
        (deployStep(r, 'release / Release')?.log.includes('add proposals.attachment_url') ??
          false) &&
        (deployStep(r, 'release / Release')?.log.includes(
          'last log line (backend): RuntimeError: FILE_STORAGE_MODE=s3 needs S3_BUCKET_NAME'
        ) ??
          false)
    )
  } else {
    print()
    print(
      `   ${s.yellow('note:')} acts 1 to 3 need Docker (${docker.problem ?? ''}); run \`sudo bash scripts/setup.sh\`.`
    )
  }

  act(
    4,
    'A manual rollback',
    'Someone runs "Roll back an ECS service" (workflow_dispatch) for the backend, to: previous.'
  )
  await run(
    'rollback.yml',
    { name: 'workflow_dispatch', inputs: { service: 'megilance-backend', to: 'previous' } },
    'manual rollback',
    'success',
    r => r.conclusion === 'success'
  )

  const cliOk = await cliStatus(standIn)

  print()
  print(s.bold(`━━ What happened ${'━'.repeat(62)}`))
  for (const { what, run: r, shown, ok, expected } of recap) {
    print(
      `  ${ok ? s.green('✔') : s.red('✖')} ${what.padEnd(16)} ${r.name.padEnd(26)} ${shown.padEnd(10)} ${s.dim(`expected: ${expected}`)}`
    )
  }
  print(`  ${cliOk ? s.green('✔') : s.red('✖')} ${'CLI'.padEnd(16)} ecs-deploy status`)
  for (const { what, why } of recap)
    if (why !== undefined) print(`  Why the ${what} failed: ${why}`)
  const count = (svc: AwsService) => standIn.calls.filter(c => c.service === svc).length
  print()
  print(
    `  ${standIn.calls.length} AWS API calls, all answered by the local stand-in (ECS ${count('ecs')}, ECR ${count('ecr')}, STS ${count('sts')}, CloudWatch Logs ${count('logs')}).`
  )
  print(
    `  ${service('backend')} now runs ${standIn.ecs.running(CLUSTER, service('backend'))?.split('/')[1]}; ${service('frontend')} runs ${standIn.ecs.running(CLUSTER, service('frontend'))?.split('/')[1]}.`
  )
  print(
    `  ${s.yellow('This was a local stand-in, not AWS.')} To deploy for real, see the README's Quickstart.`
  )
  if (!verbose)
    print(s.dim("  Every step's log, outputs and job summary: npm run demo -- --verbose"))
  const allOk = cliOk && recap.every(r => r.ok)
  if (!allOk) print(s.red('  The demo did not go as scripted: see the runs marked ✖ above.'))
  return allOk ? 0 : 1
}

/** Act 5: one call of the CLI (dist/cli/index.js) against the same stand-in, its output shown. */
async function cliStatus(standIn: StandIn): Promise<boolean> {
  act(
    5,
    'The same engine from a terminal',
    'A laptop or any CI asks the CLI how the backend stands.'
  )
  const args = ['status', '--region', REGION, '--cluster', CLUSTER, '--service', service('backend')]
  print()
  print(s.bold(`  $ ecs-deploy ${args.join(' ')}`))
  const home = cliHome()
  try {
    const env = { ...home.env, ...standIn.endpointEnv, ...STATIC_KEYS }
    const r = await runCli([...args, '--no-color'], { cwd: home.env.HOME ?? '.', env })
    for (const line of `${r.stdout}${r.stderr}`.trimEnd().split('\n')) print(`  │  ${line}`)
    print(`  └─ ${r.exitCode === 0 ? s.green('exit 0') : s.red(`exit ${String(r.exitCode)}`)}`)
    return r.exitCode === 0
  } finally {
    home.remove()
  }
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
