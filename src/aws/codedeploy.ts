import {
  BatchGetDeploymentGroupsCommand,
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  type DeploymentGroupInfo,
  type DeploymentInfo,
  type ECSTarget,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  StopDeploymentCommand
} from '@aws-sdk/client-codedeploy'

/** What CreateDeployment is given for an ECS service: the group, the AppSpec, the options. */
export interface CreateDeploymentRequest {
  readonly application: string
  readonly deploymentGroup: string
  /** The AppSpec, YAML or JSON, and its SHA-256 (hex). */
  readonly content: string
  readonly sha256: string
  /** '' for the deployment group's own configuration. */
  readonly deploymentConfig: string
  /** '' for none. */
  readonly description: string
}

/** BatchGetDeploymentGroups takes up to 100 names a call (BatchLimitExceededException). */
const BATCH = 100

/**
 * Thin, typed wrapper on the CodeDeploy client: one method per call the suite makes, each
 * returning the part of the answer used. No logic beyond unwrapping and paging; only the commands
 * used are imported, so the bundle carries no other operation's code.
 */
export class CodeDeployApi {
  /** The SDK client it is built on (AwsConnection.client builds it on first use). */
  static readonly Client = CodeDeployClient

  constructor(private readonly client: Pick<CodeDeployClient, 'send'>) {}

  /** Every application's name (all pages). */
  async listApplications(): Promise<string[]> {
    const names: string[] = []
    let nextToken: string | undefined
    do {
      const out = await this.client.send(new ListApplicationsCommand({ nextToken }))
      names.push(...(out.applications ?? []))
      nextToken = out.nextToken
    } while (nextToken !== undefined)
    return names
  }

  /** The deployment groups of an application, by name (all pages). */
  async listDeploymentGroups(application: string): Promise<string[]> {
    const names: string[] = []
    let nextToken: string | undefined
    do {
      const out = await this.client.send(
        new ListDeploymentGroupsCommand({ applicationName: application, nextToken })
      )
      names.push(...(out.deploymentGroups ?? []))
      nextToken = out.nextToken
    } while (nextToken !== undefined)
    return names
  }

  /** Deployment groups of an application, read in batches of 100; the ones not found are left out. */
  async getDeploymentGroups(
    application: string,
    names: readonly string[]
  ): Promise<DeploymentGroupInfo[]> {
    const found: DeploymentGroupInfo[] = []
    for (let i = 0; i < names.length; i += BATCH) {
      const out = await this.client.send(
        new BatchGetDeploymentGroupsCommand({
          applicationName: application,
          deploymentGroupNames: names.slice(i, i + BATCH)
        })
      )
      found.push(...(out.deploymentGroupsInfo ?? []))
    }
    return found
  }

  async getDeploymentGroup(application: string, group: string): Promise<DeploymentGroupInfo> {
    const out = await this.client.send(
      new GetDeploymentGroupCommand({ applicationName: application, deploymentGroupName: group })
    )
    if (out.deploymentGroupInfo === undefined)
      throw new Error(
        `GetDeploymentGroup answered no deployment group for ${application}/${group}.`
      )
    return out.deploymentGroupInfo
  }

  /** Starts a deployment of an AppSpecContent revision; its id. */
  async createDeployment(r: CreateDeploymentRequest): Promise<string> {
    const out = await this.client.send(
      new CreateDeploymentCommand({
        applicationName: r.application,
        deploymentGroupName: r.deploymentGroup,
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: { content: r.content, sha256: r.sha256 }
        },
        ...(r.deploymentConfig !== '' ? { deploymentConfigName: r.deploymentConfig } : {}),
        ...(r.description !== '' ? { description: r.description } : {})
      })
    )
    if (out.deploymentId === undefined)
      throw new Error('CreateDeployment answered no deployment id.')
    return out.deploymentId
  }

  async getDeployment(deploymentId: string): Promise<DeploymentInfo> {
    const out = await this.client.send(new GetDeploymentCommand({ deploymentId }))
    if (out.deploymentInfo === undefined)
      throw new Error(`GetDeployment answered nothing for ${deploymentId}.`)
    return out.deploymentInfo
  }

  /** The ECS service a deployment targets (`<cluster>:<service>`), as the deployment sees it. */
  async getEcsTarget(deploymentId: string, targetId: string): Promise<ECSTarget | undefined> {
    const out = await this.client.send(new GetDeploymentTargetCommand({ deploymentId, targetId }))
    return out.deploymentTarget?.ecsTarget
  }

  /** Stops a deployment under way; with `rollBack`, CodeDeploy rolls it back. */
  async stopDeployment(deploymentId: string, rollBack: boolean): Promise<void> {
    await this.client.send(
      new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: rollBack })
    )
  }

  /** Starts rerouting production traffic of a deployment waiting at Ready (READY_WAIT). */
  async continueDeployment(deploymentId: string): Promise<void> {
    await this.client.send(
      new ContinueDeploymentCommand({ deploymentId, deploymentWaitType: 'READY_WAIT' })
    )
  }
}
