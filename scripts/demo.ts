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
 *   3. the next push migrates (adds a column, successfully) and the backend succeeds; then the
 *      frontend's new tasks crash (a variable its server needs is not set), its 5xx alarm goes off
 *      during the canary and ECS rolls it back itself; the release puts the backend back to the
 *      revision before, over the migrated schema, and ends rolled-back, with the frontend's
 *      container and its last log line as the cause;
 *   4. workflow_dispatch: "Roll back an ECS service" with `to: previous`;
 *   5. the same engine from a terminal: one CLI call, `ecs-deploy status` (dist/cli, read-only).
 *
 * By default it prints each act's story and one line a job (what its action did; a release's
 * services, each with its migration, the canary's stages, a failure's cause and what was put
 * back; the revision a rollback chose, and by which rule), the CLI's headline, then the table of
 * what happened: under 150 lines. `--verbose` prints what GitHub would show: each step's log
 * groups and annotations, outputs and job summaries, and the CLI's whole answer. No AWS account
 * is used and nothing leaves this machine. Without Docker only acts 4 and 5 run (the build jobs
 * need an engine). The world it runs in: tools/harness/demo/demo-world.ts; what AWS does in it:
 * tools/harness/demo/demo-story.ts.
 */
import { readFileSync } from 'node:fs'
import { cliHome, runCli } from '../tools/harness/cli.js'
import { APPS, CLUSTER, service, tdArn } from '../tools/harness/megilance.js'
import {
  ACTIONS_REPOSITORY,
  APP_REPOSITORY,
  commit,
  megilanceRun
} from '../tools/harness/repositories.js'
import { failureCause, jobLines } from '../tools/harness/demo/demo-digest.js'
import { demoReporters } from '../tools/harness/demo/demo-reporters.js'
import {
  CANARY_TIMELINE,
  FRONTEND_ALARM,
  MISSING_VARIABLE,
  migration,
  seedDemo
} from '../tools/harness/demo/demo-story.js'
import { type Cleanups, type DemoWorld, startDemoWorld } from '../tools/harness/demo/demo-world.js'
import { defaultStyle } from '../tools/harness/demo/terminal.js'
import { type AwsService, REGION, STATIC_KEYS, type StandIn } from '../tools/stand-in/index.js'
import { type Event, type RunResult, runWorkflow } from '../tools/workflow-runner/index.js'

const s = defaultStyle()
const print = (text = '') => process.stdout.write(`${text}\n`)
/** Every step's log, outputs and job summary, as GitHub shows them. */
const verbose = process.argv.includes('--verbose')

const cleanups: Cleanups = []
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

/** What a run was expected to do, and whether it did. */
interface Check {
  readonly what: string
  readonly expected: string
  readonly ok: (r: RunResult) => boolean
}
const recap: {
  what: string
  run: RunResult
  shown: string
  ok: boolean
  expected: string
  /** Why it failed, in one line (the cause its summary leads with). */
  why?: string | undefined
}[] = []

/** The action-ecs-deploy step (id deploy) of a run's job whose name starts with `job`. */
const deployStep = (r: RunResult, job: string) =>
  r.jobs.find(j => j.name.startsWith(job))?.steps.find(st => st.id === 'deploy')
const releaseStep = (r: RunResult) => deployStep(r, 'release / Release')

/** One service's outcome in a release step's `services` output. */
const serviceOutcome = (r: RunResult, app: 'backend' | 'frontend'): string | undefined =>
  (
    JSON.parse(releaseStep(r)?.outputs.services ?? '[]') as { service: string; outcome: string }[]
  ).find(x => x.service === service(app))?.outcome

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

function setting(world: DemoWorld, before: Record<'backend' | 'frontend', string>): void {
  const { standIn, registry, actions, docker } = world
  const running = APPS.map(a => `${service(a)} running ${before[a].split('/')[1]}`)
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
  print(`  Seeded:        cluster ${CLUSTER}: ${running.join(', ')}`)
  print(
    `                 ${service('backend')}: rolling updates; ${service('frontend')}: ECS's CANARY strategy, alarm ${FRONTEND_ALARM}`
  )
}

