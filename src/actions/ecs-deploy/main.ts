import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { connectAws } from '../../aws/connection.js'
import { failStep } from '../../runner/fail-step.js'
import { InputError } from '../../shared/parse.js'
import type { Log } from '../../shared/log.js'
import { writeSummary } from '../../runner/summary.js'
import { GitHubDeployment } from '../../github/deployments.js'
import { runDeployment, type DeployReport } from '../../engine/modes/deploy.js'
import { PostState } from '../../engine/post-state.js'
import {
  failureMessage,
  githubDescription,
  githubStateOf
} from '../../engine/phases/report/report.js'
import { OUTPUTS, readSettings, type DeploySettings } from '../../engine/settings/settings.js'
import { createRuntime, runUrl, type Runtime } from './runtime.js'
import { renderSummary } from '../../engine/phases/report/summary.js'

/** Entry of action-ecs-deploy: inputs → deployment → outputs, summary and the step's result. */
export async function run(rt: Runtime = createRuntime()): Promise<void> {
  try {
    const settings = readSettings()
    const { ecs, logs } = await connectAws(rt, settings.credentials)
    const deployment = await startGitHubDeployment(settings, rt)
    if (deployment)
      new PostState((name, value) => rt.state.save(name, value)).githubDeployment(deployment.id)
    let report: DeployReport
    try {
      report = await runDeployment(settings, {
        ecs,
        logs,
        log: rt.log,
        now: rt.now,
        sleep: rt.sleep,
        httpGet: rt.httpGet,
        tempDir: rt.env.RUNNER_TEMP || mkdtempSync(join(tmpdir(), 'ecs-deploy-')),
        saveState: (name, value) => rt.state.save(name, value),
        run: { sha: rt.env.GITHUB_SHA ?? '', runUrl: runUrl(rt.env) },
        region: settings.credentials.region
      })
    } catch (error) {
      await deployment?.setState('failure', error instanceof Error ? error.message : String(error))
      throw error
    }
    await finishReport(report, deployment, rt.log, rt.env)
  } catch (error) {
    if (error instanceof InputError) {
      for (const problem of error.problems) rt.log.error(problem, 'Invalid task definition')
    }
    const message = failStep(rt.log, error, 'ECS deploy stopped')
    await writeSummary(`## ❌ ECS deploy stopped\n\n\`\`\`\n${message}\n\`\`\`\n`, rt.log, rt.env)
  }
}

/**
 * Everything a report ends in, in an order that lets nothing be skipped: the outputs first, the
 * GitHub Deployment status (never success without a success seen), the summary, the result.
 */
async function finishReport(
  report: DeployReport,
  deployment: GitHubDeployment | undefined,
  log: Log,
  env: NodeJS.ProcessEnv
): Promise<void> {
  setOutputs(report)
  const state = githubStateOf(report.outcome)
  if (state !== undefined) await deployment?.setState(state, githubDescription(report))
  await writeSummary(renderSummary(report), log, env)
  const failure = failureMessage(report)
  if (failure !== undefined) failStep(log, failure, `ECS deploy ${report.outcome}`)
}

function setOutputs(report: DeployReport): void {
  core.setOutput(OUTPUTS.taskDefinitionArn, report.taskDefinitionArn ?? '')
  core.setOutput(OUTPUTS.previousTaskDefinitionArn, report.previousTaskDefinitionArn ?? '')
  core.setOutput(OUTPUTS.deploymentId, report.deploymentId ?? '')
  core.setOutput(OUTPUTS.outcome, report.outcome)
  core.setOutput(OUTPUTS.renderedTaskDefinition, report.renderedPath ?? '')
  core.setOutput(OUTPUTS.runTaskArn, report.runTask?.taskArn ?? '')
  core.setOutput(OUTPUTS.runTaskExitCode, report.runTask?.exitCode ?? '')
}

async function startGitHubDeployment(settings: DeploySettings, rt: Runtime) {
  if (settings.githubEnvironment === '' || settings.dryRun) return undefined
  const [owner, repo] = (rt.env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo || !rt.env.GITHUB_SHA || settings.githubToken === '') {
    rt.log.warning(
      'environment is set, but the repository, commit or github-token is unknown: no GitHub deployment is recorded.'
    )
    return undefined
  }
  return GitHubDeployment.start(
    rt.github(settings.githubToken),
    {
      owner,
      repo,
      sha: rt.env.GITHUB_SHA,
      environment: settings.githubEnvironment,
      environmentUrl: settings.environmentUrl,
      logUrl: runUrl(rt.env)
    },
    `${settings.mode === 'rollback' ? 'Rollback' : settings.mode === 'continue' ? 'Continued deploy' : 'Deploy'} of ${settings.service}`,
    message => rt.log.warning(message, 'GitHub deployment')
  )
}
