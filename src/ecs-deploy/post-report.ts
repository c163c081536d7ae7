import * as core from '@actions/core'
import { STATE } from './deploy.js'
import { readCredentialInputs } from './inputs.js'
import { describeProgress } from './rollout.js'
import { connectEcs, createRuntime, type Runtime } from './runtime.js'
import { stopOneOffTaskOnCancel } from './stop-on-cancel.js'
import { serviceUrl } from './summary.js'

/**
 * Post step: when the job was cancelled while the rollout was being watched, say where it stands.
 * It never fails the job.
 */
export async function runPost(rt: Runtime = createRuntime()): Promise<void> {
  await stopOneOffTaskOnCancel({
    getState: name => core.getState(name),
    connect: () => connectEcs(rt, readCredentialInputs()),
    warning: (message, title) => core.warning(message, { title }),
    summary: async markdown => {
      if (rt.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write()
    }
  })
  if (core.getState(STATE.watching) !== 'true') return
  const cluster = core.getState(STATE.cluster)
  const service = core.getState(STATE.service)
  const deploymentId = core.getState(STATE.deploymentId)
  const taskDefinitionArn = core.getState(STATE.taskDefinitionArn)
  try {
    const ecs = await connectEcs(rt, readCredentialInputs())
    const described = await ecs.describeService(cluster, service)
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
}
