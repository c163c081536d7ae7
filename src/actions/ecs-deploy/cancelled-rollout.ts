import type { Service } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../../aws/ecs/ecs.js'
import { STATE } from '../../engine/post-state.js'
import { serviceUrl } from '../../engine/phases/report/summary.js'
import { describeProgress } from '../../engine/phases/watch/progress.js'
import { GitHubDeployment, type DeploymentState } from '../../github/deployments.js'
import type { Runtime } from './runtime.js'
import { readGitHubDeployment, readReleaseDeployments } from './step-state.js'

/*
 * What a post step says of a rollout the job stopped watching, from the saved state alone: where
 * ECS has it (a warning and a section of the job summary), and the status it earns on the run's
 * GitHub Deployment.
 */

/** A GitHub Deployment status: its state and description. */
export interface GitHubStatus {
  readonly state: DeploymentState
  readonly description: string
}

/** The warning and summary on a rollout the job stopped watching; the service as read. */
export async function reportStillRolling(
  rt: Runtime,
  ecs: EcsApi,
  get: (name: string) => string
): Promise<Service> {
  const [cluster, service, deploymentId] = [
    get(STATE.cluster),
    get(STATE.service),
    get(STATE.deploymentId)
  ]
  const described = await ecs.describeService(cluster, service)
  const progress = describeProgress({ service: described }, deploymentId)
  const message =
    `The job stopped while deployment ${deploymentId} (${get(STATE.taskDefinitionArn)}) of ${service} was rolling out. ` +
    `ECS carries on without this job: ${progress}.`
  rt.runner.log.warning(message, 'Rollout still in progress')
  const console = serviceUrl({ region: get(STATE.region), cluster, service })
  await rt.runner.summary(
    `### ⏸️ Rollout of ${service} was still in progress when the job stopped\n\n${message}\n\n[Open the service in the ECS console](${console})\n`
  )
  return described
}

/**
 * The GitHub Deployment status for a rollout the job stopped watching: success only when ECS
 * shows our deployment COMPLETED with every task running, failure when it FAILED, else error
 * (the job was cancelled, the rollout's end not seen). Pure.
 */
export function cancelledState(service: Service | undefined, deploymentId: string): GitHubStatus {
  const ours = service?.deployments?.find(d => d.id === deploymentId)
  if (service === undefined || ours === undefined) {
    return {
      state: 'error',
      description: 'Job cancelled mid-rollout; where it stood is not known.'
    }
  }
  const where = describeProgress({ service }, deploymentId)
  if (ours.rolloutState === 'COMPLETED' && (ours.runningCount ?? 0) === (ours.desiredCount ?? 0))
    return { state: 'success', description: `Job cancelled; the rollout had completed: ${where}` }
  if (ours.rolloutState === 'FAILED')
    return { state: 'failure', description: `Job cancelled; the rollout had failed: ${where}` }
  return { state: 'error', description: `Job cancelled mid-rollout: ${where}` }
}

/**
 * Sets a status on the run's GitHub Deployment: a release's service's (`releaseDeploymentId`),
 * else the one the step saved. Nothing without one, or without a token.
 */
export async function recordOnGitHub(
  rt: Runtime,
  status: GitHubStatus,
  releaseDeploymentId: number | undefined
): Promise<void> {
  const saved = readGitHubDeployment(rt.runner.state)
  const github = saved?.github ?? readReleaseDeployments(rt.runner.state)?.github
  const id = releaseDeploymentId ?? saved?.id
  if (github === undefined || id === undefined || github.token === '') return
  const { token, ...context } = github
  const warn = (message: string) => rt.runner.log.warning(message, 'GitHub deployment')
  const deployment = GitHubDeployment.resume(rt.github(token), context, id, warn)
  await deployment.setState(status.state, status.description)
}

export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error)
