import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { GitHubDeployment } from '../github/deployments.js'
import { runDeployment, ValidationError, type DeployReport } from './deploy.js'
import { OUTPUTS, readSettings, type DeploySettings } from './inputs.js'
import { runnerLog } from '../common/log.js'
import { connectAws, createRuntime, runUrl, type Runtime } from './runtime.js'
import { renderSummary } from './summary.js'

/** Entry of action-ecs-deploy: inputs → deployment → outputs, summary and the step's result. */
export async function run(rt: Runtime = createRuntime()): Promise<void> {
  try {
    const settings = readSettings()
    const { ecs, logs } = await connectAws(rt, settings.credentials)
    const deployment = await startGitHubDeployment(settings, rt)
    let report: DeployReport
    try {
      report = await runDeployment(settings, {
        ecs,
        logs,
        log: runnerLog,
        now: rt.now,
        sleep: rt.sleep,
        httpGet: rt.httpGet,
        tempDir: rt.env.RUNNER_TEMP || mkdtempSync(join(tmpdir(), 'ecs-deploy-')),
        saveState: (name, value) => core.saveState(name, value),
        run: { sha: rt.env.GITHUB_SHA ?? '', runUrl: runUrl(rt.env) },
        region: settings.credentials.region
      })
    } catch (error) {
      await deployment?.setState('failure', error instanceof Error ? error.message : String(error))
      throw error
    }
    await deployment?.setState(
      report.outcome === 'succeeded' || report.outcome === 'dry-run' || report.outcome === 'started'
        ? 'success'
        : 'failure',
      `${report.service}: ${report.outcome}`
    )
    setOutputs(report)
    await writeSummary(renderSummary(report), rt.env)
    if (report.outcome === 'failed' || report.outcome === 'rolled-back') {
      const reason =
        report.verdict?.status === 'failed' ? report.verdict.reason : 'the rollout failed'
      core.setFailed(
        report.outcome === 'rolled-back'
          ? `Deployment failed and was rolled back to ${report.previousTaskDefinitionArn}: ${reason}`
          : `Deployment failed: ${reason}`
      )
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (error instanceof ValidationError) {
      for (const problem of error.problems) {
        core.error(problem, { title: 'Invalid task definition' })
      }
    }
    core.setFailed(message)
    await writeSummary(`## ❌ ECS deploy stopped\n\n\`\`\`\n${message}\n\`\`\`\n`, rt.env).catch(
      () => undefined
    )
  }
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

async function writeSummary(markdown: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.info(markdown)
    return
  }
  await core.summary.addRaw(markdown, true).write()
}

async function startGitHubDeployment(settings: DeploySettings, rt: Runtime) {
  if (settings.githubEnvironment === '' || settings.dryRun) return undefined
  const [owner, repo] = (rt.env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo || !rt.env.GITHUB_SHA || settings.githubToken === '') {
    core.warning(
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
    `${settings.mode === 'rollback' ? 'Rollback' : 'Deploy'} of ${settings.service}`,
    message => core.warning(message, { title: 'GitHub deployment' })
  )
}
