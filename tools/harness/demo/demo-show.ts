import { readFileSync } from 'node:fs'
import { APPS, CLUSTER, service } from '../megilance.js'
import { ACTIONS_REPOSITORY, APP_REPOSITORY, megilanceRun } from '../repositories.js'
import type { AwsService, StandIn } from '../../stand-in/index.js'
import {
  type Event,
  type Reporter,
  type RunResult,
  runWorkflow
} from '../../workflow-runner/index.js'
import { failureCause, jobLines } from './demo-digest.js'
import { demoReporters } from './demo-reporters.js'
import { FRONTEND_ALARM } from './demo-story.js'
import type { DemoWorld } from './demo-world.js'
import { defaultStyle } from './terminal.js'

/*
 * How `npm run demo` shows itself: the banner and the setting, each act's title and story, each
 * workflow run with its jobs (demo-reporters.ts) and whether it did what the act expected, and at
 * the end the table of what happened. The acts themselves are demo-acts.ts.
 */

/** What a run was expected to do, and whether it did. */
export interface Check {
  readonly what: string
  readonly expected: string
  readonly ok: (r: RunResult) => boolean
}

/** One row of the table of what happened. */
export interface RecapRow {
  what: string
  run: RunResult
  shown: string
  ok: boolean
  expected: string
  /** Why it failed, in one line (the cause its summary leads with). */
  why?: string | undefined
}

export class DemoShow {
  readonly s = defaultStyle()
  readonly recap: RecapRow[] = []
  /** A scene that begins when a job of the current run starts (its name starts with the key). */
  readonly scenesAtJob = new Map<string, () => void>()
  private readonly reporters: { digest: Reporter; verbose: Reporter }

  readonly print = (text = ''): void => {
    process.stdout.write(`${text}\n`)
  }

  constructor(
    /** Every step's log, outputs and job summary, as GitHub shows them. */
    readonly verbose: boolean
  ) {
    this.reporters = demoReporters(this.print, this.s, job => this.sceneAt(job))
  }

  banner(): void {
    const line = '═'.repeat(78)
    this.print(this.s.bold(line))
    this.print(this.s.bold('  ecs-deploy-actions demo — the MegiLance workflows, run locally'))
    this.print(line)
    this.print(
      `  The ${this.s.cyan('workflow files')} run in a local workflow runner; their jobs run the real`
    )
    this.print(
      `  ${this.s.cyan('dist/')} bundles against a ${this.s.yellow('LOCAL STAND-IN for AWS')}`
    )
    this.print(`  (ECS, ECR, STS and CloudWatch Logs on 127.0.0.1)`)
    this.print(
      `  — ${this.s.bold('not AWS')}. No AWS account is used and nothing leaves this machine.`
    )
    this.print(this.s.bold(line))
  }

  act(n: number, title: string, story: string): void {
    this.print()
    this.print(
      this.s.bold(this.s.blue(`━━ ${n}. ${title} ${'━'.repeat(Math.max(3, 72 - title.length))}`))
    )
    this.print(`   ${story}`)
  }

  setting(world: DemoWorld, before: Record<'backend' | 'frontend', string>): void {
    const { standIn, registry, actions, docker } = world
    const running = APPS.map(a => `${service(a)} running ${before[a].split('/')[1]}`)
    this.print()
    this.print(
      `  AWS stand-in:  ${standIn.endpoint}  (AWS_ENDPOINT_URL_ECS / _ECR / _STS / _CLOUDWATCH_LOGS point here)`
    )
    this.print(
      `  Repositories:  ${APP_REPOSITORY} (the caller) and ${ACTIONS_REPOSITORY}@v1 = ${actions.sha.slice(0, 7)} (this suite)`
    )
    this.print(
      `  Docker:        ${registry ? `registry ${registry.url} (htpasswd)` : this.s.yellow(`not used — ${docker.problem ?? ''}`)}`
    )
    this.print(`  Seeded:        cluster ${CLUSTER}: ${running.join(', ')}`)
    this.print(
      `                 ${service('backend')}: rolling updates; ${service('frontend')}: ECS's CANARY strategy, alarm ${FRONTEND_ALARM}`
    )
  }

