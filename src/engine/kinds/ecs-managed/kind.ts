import type { Service } from '@aws-sdk/client-ecs'
import type { Context } from '../../deps.js'
import {
  continueServiceDeployment,
  findServiceDeployment
} from '../../phases/ongoing/service-deployments.js'
import { updateService } from '../../phases/start/update-service.js'
import { refuseCodeDeployInputs } from '../../settings/codedeploy-inputs.js'
import { watchService } from '../../phases/watch/watch-service.js'
import type { DeploymentKind, FailedRollout, Ongoing, StartRequest, WatchRequest } from '../kind.js'
import { nativeProgress } from './describe.js'
import { judgeNative, judgeNativeRollback, NATIVE_STRATEGIES } from './judge.js'
import { rollBackThroughEcs } from './roll-back.js'
import { summaryLines } from './summary.js'
import { warnIfTooShort } from './timing.js'

/*
 * A deployment ECS runs itself (ECS deployment controller, strategy BLUE_GREEN, LINEAR or
 * CANARY): UpdateService starts it, ECS shifts traffic, bakes and may pause at hooks, and this
 * step judges it from its service deployment. A rollback goes through ECS
 * (StopServiceDeployment / ContinueServiceDeployment ROLLBACK), never a second UpdateService.
 */

export const ecsManaged = {
  matches: (service: Service) =>
    (service.deploymentController?.type ?? 'ECS') === 'ECS' &&
    NATIVE_STRATEGIES.has(service.deploymentConfiguration?.strategy ?? 'ROLLING'),
  create: (service: Service): DeploymentKind => {
    const strategy = service.deploymentConfiguration?.strategy ?? 'BLUE_GREEN'
    return {
      name: 'ecs-managed',
      strategy,
      controller: 'ecs',
      rollsBackItself: true,
      check: x => {
        refuseCodeDeployInputs(x.s, x.s.service)
        warnIfTooShort(x, service.deploymentConfiguration)
      },
      start: (x, request) => start(x, request, strategy),
      watch: (x, w) => watchNative(x, w, strategy),
      rollBack: (x, failed) => rollBackNative(x, failed, strategy),
      ongoing: {
        find: findServiceDeployment,
        continue: continueServiceDeployment,
        rollBack: (x, ongoing, deadline) => rollBackOngoing(x, ongoing, deadline, service, strategy)
      },
      describe: summaryLines
    }
  }
}

async function start(x: Context, request: StartRequest, strategy: string) {
  const started = await updateService(x, request)
  if (started.problem === undefined && x.s.waitForServiceStability) {
    x.io.log.info(`${strategy} deployment: ECS shifts traffic itself.`)
  }
  return started
}

/** Watches a deployment ECS runs itself (and its rollback) by its service deployment. */
export function watchNative(x: Context, w: WatchRequest, strategy: string) {
  const judge =
    w.watching === 'rollback'
      ? judgeNativeRollback
      : judgeNative({ waitUntil: x.s.waitUntil, answeredHooks: new Set(w.answeredHooks) })
  return watchService(x, w, {
    judge,
    describe: nativeProgress(strategy, x.io.now),
    countStoppedTasks: false
  })
}

/** A failed deployment ECS runs itself, rolled back through ECS and watched to its end. */
export function rollBackNative(x: Context, failed: FailedRollout, strategy: string) {
  const started = {
    ...failed.started,
    target: { ...failed.started.target, deploymentId: failed.result.deploymentId }
  }
  const sd = failed.result.snapshot?.serviceDeployment
  const through = { started, sd, taskDefinitionArn: failed.current.arn, deadline: failed.deadline }
  return rollBackThroughEcs(x, through, (x2, w) => watchNative(x2, w, strategy))
}

/** A deployment ECS runs itself, under way, rolled back through ECS (rollback mode). */
export function rollBackOngoing(
  x: Context,
  ongoing: Ongoing,
  deadline: number,
  service: Service,
  strategy: string
) {
  const through = {
    started: { target: ongoing.target, service },
    sd: ongoing.sd,
    taskDefinitionArn: ongoing.target.previousTaskDefinitionArn,
    deadline
  }
  return rollBackThroughEcs(x, through, (x2, w) => watchNative(x2, w, strategy))
}
