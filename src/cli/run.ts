import type { Deps } from '../engine/deps.js'
import { runEngine } from '../engine/modes/index.js'
import { release } from '../engine/modes/release.js'
import type { Settings } from '../engine/settings/settings.js'
import { engineDeps } from '../front/engine-deps.js'
import { ciRun } from '../front/ci-run.js'
import { commitOrderOf } from '../front/commit-order.js'
import { outputsOf, releaseOutputsOf } from '../engine/outputs.js'
import { compareCommits } from '../github/compare.js'
import { restCompareClient } from '../github/rest-compare.js'
import type { Log } from '../shared/log.js'
import type { CommandName } from './args/commands.js'
import { connectCli } from './connect.js'
import { ending, releaseEnding, type Ending } from './ending.js'
import { noteDeployments, type DeploymentServices } from './labels.js'
import { exitCodeOf } from './exit-codes.js'
import type { Outcome } from '../engine/phases/report/report.js'
import type { CliRuntime } from './runtime.js'

/*
 * deploy, rollback, continue and diff: the engine's run (or a release), as the action runs it,
 * through the front ends' shared engineDeps; then what it ended in, for a person and a machine.
 */

export interface EngineRun {
  readonly outcome: Outcome
  readonly outputs: [string, string][]
  readonly ending: Ending
}

export async function runEngineCommand(
  rt: CliRuntime,
  command: CommandName,
  settings: Settings,
  o: {
    readonly log: Log
    readonly profile: string
    readonly colour: boolean
    /** Filled with each deployment's service as UpdateService answers (the live lines' labels). */
    readonly seen: DeploymentServices
  }
): Promise<EngineRun & { readonly code: number }> {
  const aws = await connectCli(settings.credentials, o.profile, {
    aws: rt.aws,
    env: rt.env,
    sleep: rt.sleep,
    log: m => o.log.info(m),
    fetch: rt.fetch
  })
  const deps = engineDeps(
    {
      log: o.log,
      now: rt.now,
      sleep: rt.sleep,
      httpGet: rt.httpGet,
      tempDir: undefined,
      files: rt.files,
      saveState: () => undefined,
      run: runOf(rt, command),
      commitOrder: commitOrder(rt, settings)
    },
    settings,
    aws
  )
  const io = { ...deps, ecs: noteDeployments(deps.ecs, o.seen) }
  const run = await engineRun({ s: settings, io }, command, o.colour)
  return { ...run, code: exitCodeOf(run.outcome) }
}

async function engineRun(
  x: { readonly s: Settings; readonly io: Deps },
  command: CommandName,
  colour: boolean
): Promise<EngineRun> {
  if (x.s.release !== '') {
    const report = await release(x)
    return {
      outcome: report.outcome,
      outputs: releaseOutputsOf(report),
      ending: releaseEnding(report, colour)
    }
  }
  const report = await runEngine(x)
  const showChanges = command === 'diff' || report.outcome === 'dry-run'
  return {
    outcome: report.outcome,
    outputs: outputsOf(report),
    ending: ending(report, colour, showChanges)
  }
}

/** The commit and log URL of the CI job; on a laptop, the commit checked out (deploy only). */
function runOf(rt: CliRuntime, command: CommandName): Deps['run'] {
  const ci = ciRun(rt.env)
  if (ci.sha !== '' || command !== 'deploy') return { sha: ci.sha, runUrl: ci.runUrl }
  return { sha: rt.localCommit(), runUrl: '' }
}

/** GitHub's compare API, with a token and GITHUB_REPOSITORY; else what is missing. */
function commitOrder(rt: CliRuntime, settings: Settings): Deps['commitOrder'] {
  const token = settings.githubToken
  return commitOrderOf(rt.env.GITHUB_REPOSITORY, token, GUARD_WORDS, (owner, repo) => {
    const api = rt.env.GITHUB_API_URL || 'https://api.github.com'
    const client = restCompareClient(token, api, rt.fetch)
    return (base, head) => compareCommits(client, { owner, repo }, base, head)
  })
}

const GUARD_WORDS = {
  noToken: 'no GitHub token (GITHUB_TOKEN or --github-token)',
  turnOn:
    "Set GITHUB_REPOSITORY=OWNER/REPO and GITHUB_TOKEN (or pass --github-token), a token that may read the repository's contents."
}