  /** Runs one of MegiLance's workflows, prints its jobs and its conclusion, and records it. */
  async run(world: DemoWorld, workflow: string, event: Event, check: Check): Promise<RunResult> {
    const { app, actions, oidc, standIn, docker } = world
    const text = readFileSync(`${app.dir}/.github/workflows/${workflow}`, 'utf8')
    const name = /^name: (.*)$/m.exec(text)?.[1] ?? workflow
    this.print()
    this.print(
      this.s.bold(`  Workflow: ${name}  (.github/workflows/${workflow}, on ${event.name})`)
    )
    const setup = {
      app,
      actions,
      oidc,
      endpointEnv: standIn.endpointEnv,
      pathPrefix: docker.pathPrefix
    }
    const options = { reporter: this.verbose ? this.reporters.verbose : this.reporters.digest }
    const result = await runWorkflow(megilanceRun(setup, workflow, event, options))
    if (result.error) this.print(this.s.red(`  ${result.error}`))
    if (this.verbose) {
      this.print()
      this.print(this.s.bold('  In short:'))
      for (const job of result.jobs) for (const line of jobLines(job, this.s)) this.print(line)
    }
    const mark = result.conclusion === 'success' ? this.s.green('✔') : this.s.red('✖')
    this.print(`  ${mark} ${this.s.bold(result.name)}: ${result.conclusion}`)
    const { what, expected, ok } = check
    this.recap.push({
      what,
      run: result,
      shown: result.conclusion,
      ok: ok(result),
      expected,
      why: failureCause(result)
    })
    return result
  }

  /** The table of what happened, why a run failed, and where the services stand. */
  whatHappened(standIn: StandIn, cliOk: boolean): boolean {
    this.print()
    this.print(this.s.bold(`━━ What happened ${'━'.repeat(62)}`))
    for (const { what, run: r, shown, ok, expected } of this.recap) {
      this.print(
        `  ${ok ? this.s.green('✔') : this.s.red('✖')} ${what.padEnd(16)} ${r.name.padEnd(26)} ${shown.padEnd(10)} ${this.s.dim(`expected: ${expected}`)}`
      )
    }
    this.print(
      `  ${cliOk ? this.s.green('✔') : this.s.red('✖')} ${'CLI'.padEnd(16)} ecs-deploy status`
    )
    for (const { what, why } of this.recap)
      if (why !== undefined) this.print(`  Why the ${what} failed: ${why}`)
    const count = (svc: AwsService) => standIn.calls.filter(c => c.service === svc).length
    const runs = (app: 'backend' | 'frontend') =>
      standIn.ecs.running(CLUSTER, service(app))?.split('/')[1]
    this.print()
    this.print(
      `  ${standIn.calls.length} AWS API calls, all answered by the local stand-in (ECS ${count('ecs')}, ECR ${count('ecr')}, STS ${count('sts')}, CloudWatch Logs ${count('logs')}).`
    )
    this.print(
      `  ${service('backend')} now runs ${runs('backend')}; ${service('frontend')} runs ${runs('frontend')}.`
    )
    this.print(
      `  ${this.s.yellow('This was a local stand-in, not AWS.')} To deploy for real, see the README's Quickstart.`
    )
    if (!this.verbose)
      this.print(
        this.s.dim("  Every step's log, outputs and job summary: npm run demo -- --verbose")
      )
    const allOk = cliOk && this.recap.every(r => r.ok)
    if (!allOk)
      this.print(this.s.red('  The demo did not go as scripted: see the runs marked ✖ above.'))
    return allOk
  }

  /** The scene that begins when this job starts, if one does. */
  private sceneAt(job: string): void {
    for (const [prefix, scene] of this.scenesAtJob) {
      if (!job.startsWith(prefix)) continue
      this.scenesAtJob.delete(prefix)
      scene()
    }
  }
}
