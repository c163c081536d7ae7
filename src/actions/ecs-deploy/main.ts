import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectAws, type AwsConnection } from '../../aws/connection.js'
import type { Deps } from '../../engine/deps.js'
import { runEngine } from '../../engine/modes/index.js'
import { PostState } from '../../engine/post-state.js'
import { failureMessage, type Report } from '../../engine/phases/report/report.js'
import { renderSummary } from '../../engine/phases/report/summary.js'
import { scheduledTasksOutput } from '../../engine/phases/scheduled-tasks/summary.js'
import { deregisteredOutput } from '../../engine/phases/keep-revisions/summary.js'
import { OUTPUTS, readSettings, type Settings } from '../../engine/settings/settings.js'
import { compareCommits } from '../../github/compare.js'
import type { GitHubDeployment } from '../../github/deployments.js'
import { InputError } from '../../shared/parse.js'
import { awsDeps, runUrl } from '../runtime.js'
import { githubDescription, githubStateOf, startGitHubDeployment } from './github-deployment.js'
import { runRelease } from './release.js'
import { createRuntime, type Runtime } from './runtime.js'
import { saveCredentials, saveGitHubDeployment } from './step-state.js'

/** Entry of action-ecs-deploy: the runner's inputs → the engine → outputs, summary and result. */
export async function run(rt: Runtime = createRuntime()): Promise<void> {
  const { runner } = rt
  try {
    const settings = readSettings(name => runner.input(name))
    saveCredentials(runner.state, settings.credentials)
    const aws = await connectAws(awsDeps(rt), settings.credentials)
    if (settings.release !== '') await runRelease(rt, settings, engineDeps(rt, settings, aws))
    else await runOne(rt, settings, engineDeps(rt, settings, aws))
  } catch (error) {
    if (error instanceof InputError) {
      for (const problem of error.problems) runner.log.error(problem, 'Invalid task definition')
    }
    const message = runner.fail(error, 'ECS deploy stopped')
    await runner.summary(`## ❌ ECS deploy stopped\n\n\`\`\`\n${message}\n\`\`\`\n`)
  }
}

/** One service: the engine's run, its GitHub Deployment, then the report. */
async function runOne(rt: Runtime, settings: Settings, io: Deps): Promise<void> {
  const deployment = await startGitHubDeployment(settings, rt)
  if (deployment) saveGitHubDeployment(rt.runner.state, deployment.id, settings)
  let report: Report
  try {
    report = await runEngine({ s: settings, io })
  } catch (error) {
    await deployment?.setState('failure', error instanceof Error ? error.message : String(error))
    throw error
  }
  await finishReport(report, deployment, rt)
}

/** What the engine gets of the runner and AWS. */
function engineDeps(rt: Runtime, settings: Settings, aws: AwsConnection): Deps {
  return {
    // A release's services poll together: their reads go to ECS as one call.
    ecs: settings.release !== '' ? aws.batchingEcs : aws.ecs,
    logs: aws.logs,
    ecr: aws.ecr,
    get codedeploy() {
      return aws.codedeploy
    },
    events: aws.events,
    scheduler: aws.scheduler,
    log: rt.runner.log,
    now: rt.now,
    sleep: rt.sleep,
    httpGet: rt.httpGet,
    tempDir: rt.env.RUNNER_TEMP || mkdtempSync(join(tmpdir(), 'ecs-deploy-')),
    post: new PostState((name, value) => rt.runner.state.save(name, value)),
    run: { sha: rt.env.GITHUB_SHA ?? '', runUrl: runUrl(rt.env) },
    region: settings.credentials.region,
    commitOrder: commitOrder(rt, settings)
  }
}

/** How one commit stands against another, through GitHub's compare API; undefined without a token. */
function commitOrder(rt: Runtime, settings: Settings): Deps['commitOrder'] {
  const [owner, repo] = (rt.env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo || settings.githubToken === '') return undefined
  const client = rt.github(settings.githubToken)
  return (base, head) => compareCommits(client, { owner, repo }, base, head)
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

/** Every output, always set (empty where the run has no value for it). */
export function outputsOf(report: Report): [string, string][] {
  return [
    [OUTPUTS.taskDefinitionArn, report.taskDefinitionArn ?? ''],
    [OUTPUTS.previousTaskDefinitionArn, report.previousTaskDefinitionArn ?? ''],
    [OUTPUTS.deploymentId, report.deploymentId ?? ''],
    [OUTPUTS.outcome, report.outcome],
    [OUTPUTS.renderedTaskDefinition, report.renderedPath ?? ''],
    [OUTPUTS.runTaskArn, report.runTask?.taskArn ?? ''],
    [OUTPUTS.runTaskExitCode, String(report.runTask?.exitCode ?? '')],
    [OUTPUTS.services, ''],
    [
      OUTPUTS.codeDeployDeploymentId,
      report.controller === 'codedeploy' ? (report.deploymentId ?? '') : ''
    ],
    [
      OUTPUTS.scheduledTasks,
      scheduledTasksOutput(report.scheduledTasks, report.outcome === 'dry-run')
    ],
    [OUTPUTS.deregisteredTaskDefinitions, deregisteredOutput(report.keptRevisions)],
    [OUTPUTS.endpoint, report.ingress?.endpoint ?? ''],
    [OUTPUTS.serviceArn, report.ingress?.serviceArn ?? '']
  ]
}
