import type { CredentialSettings } from '../../aws/credentials.js'
import type { Settings } from '../../engine/settings/settings.js'
import type { DeploymentContext } from '../../github/deployments.js'
import type { StepState } from '../../runner/runner.js'
import { deploymentContext } from './github-deployment.js'

/*
 * What the main step keeps for its post step beside the engine's own (engine/post-state.ts): how
 * to reach AWS, and the GitHub Deployment this run records (where it is: the repository, commit
 * and run, as the main step found them). The post step reads state only, never the inputs.
 */

export const STEP_STATE = {
  credentials: 'credentials',
  githubDeploymentId: 'github-deployment-id',
  github: 'github',
  /** A release: each service's GitHub Deployment id. */
  githubDeploymentIds: 'github-deployment-ids'
} as const

/** What the post step needs to set a GitHub Deployment's status: where it is, and the token. */
export interface GitHubState extends DeploymentContext {
  readonly token: string
}

/** The GitHub state of a run's deployments; undefined where none can be recorded. */
function githubState(settings: Settings, env: NodeJS.ProcessEnv): GitHubState | undefined {
  const context = deploymentContext(settings, env)
  return context === undefined ? undefined : { ...context, token: settings.githubToken }
}

export function saveCredentials(state: StepState, credentials: CredentialSettings): void {
  state.save(STEP_STATE.credentials, JSON.stringify(credentials))
}

export function readCredentials(state: StepState): CredentialSettings | undefined {
  const saved = state.get(STEP_STATE.credentials)
  return saved === '' ? undefined : (JSON.parse(saved) as CredentialSettings)
}

export function saveGitHubDeployment(
  state: StepState,
  id: number,
  settings: Settings,
  env: NodeJS.ProcessEnv
): void {
  const github = githubState(settings, env)
  if (github === undefined) return
  state.save(STEP_STATE.github, JSON.stringify(github))
  state.save(STEP_STATE.githubDeploymentId, String(id))
}

export function readGitHubDeployment(
  state: StepState
): { readonly id: number; readonly github: GitHubState } | undefined {
  const id = Number(state.get(STEP_STATE.githubDeploymentId))
  const saved = state.get(STEP_STATE.github)
  if (!Number.isInteger(id) || id <= 0 || saved === '') return undefined
  return { id, github: JSON.parse(saved) as GitHubState }
}

/** A release's GitHub Deployments, one per service. */
export function saveReleaseDeployments(
  state: StepState,
  deployments: ReadonlyMap<string, { readonly id: number }>,
  settings: Settings,
  env: NodeJS.ProcessEnv
): void {
  const github = githubState(settings, env)
  if (deployments.size === 0 || github === undefined) return
  const ids = Object.fromEntries([...deployments].map(([service, d]) => [service, d.id]))
  state.save(STEP_STATE.github, JSON.stringify(github))
  state.save(STEP_STATE.githubDeploymentIds, JSON.stringify(ids))
}

/** A release's GitHub Deployment ids by service, and what setting their status needs. */
export function readReleaseDeployments(
  state: StepState
): { readonly ids: Record<string, number>; readonly github: GitHubState } | undefined {
  const ids = state.get(STEP_STATE.githubDeploymentIds)
  const saved = state.get(STEP_STATE.github)
  if (ids === '' || saved === '') return undefined
  return {
    ids: JSON.parse(ids) as Record<string, number>,
    github: JSON.parse(saved) as GitHubState
  }
}
