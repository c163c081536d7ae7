/**
 * GitHub Deployments for the Environments tab: one deployment per run and environment, with
 * statuses in_progress → success | failure | error. Never success without a success seen: the
 * caller maps what it saw to a state. Missing permission is a warning, never a failure.
 */
export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error' | 'inactive'

/** The two REST calls used (octokit.rest.repos in production, a fake in tests). */
export interface DeploymentsClient {
  createDeployment(params: {
    owner: string
    repo: string
    ref: string
    environment: string
    description: string
    auto_merge: boolean
    required_contexts: string[]
    production_environment?: boolean
  }): Promise<{ status: number; data: { id?: number } | { message?: string } }>
  createDeploymentStatus(params: {
    owner: string
    repo: string
    deployment_id: number
    state: DeploymentState
    environment_url?: string
    log_url: string
    description: string
    auto_inactive?: boolean
  }): Promise<unknown>
}

export interface DeploymentContext {
  readonly owner: string
  readonly repo: string
  readonly sha: string
  readonly environment: string
  readonly environmentUrl: string
  readonly logUrl: string
}

export class GitHubDeployment {
  private constructor(
    private readonly client: DeploymentsClient,
    private readonly ctx: DeploymentContext,
    readonly id: number,
    private readonly warn: (message: string) => void
  ) {}

  /** A deployment an earlier step created (its id kept in the step's state), to set its status. */
  static resume(
    client: DeploymentsClient,
    ctx: DeploymentContext,
    id: number,
    warn: (message: string) => void
  ): GitHubDeployment {
    return new GitHubDeployment(client, ctx, id, warn)
  }

  /** Creates the deployment and sets it in_progress; undefined (with a warning) when GitHub refuses. */
  static async start(
    client: DeploymentsClient,
    ctx: DeploymentContext,
    description: string,
    warn: (message: string) => void
  ): Promise<GitHubDeployment | undefined> {
    try {
      const created = await client.createDeployment({
        owner: ctx.owner,
        repo: ctx.repo,
        ref: ctx.sha,
        environment: ctx.environment,
        description,
        auto_merge: false,
        required_contexts: []
      })
      const id = 'id' in created.data ? created.data.id : undefined
      if (id === undefined) {
        warn(
          `GitHub did not create a deployment for ${ctx.environment} (HTTP ${created.status}); carrying on without one.`
        )
        return undefined
      }
      const deployment = new GitHubDeployment(client, ctx, id, warn)
      await deployment.setState('in_progress', description)
      return deployment
    } catch (error) {
      warn(
        `Could not create a GitHub deployment for environment "${ctx.environment}" (${describe(error)}). ` +
          'Give the job `permissions: deployments: write` to see deploys in the Environments tab; the deploy goes on.'
      )
      return undefined
    }
  }

  async setState(state: DeploymentState, description: string): Promise<void> {
    try {
      await this.client.createDeploymentStatus({
        owner: this.ctx.owner,
        repo: this.ctx.repo,
        deployment_id: this.id,
        state,
        log_url: this.ctx.logUrl,
        description: description.slice(0, 140),
        ...(this.ctx.environmentUrl ? { environment_url: this.ctx.environmentUrl } : {}),
        ...(state === 'success' ? { auto_inactive: true } : {})
      })
    } catch (error) {
      this.warn(`Could not set the GitHub deployment status to ${state} (${describe(error)}).`)
    }
  }
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status
    const message = error instanceof Error ? error.message : ''
    return `HTTP ${String(status)}${message ? `: ${message}` : ''}`
  }
  return error instanceof Error ? error.message : String(error)
}
