import { connectAws, type AwsConnection } from '../../aws/connection.js'
import type { Deps } from '../../engine/deps.js'
import { runEngine } from '../../engine/modes/index.js'
import { failureMessage, type Report } from '../../engine/phases/report/report.js'
import { renderSummary } from '../../engine/phases/report/summary.js'
import type { Settings } from '../../engine/settings/settings.js'
import { commitOrderOf } from '../../front/commit-order.js'
import { engineDeps as frontDeps } from '../../front/engine-deps.js'
import { outputsOf } from '../../engine/outputs.js'
import { compareCommits } from '../../github/compare.js'
import type { GitHubDeployment } from '../../github/deployments.js'
import { awsDeps, runUrl } from '../runtime.js'
import { githubDescription, githubStateOf, startGitHubDeployment } from './github-deployment.js'
import { runRelease } from './release.js'
import { createRuntime, type Runtime } from './runtime.js'
import { readInputs } from './start.js'
import { saveCredentials, saveGitHubDeployment } from './step-state.js'
import { stopped } from './stopped.js'

/**
 * Entry of action-ecs-deploy: the runner's inputs (or the settings start.ts read from them) →
 * credentials → the engine → outputs, GitHub Deployment, summary and result. Every failure fails
 * the step through the runner, with a summary.
 */
export async function run(rt: Runtime = createRuntime(), read?: Settings): Promise<void> {
  const { runner } = rt
  try {
    const settings = read ?? (await readInputs(rt))
    saveCredentials(runner.state, settings.credentials)
    const aws = await runner.log.group('AWS credentials', () =>
      connectAws(awsDeps(rt), settings.credentials)
    )
    if (settings.release !== '') await runRelease(rt, settings, engineDeps(rt, settings, aws))
    else await runOne(rt, settings, engineDeps(rt, settings, aws))
  } catch (error) {
    await stopped(runner, error)
  }
}

/** One service: the engine's run, its GitHub Deployment, then the report. */
async function runOne(rt: Runtime, settings: Settings, io: Deps): Promise<void> {
  const deployment = await startGitHubDeployment(settings, rt)
  if (deployment) saveGitHubDeployment(rt.runner.state, deployment.id, settings, rt.env)
  let report: Report
  try {
    report = await runEngine({ s: settings, io })
  } catch (error) {
    await deployment?.setState('failure', error instanceof Error ? error.message : String(error))
    throw error
  }
  await finishReport(report, deployment, rt)
}

/** What the engine gets of the runner, HTTP, the files and AWS. */
function engineDeps(rt: Runtime, settings: Settings, aws: AwsConnection): Deps {
  const front = {
    log: rt.runner.log,
    now: rt.now,
    sleep: rt.sleep,
    httpGet: rt.httpGet,
    tempDir: rt.env.RUNNER_TEMP,
    files: rt.files,
    saveState: (name: string, value: string) => rt.runner.state.save(name, value),
    run: {
      sha: rt.env.GITHUB_SHA ?? '',
      runUrl: runUrl(rt.env),
      id: rt.env.GITHUB_RUN_ID ?? '',
      attempt: rt.env.GITHUB_RUN_ATTEMPT ?? ''
    },
    commitOrder: commitOrder(rt, settings)
  }
  return frontDeps(front, settings, aws)
}

/** How one commit stands against another, through GitHub's compare API; else what is missing. */
function commitOrder(rt: Runtime, settings: Settings): Deps['commitOrder'] {
  const token = settings.githubToken
  return commitOrderOf(rt.env.GITHUB_REPOSITORY, token, GUARD_WORDS, (owner, repo) => {
    const client = rt.github(token)
    return (base, head) => compareCommits(client, { owner, repo }, base, head)
  })
}

const GUARD_WORDS = {
  noToken: 'github-token is empty',
  turnOn:
    "Give the step github-token (its default, ${{ github.token }}, needs the job's permission contents: read) and run it where GITHUB_REPOSITORY names the repository."
}

/**
 * Everything a report ends in, in an order that lets nothing be skipped: the outputs first, the
 * GitHub Deployment status (never success without a success seen), the summary, the result.
 */
async function finishReport(
  report: Report,
  deployment: GitHubDeployment | undefined,
  { runner }: Runtime
): Promise<void> {
  for (const [name, value] of outputsOf(report)) runner.setOutput(name, value)
  const state = githubStateOf(report.outcome)
  if (state !== undefined) await deployment?.setState(state, githubDescription(report))
  await runner.summary(renderSummary(report))
  const failure = failureMessage(report)
  if (failure !== undefined) runner.fail(failure, `ECS deploy ${report.outcome}`)
}