/** Runs one of MegiLance's workflows, prints its jobs and its conclusion, and records it. */
async function run(
  world: DemoWorld,
  workflow: string,
  event: Event,
  check: Check
): Promise<RunResult> {
  const { app, actions, oidc, standIn, docker } = world
  const text = readFileSync(`${app.dir}/.github/workflows/${workflow}`, 'utf8')
  const name = /^name: (.*)$/m.exec(text)?.[1] ?? workflow
  print()
  print(s.bold(`  Workflow: ${name}  (.github/workflows/${workflow}, on ${event.name})`))
  const setup = {
    app,
    actions,
    oidc,
    endpointEnv: standIn.endpointEnv,
    pathPrefix: docker.pathPrefix
  }
  const options = { reporter: verbose ? reporter : digest }
  const result = await runWorkflow(megilanceRun(setup, workflow, event, options))
  if (result.error) print(s.red(`  ${result.error}`))
  if (verbose) {
    print()
    print(s.bold('  In short:'))
    for (const job of result.jobs) for (const line of jobLines(job, s)) print(line)
  }
  const mark = result.conclusion === 'success' ? s.green('✔') : s.red('✖')
  print(`  ${mark} ${s.bold(result.name)}: ${result.conclusion}`)
  const { what, expected, ok } = check
  recap.push({
    what,
    run: result,
    shown: result.conclusion,
    ok: ok(result),
    expected,
    why: failureCause(result)
  })
  return result
}

/** Acts 1 and 2: a push releases the backend (its migration first), then the frontend by canary. */
async function pushToMain(world: DemoWorld): Promise<void> {
  act(
    1,
    'Push to main',
    `MegiLance's "Deploy MegiLance" workflow: build both images, then release the backend and the frontend.`
  )
  print(
    `   Before the backend's rollout its migration runs once as a task (run-task-command: alembic upgrade head).`
  )
  world.standIn.tasks.queueTask(migration('3f2a1b9c0d4e', '4c5d6e7f8a9b', 'add proposals.deadline'))
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
    world,
    'megilance.yml',
    { name: 'push' },
    {
      what: 'push to main',
      expected: 'success',
      ok: r =>
        r.conclusion === 'success' && (releaseStep(r)?.log.includes('Running upgrade') ?? false)
    }
  )
  scenesAtJob.clear()
  const log = releaseStep(push)?.log ?? ''
  recap.push({
    what: 'canary frontend',
    run: push,
    shown: serviceOutcome(push, 'frontend') ?? 'not run',
    ok:
      serviceOutcome(push, 'frontend') === 'succeeded' &&
      /PRODUCTION_TRAFFIC_SHIFT .*production traffic 10%/.test(log) &&
      /BAKE_TIME /.test(log),
    expected: 'succeeded after the bake'
  })
}

/**
 * Act 3: the next push migrates and the backend succeeds; the frontend's canary fails and ECS
 * rolls it back; the release puts the backend back over the migrated schema.
 */
async function failingPush(world: DemoWorld): Promise<void> {
  act(
    3,
    'A failing frontend, explained and rolled back',
    'The next push adds proposals.attachment_url (its migration succeeds) and a frontend whose server\n' +
      `   needs ${MISSING_VARIABLE}, which its task definition does not set. The backend rolls out and\n` +
      "   succeeds; the frontend's new tasks crash, its 5xx alarm goes off during the 10 % canary and\n" +
      '   ECS rolls the frontend back itself. The release then puts the backend back to the revision\n' +
      '   before: its old code now runs over the migrated schema, safe because the migration only\n' +
      '   added a column (expand, then contract: docs/workflows.md, "Migrations and rollbacks").'
  )
  commit(
    world.app.dir,
    {
      'backend/alembic/versions/5d6e7f8a9b0c_add_proposals_attachment_url.py':
        '"""add proposals.attachment_url"""\nimport sqlalchemy as sa\nfrom alembic import op\n\n' +
        "revision = '5d6e7f8a9b0c'\ndown_revision = '4c5d6e7f8a9b'\n\n\ndef upgrade():\n" +
        "    op.add_column('proposals', sa.Column('attachment_url', sa.String(), nullable=True))\n",
      'frontend/scripts/check-env.mjs':
        `for (const name of ['${MISSING_VARIABLE}']) {\n` +
        '  if (!process.env[name]) {\n    console.error(`Error: ${name} is not set`)\n    process.exit(1)\n  }\n}\n'
    },
    'Attachments on proposals'
  )
  // An expand-only migration: it succeeds, and putting the backend back does not undo it.
  world.standIn.tasks.queueTask(
    migration('4c5d6e7f8a9b', '5d6e7f8a9b0c', 'add proposals.attachment_url')
  )
  const { standIn } = world
  await run(
    world,
    'megilance.yml',
    { name: 'push' },
    {
      what: 'crashing push',
      expected: 'failure, both put back',
      ok: r => {
        const log = releaseStep(r)?.log ?? ''
        return (
          r.conclusion === 'failure' &&
          releaseStep(r)?.outputs.outcome === 'rolled-back' &&
          serviceOutcome(r, 'frontend') === 'rolled-back' &&
          log.includes('add proposals.attachment_url') &&
          log.includes(`last log line (frontend): Error: ${MISSING_VARIABLE} is not set`) &&
          standIn.ecs.running(CLUSTER, service('backend')) === tdArn('backend', 2) &&
          standIn.ecs.running(CLUSTER, service('frontend')) === tdArn('frontend', 2)
        )
      }
    }
  )
}

