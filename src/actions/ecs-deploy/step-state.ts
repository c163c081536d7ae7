import type { CredentialSettings } from '../../aws/credentials.js'
import type { Settings } from '../../engine/settings/settings.js'
import type { StepState } from '../../runner/runner.js'

/*
 * What the main step keeps for its post step beside the engine's own (engine/post-state.ts): how
 * to reach AWS, and the GitHub Deployment this run records. The post step reads state only,
 * never the inputs.
 */

export const STEP_STATE = {
  credentials: 'credentials',
  githubDeploymentId: 'github-deployment-id',
  github: 'github'
} as const

/** What the post step needs to set a GitHub Deployment's status. */
export interface GitHubState {
  readonly environment: string
  readonly environmentUrl: string
  readonly token: string
}

export function saveCredentials(state: StepState, credentials: CredentialSettings): void {
  state.save(STEP_STATE.credentials, JSON.stringify(credentials))
}

export function readCredentials(state: StepState): CredentialSettings | undefined {
  const saved = state.get(STEP_STATE.credentials)
  return saved === '' ? undefined : (JSON.parse(saved) as CredentialSettings)
}

export function saveGitHubDeployment(state: StepState, id: number, settings: Settings): void {
  const github: GitHubState = {
    environment: settings.githubEnvironment,
    environmentUrl: settings.environmentUrl,
    token: settings.githubToken
  }
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
