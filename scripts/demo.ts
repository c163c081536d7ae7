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
 * tools/harness/demo/demo-story.ts; the acts: tools/harness/demo/demo-acts.ts; how they show:
 * tools/harness/demo/demo-show.ts.
 */
import {
  cliStatus,
  failingPush,
  manualRollback,
  pushToMain
} from '../tools/harness/demo/demo-acts.js'
import { DemoShow } from '../tools/harness/demo/demo-show.js'
import { seedDemo } from '../tools/harness/demo/demo-story.js'
import { type Cleanups, startDemoWorld } from '../tools/harness/demo/demo-world.js'

const show = new DemoShow(process.argv.includes('--verbose'))
const { print, s } = show

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

async function main(): Promise<number> {
  show.banner()
  const world = await startDemoWorld(cleanups, process.argv.includes('--no-docker'))
  show.setting(world, seedDemo(world.standIn))
  if (world.registry) {
    await pushToMain(show, world)
    await failingPush(show, world)
  } else {
    print()
    print(
      `   ${s.yellow('note:')} acts 1 to 3 need Docker (${world.docker.problem ?? ''}); run \`sudo bash scripts/setup.sh\`.`
    )
  }
  await manualRollback(show, world)
  const cliOk = await cliStatus(show, world.standIn)
  return show.whatHappened(world.standIn, cliOk) ? 0 : 1
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
