import type { EcsApi } from '../../aws/ecs/ecs.js'
import { describeError } from '../../aws/errors.js'
import { STATE } from '../../engine/post-state.js'

/*
 * Post step: a job cancelled while its one-off task ran leaves that task running in ECS. Stop it
 * (StopTask: "the equivalent of docker stop is issued to the containers running in the task")
 * and say so. Never fails the job.
 */

export interface StopOnCancelDeps {
  readonly getState: (name: string) => string
  readonly connect: () => Promise<EcsApi>
  readonly warning: (message: string, title: string) => void
  /** Adds a paragraph to the job summary. */
  readonly summary: (markdown: string) => Promise<void>
}

/** True when a one-off task was running and this step tried to stop it. */
export async function stopOneOffTaskOnCancel(d: StopOnCancelDeps): Promise<boolean> {
  if (d.getState(STATE.runTaskRunning) !== 'true') return false
  const taskArn = d.getState(STATE.runTaskArn)
  const cluster = d.getState(STATE.runTaskCluster)
  if (taskArn === '') return false
  try {
    const ecs = await d.connect()
    const task = await ecs.stopTask(
      cluster,
      taskArn,
      'ecs-deploy: the job was cancelled while the one-off task ran'
    )
    const message =
      `The job stopped while the one-off task ${taskArn} was running: it was stopped (StopTask, last status ${task?.lastStatus ?? 'unknown'}). ` +
      'The service was not updated.'
    d.warning(message, 'One-off task stopped')
    await d.summary(`### ⏹️ One-off task stopped\n\n${message}\n`)
  } catch (error) {
    d.warning(
      `The job stopped while the one-off task ${taskArn} was running, and it could not be stopped: ${describeError(error)}. Stop it by hand.`,
      'One-off task still running'
    )
  }
  return true
}
