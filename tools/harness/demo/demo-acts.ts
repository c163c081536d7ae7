import { cliHome, runCli } from '../cli.js'
import { CLUSTER, service, tdArn } from '../megilance.js'
import { commit } from '../repositories.js'
import { REGION, STATIC_KEYS, type StandIn } from '../../stand-in/index.js'
import type { RunResult } from '../../workflow-runner/index.js'
import type { DemoShow } from './demo-show.js'
import { CANARY_TIMELINE, MISSING_VARIABLE, migration } from './demo-story.js'
import type { DemoWorld } from './demo-world.js'

/*
 * The acts of `npm run demo` (scripts/demo.ts tells the story): what each one seeds, which of
 * MegiLance's workflows it runs, and what it expects of the run.
 */

/** The action-ecs-deploy step (id deploy) of a run's job whose name starts with `job`. */
const deployStep = (r: RunResult, job: string) =>
  r.jobs.find(j => j.name.startsWith(job))?.steps.find(st => st.id === 'deploy')
const releaseStep = (r: RunResult) => deployStep(r, 'release / Release')

/** One service's outcome in a release step's `services` output. */
const serviceOutcome = (r: RunResult, app: 'backend' | 'frontend'): string | undefined =>
  (
    JSON.parse(releaseStep(r)?.outputs.services ?? '[]') as { service: string; outcome: string }[]
  ).find(x => x.service === service(app))?.outcome

/** Acts 1 and 2: a push releases the backend (its migration first), then the frontend by canary. */
export async function pushToMain(show: DemoShow, world: DemoWorld): Promise<void> {
  show.act(
    1,
    'Push to main',
    `MegiLance's "Deploy MegiLance" workflow: build both images, then release the backend and the frontend.`
  )
  show.print(
    `   Before the backend's rollout its migration runs once as a task (run-task-command: alembic upgrade head).`
  )
  world.standIn.tasks.queueTask(migration('3f2a1b9c0d4e', '4c5d6e7f8a9b', 'add proposals.deadline'))
  show.scenesAtJob.set('release / Release', () =>
    show.act(
      2,
      'The release: the backend, then the frontend by canary',
      `deploy/release.yml rolls the backend out first; once it succeeded, ${service('frontend')}, which\n` +
        `   is on ECS's CANARY strategy: 10 % of production traffic for a minute, then 100 %, then a\n` +
        `   one-minute bake (the stand-in plays a minute as ${CANARY_TIMELINE.minuteMs / 1000} s). ECS shifts the traffic;\n` +
        `   the step follows its stages to SUCCESSFUL after the bake.`
    )
  )
  const push = await show.run(
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
  show.scenesAtJob.clear()
  const log = releaseStep(push)?.log ?? ''
  show.recap.push({
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
export async function failingPush(show: DemoShow, world: DemoWorld): Promise<void> {
  show.act(
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
  await show.run(
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
export async function manualRollback(show: DemoShow, world: DemoWorld): Promise<void> {
  show.act(
    4,
    'A manual rollback',
    'Someone runs "Roll back an ECS service" (workflow_dispatch) for the backend, to: previous.'
  )
  await show.run(
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
export async function cliStatus(show: DemoShow, standIn: StandIn): Promise<boolean> {
  show.act(
    5,
    'The same engine from a terminal',
    'A laptop or any CI asks the CLI how the backend stands.'
  )
  const args = ['status', '--region', REGION, '--cluster', CLUSTER, '--service', service('backend')]
  show.print()
  show.print(show.s.bold(`  $ ecs-deploy ${args.join(' ')}`))
  const home = cliHome()
  try {
    const env = { ...home.env, ...standIn.endpointEnv, ...STATIC_KEYS }
    const r = await runCli([...args, '--no-color'], { cwd: home.env.HOME ?? '.', env })
    const all = `${r.stdout}${r.stderr}`.trimEnd().split('\n')
    const shown = show.verbose ? all : headline(r.stdout.trimEnd().split('\n'))
    for (const line of shown) show.print(`  │  ${line}`)
    if (shown.length < all.length)
      show.print(
        `  │  ${show.s.dim(`… ${all.length - shown.length} more lines (deployments, service deployments): npm run demo -- --verbose`)}`
      )
    show.print(
      `  └─ ${r.exitCode === 0 ? show.s.green('exit 0') : show.s.red(`exit ${String(r.exitCode)}`)}`
    )
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
