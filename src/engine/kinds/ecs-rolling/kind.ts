import type { Service } from '@aws-sdk/client-ecs'
import type { Context } from '../../deps.js'
import { updateService } from '../../phases/start/update-service.js'
import { describeProgress } from '../../phases/watch/progress.js'
import { watchService } from '../../phases/watch/watch-service.js'
import type { DeploymentKind, KindEntry, WatchRequest } from '../kind.js'
import {
  continueServiceDeployment,
  findServiceDeployment
} from '../../phases/ongoing/service-deployments.js'
import { judgeEcsRollback, judgeRolling } from './judge.js'
import { updateBackOnCancel } from '../../phases/roll-back/update-back.js'
import { circuitBreakerLine, rollBackRolling } from './roll-back.js'

/*
 * A rolling update (ECS deployment controller, strategy ROLLING): UpdateService starts it, ECS
 * replaces tasks batch by batch, and this step judges it from DescribeServices (and the service
 * deployment, where ECS answers). A failure is rolled back with UpdateService to the last
 * revision that succeeded, unless ECS's circuit breaker rolls back itself.
 */

const NATIVE = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY'])

const NAME = 'ecs-rolling'

export const ecsRolling = {
  name: NAME,
  matches: (service: Service) =>
    (service.deploymentController?.type ?? 'ECS') === 'ECS' &&
    !NATIVE.has(service.deploymentConfiguration?.strategy ?? 'ROLLING'),
  create: (): DeploymentKind => ({
    name: NAME,
    strategy: 'ROLLING',
    controller: 'ECS',
    rollsBackItself: false,
    start: updateService,
    watch,
    rollBack: (x, failed) => rollBackRolling(x, failed, watch),
    ongoing: { find: findServiceDeployment, continue: continueServiceDeployment },
    describe: report => ({ lines: [], rollback: circuitBreakerLine(report) })
  }),
  putBackOnCancel: updateBackOnCancel,
  putBackAfterSuccess: updateBackOnCancel
} satisfies KindEntry

function watch(x: Context, w: WatchRequest) {
  return watchService(x, w, {
    judge: w.watching === 'rollback' ? judgeEcsRollback : judgeRolling,
    describe: describeProgress,
    countStoppedTasks: w.watching === 'rollout' && countsTasks(w.started.service, x)
  })
}

/** Our stopped tasks are counted where max-failed-tasks decides: no circuit breaker, a limit set. */
export function countsTasks(service: Service, { s }: Context): boolean {
  return (
    s.maxFailedTasks > 0 &&
    service.deploymentConfiguration?.deploymentCircuitBreaker?.enable !== true
  )
}