/** Act 4: someone rolls the backend back by hand, to the revision before. */
async function manualRollback(world: DemoWorld): Promise<void> {
  act(
    4,
    'A manual rollback',
    'Someone runs "Roll back an ECS service" (workflow_dispatch) for the backend, to: previous.'
  )
  await run(
    world,
    'rollback.yml',
    { name: 'workflow_dispatch', inputs: { service: 'megilance-backend', to: 'previous' } },
    { what: 'manual rollback', expected: 'success', ok: r => r.conclusion === 'success' }
  )
}

/**
 * Act 5: one call of the CLI (dist/cli/index.js) against the same stand-in. By default its
 * headline (the service, its status, the revision it runs) and the recent revisions' outcomes;
 * with --verbose all of it.
 */
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
    const all = `${r.stdout}${r.stderr}`.trimEnd().split('\n')
    const shown = verbose ? all : headline(r.stdout.trimEnd().split('\n'))
    for (const line of shown) print(`  │  ${line}`)
    if (shown.length < all.length)
      print(
        `  │  ${s.dim(`… ${all.length - shown.length} more lines (deployments, service deployments): npm run demo -- --verbose`)}`
      )
    print(`  └─ ${r.exitCode === 0 ? s.green('exit 0') : s.red(`exit ${String(r.exitCode)}`)}`)
    return r.exitCode === 0
  } finally {
    home.remove()
  }
}

/** The status's headline, its status and running lines, and the recent revisions' outcomes. */
function headline(lines: readonly string[]): string[] {
  const revisions = lines.findIndex(l => l.startsWith('Recent revisions'))
  return [
    ...lines.filter(l => / in \S+ \([a-z0-9-]+\)$/.test(l) || /^ {2}(status|running) /.test(l)),
    ...(revisions < 0 ? [] : lines.slice(revisions))
  ]
}

/** The table of what happened, why a run failed, and where the services stand. */
function whatHappened(standIn: StandIn, cliOk: boolean): boolean {
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
  const runs = (app: 'backend' | 'frontend') =>
    standIn.ecs.running(CLUSTER, service(app))?.split('/')[1]
  print()
  print(
    `  ${standIn.calls.length} AWS API calls, all answered by the local stand-in (ECS ${count('ecs')}, ECR ${count('ecr')}, STS ${count('sts')}, CloudWatch Logs ${count('logs')}).`
  )
  print(
    `  ${service('backend')} now runs ${runs('backend')}; ${service('frontend')} runs ${runs('frontend')}.`
  )
  print(
    `  ${s.yellow('This was a local stand-in, not AWS.')} To deploy for real, see the README's Quickstart.`
  )
  if (!verbose)
    print(s.dim("  Every step's log, outputs and job summary: npm run demo -- --verbose"))
  const allOk = cliOk && recap.every(r => r.ok)
  if (!allOk) print(s.red('  The demo did not go as scripted: see the runs marked ✖ above.'))
  return allOk
}

async function main(): Promise<number> {
  banner()
  const world = await startDemoWorld(cleanups, process.argv.includes('--no-docker'))
  setting(world, seedDemo(world.standIn))
  if (world.registry) {
    await pushToMain(world)
    await failingPush(world)
  } else {
    print()
    print(
      `   ${s.yellow('note:')} acts 1 to 3 need Docker (${world.docker.problem ?? ''}); run \`sudo bash scripts/setup.sh\`.`
    )
  }
  await manualRollback(world)
  const cliOk = await cliStatus(world.standIn)
  return whatHappened(world.standIn, cliOk) ? 0 : 1
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
