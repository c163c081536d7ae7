import * as core from '@actions/core'
import type { Service } from '@aws-sdk/client-ecs'
import { GitHubDeployment, type DeploymentState } from '../../github/deployments.js'
import { readCredentialInputs, readSettings } from '../../engine/settings/settings.js'
import { STATE } from '../../engine/post-state.js'
import { describeProgress } from '../../engine/phases/watch/loop.js'
import { connectEcs, createRuntime, runUrl, type Runtime } from './runtime.js'
import { stopOneOffTaskOnCancel } from './stop-on-cancel.js'
import { serviceUrl } from '../../engine/phases/report/summary.js'

/**
 * Post step: when the job was cancelled while the one-off task ran, stop it; while the rollout
 * was being watched, say where it stands, and record it on the run's GitHub Deployment (left
 * in_progress otherwise). It never fails the job.
 */
export async function runPost(rt: Runtime = createRuntime()): Promise<void> {
  await stopOneOffTaskOnCancel({
    getState: name => rt.state.get(name),
    connect: () => connectEcs(rt, readCredentialInputs()),
    warning: (message, title) => rt.log.warning(message, title),
    summary: async markdown => {
      if (rt.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write()
    }
  })
  if (core.getState(STATE.watching) !== 'true') return
  const cluster = core.getState(STATE.cluster)
  const service = core.getState(STATE.service)
  const deploymentId = core.getState(STATE.deploymentId)
  const taskDefinitionArn = core.getState(STATE.taskDefinitionArn)
  let described: Service | undefined
  try {
    const ecs = await connectEcs(rt, readCredentialInputs())
    described = await ecs.describeService(cluster, service)
    const progress = describeProgress({ service: described }, deploymentId)
    const message =
      `The job stopped while deployment ${deploymentId} (${taskDefinitionArn}) of ${service} was rolling out. ` +
      `ECS carries on without this job: ${progress}.`
    core.warning(message, { title: 'Rollout still in progress' })
    if (rt.env.GITHUB_STEP_SUMMARY) {
      await core.summary
        .addHeading(`⏸️ Rollout of ${service} was still in progress when the job stopped`, 3)
        .addRaw(
          `${message}\n\n[Open the service in the ECS console](${serviceUrl({ region: core.getState(STATE.region), cluster, service })})\n`,
          true
        )
        .write()
    }
  } catch (error) {
    core.warning(
      `Could not read where the rollout stands: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  await recordOnGitHub(rt, described, deploymentId)
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
  deploymentId: string
): Promise<void> {
  const id = Number(core.getState(STATE.githubDeploymentId))
  if (!Number.isInteger(id) || id <= 0) return
  try {
    const settings = readSettings()
    const [owner = '', repo = ''] = (rt.env.GITHUB_REPOSITORY ?? '').split('/')
    if (settings.githubToken === '' || owner === '' || repo === '') return
    const deployment = GitHubDeployment.resume(
      rt.github(settings.githubToken),
      {
        owner,
        repo,
        sha: rt.env.GITHUB_SHA ?? '',
        environment: settings.githubEnvironment,
        environmentUrl: settings.environmentUrl,
        logUrl: runUrl(rt.env)
      },
      id,
      message => core.warning(message, { title: 'GitHub deployment' })
    )
    const { state, description } = cancelledState(described, deploymentId)
    await deployment.setState(state, description)
  } catch (error) {
    core.warning(
      `Could not record the rollout on the GitHub deployment: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}
