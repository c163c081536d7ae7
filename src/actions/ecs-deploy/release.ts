import type { Deps } from '../../engine/deps.js'
import { release } from '../../engine/modes/release.js'
import { readReleaseFile } from '../../engine/release/release-file.js'
import { releaseFailure, type ReleaseReport } from '../../engine/release/report.js'
import { renderReleaseSummary } from '../../engine/release/summary.js'
import type { Settings } from '../../engine/settings/settings.js'
import { releaseOutputsOf } from '../../engine/outputs.js'
import type { GitHubDeployment } from '../../github/deployments.js'
import { githubDescription, githubStateOf, startGitHubDeployment } from './github-deployment.js'
import type { Runtime } from './runtime.js'
import { saveReleaseDeployments } from './step-state.js'

/*
 * A release of several services (input `release`): the engine's release mode, one GitHub
 * Deployment per service (its environment URL where the file gives one) created once every entry
 * has passed its checks, then the outputs (`outcome` the release's, `services` each one's), one
 * summary, and the step's result. An error after they were created sets each to failure.
 */
export async function runRelease(
  rt: Runtime,
  settings: Settings,
  io: Deps,
  engine: typeof release = release
): Promise<void> {
  const file = readReleaseFile(settings.release, io.files)
  const deployments = new Map<string, GitHubDeployment>()
  const beforeFirstWrite = async () => {
    for (const entry of file.entries) {
      const url = entry.environmentUrl || settings.environmentUrl
      const one = { ...settings, service: entry.service, environmentUrl: url }
      const deployment = await startGitHubDeployment(one, rt)
      if (deployment) deployments.set(entry.service, deployment)
    }
    saveReleaseDeployments(rt.runner.state, deployments, settings, rt.env)
  }
  let report: ReleaseReport
  try {
    report = await engine({ s: settings, io }, file, { beforeFirstWrite })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    for (const deployment of deployments.values()) await deployment.setState('failure', message)
    throw error
  }
  await finish(report, deployments, rt)
}

async function finish(
  report: ReleaseReport,
  deployments: Map<string, GitHubDeployment>,
  { runner }: Runtime
): Promise<void> {
  for (const [name, value] of releaseOutputsOf(report)) runner.setOutput(name, value)
  for (const service of report.reports) {
    const state = githubStateOf(service.outcome)
    if (state !== undefined)
      await deployments.get(service.service)?.setState(state, githubDescription(service))
  }
  await runner.summary(renderReleaseSummary(report))
  const failure = releaseFailure(report)
  if (failure !== undefined) runner.fail(failure, `ECS release ${report.outcome}`)
}
