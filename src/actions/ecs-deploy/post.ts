import type { Service } from '@aws-sdk/client-ecs'
import { STATE } from '../../engine/post-state.js'
import { connectAws, type AwsConnection } from '../../aws/connection.js'
import { awsDeps } from '../runtime.js'
import {
  cancelledState,
  messageOf,
  recordOnGitHub,
  reportStillRolling
} from './cancelled-rollout.js'
import { postRelease } from './post-release.js'
import { createRuntime, type Runtime } from './runtime.js'
import { readCredentials } from './step-state.js'
import { putBackOnCancel } from './put-back-on-cancel.js'
import { stopOneOffTaskOnCancel } from './stop-on-cancel.js'

/**
 * Post step, from the main step's saved state alone: when the job was cancelled while the
 * one-off task ran, stop it; while the rollout was being watched, say where it stands, and record
 * it on the run's GitHub Deployment (left in_progress otherwise). A release's services are
 * reported each as it stood (post-release.ts). It never fails the job.
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
  if (release !== '') await postRelease(rt, connect, JSON.parse(release) as string[])
  else await postFor(rt, connect)
}

/** The post step of one service's deploy. */
async function postFor(rt: Runtime, connect: () => Promise<AwsConnection>): Promise<void> {
  const get = (name: string) => rt.runner.state.get(name)
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
  await recordOnGitHub(rt, cancelledState(described, get(STATE.deploymentId)), undefined)
}

export { cancelledState }
