import { updateBackOnCancel } from '../../phases/roll-back/update-back.js'
import type { Service } from '@aws-sdk/client-ecs'
import type { Context } from '../../deps.js'
import {
  continueServiceDeployment,
  findServiceDeployment
} from '../../phases/ongoing/service-deployments.js'
import { updateService } from '../../phases/start/update-service.js'
import { summaryLines, throughEcsLine } from '../../phases/report/service-deployment.js'
import {
  rollBackNative,
  rollBackOngoing,
  stopThroughEcsOnCancel
} from '../../phases/roll-back/through-ecs.js'
import { NATIVE_STRATEGIES } from '../../phases/watch/native-judge.js'
import { warnIfTooShort } from '../../phases/watch/native-timing.js'
import { watchNative } from '../../phases/watch/watch-native.js'
import type { DeploymentKind, KindEntry, StartRequest } from '../kind.js'

/*
 * A deployment ECS runs itself (ECS deployment controller, strategy BLUE_GREEN, LINEAR or
 * CANARY): UpdateService starts it, ECS shifts traffic, bakes and may pause at hooks, and this
 * step judges it from its service deployment. A rollback goes through ECS
 * (StopServiceDeployment / ContinueServiceDeployment ROLLBACK), never a second UpdateService.
 */

const NAME = 'ecs-managed'

export const ecsManaged = {
  name: NAME,
  matches: (service: Service) =>
    (service.deploymentController?.type ?? 'ECS') === 'ECS' &&
    NATIVE_STRATEGIES.has(service.deploymentConfiguration?.strategy ?? 'ROLLING'),
  create: (service: Service): DeploymentKind => {
    const strategy = service.deploymentConfiguration?.strategy ?? 'BLUE_GREEN'
    return {
      name: NAME,
      strategy,
      controller: 'ECS',
      rollsBackItself: true,
      check: x => warnIfTooShort(x, service.deploymentConfiguration),
      start: (x, request) => start(x, request, strategy),
      watch: (x, w) => watchNative(x, w, strategy),
      rollBack: (x, failed) => rollBackNative(x, failed, strategy),
      ongoing: {
        find: findServiceDeployment,
        continue: continueServiceDeployment,
        rollBack: (x, ongoing, deadline) => rollBackOngoing(x, ongoing, deadline, service, strategy)
      },
      describe: report => ({ lines: summaryLines(report), rollback: throughEcsLine(report) })
    }
  },
  putBackOnCancel: stopThroughEcsOnCancel,
  putBackAfterSuccess: updateBackOnCancel
} satisfies KindEntry

async function start(x: Context, request: StartRequest, strategy: string) {
  const started = await updateService(x, request)
  if (started.problem === undefined && x.s.waitForServiceStability) {
    x.io.log.info(`${strategy} deployment: ECS shifts traffic itself.`)
  }
  return started
}
