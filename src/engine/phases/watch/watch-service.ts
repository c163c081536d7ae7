import type { Context } from '../../deps.js'
import type { WatchRequest } from '../../kinds/kind.js'
import { createRolloutPoller } from './ecs-poller.js'
import { watchRollout, type WatchResult } from './loop.js'
import type { Describe, Judge } from './verdict.js'

/** How a kind watches a deployment of an ECS service: its judge, its progress line, what it counts. */
export interface ServiceWatch {
  readonly judge: Judge
  readonly describe: Describe
  /** Count our stopped tasks with ListTasks (a failed-task limit applies). */
  readonly countStoppedTasks: boolean
}

/**
 * Watches a deployment of an ECS service to the judge's verdict: each poll reads the service
 * (and our service deployment, where ECS answers), within one poll interval of a change.
 */
export function watchService(
  { s, io }: Context,
  w: WatchRequest,
  how: ServiceWatch
): Promise<WatchResult> {
  const target = w.started.target
  const poll = createRolloutPoller(
    io.ecs,
    {
      cluster: s.cluster,
      service: s.service,
      taskDefinitionArn: target.taskDefinitionArn,
      createdAt: target.createdAt,
      countStoppedTasks: how.countStoppedTasks,
      serviceDeploymentArn: w.serviceDeploymentArn
    },
    io.log
  )
  return watchRollout(
    target,
    how.judge,
    {
      timeoutMs: Math.max(0, w.deadline - io.now()),
      intervalMs: s.pollIntervalSeconds * 1000,
      what: w.what,
      describe: how.describe
    },
    {
      poll,
      now: io.now,
      sleep: io.sleep,
      log: m => io.log.info(m),
      warn: m => io.log.warning(m)
    }
  )
}
