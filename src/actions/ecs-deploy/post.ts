import type { Service } from '@aws-sdk/client-ecs'
import { STATE } from '../../engine/post-state.js'
import { serviceUrl } from '../../engine/phases/report/summary.js'
import { describeProgress } from '../../engine/phases/watch/progress.js'
import { GitHubDeployment, type DeploymentState } from '../../github/deployments.js'
import { connectAws, type AwsConnection } from '../../aws/connection.js'
import type { EcsApi } from '../../aws/ecs/ecs.js'
import { awsDeps } from '../runtime.js'
import { createRuntime, type Runtime } from './runtime.js'
import { readCredentials, readGitHubDeployment, readReleaseDeployments } from './step-state.js'
import { putBackOnCancel } from './put-back-on-cancel.js'
import { stopOneOffTaskOnCancel } from './stop-on-cancel.js'

/**
 * Post step, from the main step's saved state alone: when the job was cancelled while the
 * one-off task ran, stop it; while the rollout was being watched, say where it stands, and record
 * it on the run's GitHub Deployment (left in_progress otherwise). It never fails the job.
 */
export async function runPost(rt: Runtime = createRuntime()): Promise<void> {
  const credentials = readCredentials(rt.runner.state)
  let connection: Promise<AwsConnection> | undefined
  const connect = () => {
    if (credentials === undefined) throw new Error('The main step saved no credentials.')
    connection ??= connectAws(awsDeps(rt), credentials)
    return connection
  }
  const release = rt.runner.state.get(STATE.releaseServices)
  const services = release === '' ? [''] : (JSON.parse(release) as string[]).map(s => `${s}/`)
  const ids = readReleaseDeployments(rt.runner.state)?.ids
  for (const prefix of services) {
    const id = ids?.[prefix.slice(0, -1)]
    await postFor(rt, connect, prefix, id)
  }
}

/** The post step for one service (its state keys under `prefix` in a release). */
async function postFor(
  rt: Runtime,
  connect: () => Promise<AwsConnection>,
  prefix: string,
  releaseDeploymentId: number | undefined
): Promise<void> {
  const get = (name: string) => rt.runner.state.get(`${prefix}${name}`)
  const { log } = rt.runner
  await stopOneOffTaskOnCancel({
    getState: get,
    connect: async () => (await connect()).ecs,
    warning: (message, title) => log.warning(message, title),
    summary: markdown => rt.runner.summary(markdown)
  })
  if (get(STATE.watching) !== 'true') return
  let described: Service | undefined
  try {
    const aws = await connect()
    described = await reportStillRolling(rt, aws.ecs, get)
    await putBackOnCancel(aws, get, log, markdown => rt.runner.summary(markdown))
  } catch (error) {
    log.warning(`Could not read where the rollout stands: ${messageOf(error)}`)
  }
  await recordOnGitHub(rt, described, get(STATE.deploymentId), releaseDeploymentId)
}

/** The warning and summary on a rollout the job stopped watching; the service as read. */
async function reportStillRolling(
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
export function cancelledState(
  service: Service | undefined,
  deploymentId: string
): { state: DeploymentState; description: string } {
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

async function recordOnGitHub(
  rt: Runtime,
  described: Service | undefined,
  deploymentId: string,
  releaseDeploymentId: number | undefined
): Promise<void> {
  const saved = readGitHubDeployment(rt.runner.state)
  const github = saved?.github ?? readReleaseDeployments(rt.runner.state)?.github
  const id = releaseDeploymentId ?? saved?.id
  if (github === undefined || id === undefined || github.token === '') return
  const { token, ...context } = github
  const warn = (message: string) => rt.runner.log.warning(message, 'GitHub deployment')
  const deployment = GitHubDeployment.resume(rt.github(token), context, id, warn)
  const { state, description } = cancelledState(described, deploymentId)
  await deployment.setState(state, description)
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
