import type { Report, Outcome } from '../../engine/phases/report/report.js'
import type { Settings } from '../../engine/settings/settings.js'
import {
  GitHubDeployment,
  type DeploymentContext,
  type DeploymentState
} from '../../github/deployments.js'
import { runUrl, type CommonRuntime } from '../runtime.js'

/*
 * The GitHub Deployment a run records (input `environment`): created in_progress, then the
 * status its outcome earns, never success without a success seen.
 */

/** Where the deployment is recorded: the repository, commit and environment; undefined if unknown. */
export function deploymentContext(
  settings: Pick<Settings, 'githubEnvironment' | 'environmentUrl'>,
  env: NodeJS.ProcessEnv
): DeploymentContext | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo || !env.GITHUB_SHA) return undefined
  return {
    owner,
    repo,
    sha: env.GITHUB_SHA,
    environment: settings.githubEnvironment,
    environmentUrl: settings.environmentUrl,
    logUrl: runUrl(env)
  }
}

export async function startGitHubDeployment(
  settings: Settings,
  rt: CommonRuntime
): Promise<GitHubDeployment | undefined> {
  if (settings.githubEnvironment === '' || settings.dryRun) return undefined
  const context = deploymentContext(settings, rt.env)
  if (context === undefined || settings.githubToken === '') {
    rt.runner.log.warning(
      'environment is set, but the repository, commit or github-token is unknown: no GitHub deployment is recorded.'
    )
    return undefined
  }
  const what = { deploy: 'Deploy', rollback: 'Rollback', continue: 'Continued deploy' }[
    settings.mode
  ]
  return GitHubDeployment.start(
    rt.github(settings.githubToken),
    context,
    `${what} of ${settings.service || 'a task definition family (scheduled tasks, no service)'}`,
    message => rt.runner.log.warning(message, 'GitHub deployment')
  )
}

/**
 * The GitHub Deployment status an outcome records: never success without a success seen.
 * `started` and `paused` stay in_progress (the rollout goes on, or waits); dry-run records none.
 */
export function githubStateOf(outcome: Outcome): DeploymentState | undefined {
  switch (outcome) {
    case 'succeeded':
      return 'success'
    case 'failed':
    case 'rolled-back':
    case 'rollback-failed':
      return 'failure'
    case 'unknown':
      return 'error'
    case 'started':
    case 'paused':
      return 'in_progress'
    case 'skipped':
      return 'inactive'
    case 'dry-run':
      return undefined
  }
}

/** The GitHub Deployment status's description. */
export function githubDescription(r: Report): string {
  if (r.outcome === 'paused' && r.verdict?.status === 'paused') {
    return `${r.service}: waiting for someone to continue or roll back (PAUSE hook at ${r.verdict.stage})`
  }
  return `${r.service}: ${r.outcome}`
}
