import { updateBackOnCancel } from '../../phases/roll-back/update-back.js'
import type { Service } from '@aws-sdk/client-ecs'
import type { Context } from '../../deps.js'
import {
  continueServiceDeployment,
  findServiceDeployment
} from '../../phases/ongoing/service-deployments.js'
import type { CurrentService } from '../../phases/read-service/current-service.js'
import {
  rollBackNative,
  rollBackOngoing,
  stopThroughEcsOnCancel
} from '../../phases/roll-back/through-ecs.js'
import { warnIfTooShort } from '../../phases/watch/native-timing.js'
import { watchNative } from '../../phases/watch/watch-native.js'
import type { Claimed, DeploymentKind, FailedRollout, KindEntry } from '../kind.js'
import { readExpress, type ExpressFound } from './claim.js'
import { planDeploy, planRollback } from './plan.js'
import { endpointOf, startExpress } from './start.js'
import { expressSummary } from './summary.js'
import { throughEcsLine } from '../../phases/report/service-deployment.js'
import { newest } from '../../../aws/ecs/express.js'

/*
 * An Amazon ECS Express Mode service, created or updated. Express Mode registers the task
 * definition and runs the deployment itself: "Updates are deployed using canary deployments with
 * alarm based rollback alarms to maintain availability." (Developer Guide, Updating an Amazon ECS
 * Express Mode service). So this kind prepares and sends its own request (plan.ts, start.ts), and
 * is watched, judged and rolled back as a deployment ECS runs itself (as kinds/ecs-managed is,
 * through the building blocks in phases/watch and phases/roll-back): by its
 * service deployment, SUCCESSFUL never before the bake ends, ECS's ROLLBACK_* followed to its
 * end, and a rollback of ours through ECS (StopServiceDeployment ROLLBACK), never a second write.
 * A service this run creates has nothing earlier to go back to.
 */

const NAME = 'express'

/*
 * Told apart by reads of its own (claim.ts), asked before the other kinds. Its inputs need no
 * refusal by the registry: the claim takes them, or refuses them on a service that is not an
 * Express one; with express: false the settings refuse them.
 */
export const express = {
  name: NAME,
  claim: claimExpress,
  putBackOnCancel: stopThroughEcsOnCancel,
  putBackAfterSuccess: updateBackOnCancel
} satisfies KindEntry

/** The claim: the Express service to create or update, read before any write. */
async function claimExpress(x: Context, found: Service | undefined): Promise<Claimed | undefined> {
  const read = await readExpress(x, found)
  if (read === undefined) return undefined
  return { current: currentOf(x, read), kind: expressKind(read) }
}

function currentOf({ s }: Context, read: ExpressFound): CurrentService {
  const service = read.service ?? { serviceName: s.service }
  const only = service.deployments?.length === 1 ? service.deployments[0] : undefined
  const serviceArn = read.express?.serviceArn ?? service.serviceArn
  return {
    service,
    arn: service.taskDefinition,
    taskDefinition: undefined,
    outcome: undefined,
    // Express Mode registers its revisions itself, untagged: no commit to order deploys by.
    commit: undefined,
    steady: only?.rolloutState === 'COMPLETED' && only.runningCount === only.desiredCount,
    ingress: serviceArn
      ? { serviceArn, endpoint: endpointOf(newest(read.express?.activeConfigurations)) }
      : undefined
  }
}

function expressKind(read: ExpressFound): DeploymentKind {
  const service = read.service
  const strategy = service?.deploymentConfiguration?.strategy ?? 'CANARY'
  return {
    name: NAME,
    strategy,
    controller: 'ECS',
    rollsBackItself: true,
    check: x => {
      if (service !== undefined) warnIfTooShort(x, service.deploymentConfiguration)
    },
    start: (x, request) => startExpress(x, request, read),
    watch: (x, w) => watchNative(x, w, strategy),
    rollBack: (x, failed) => rollBack(x, failed, strategy, service),
    ongoing:
      service === undefined
        ? { find: async () => undefined, continue: continueServiceDeployment }
        : {
            find: findServiceDeployment,
            continue: continueServiceDeployment,
            rollBack: (x, ongoing, deadline) =>
              rollBackOngoing(x, ongoing, deadline, service, strategy)
          },
    prepare: { deploy: x => planDeploy(x, read), rollback: x => planRollback(x, read) },
    describe: report => ({ lines: expressSummary(report), rollback: throughEcsLine(report) })
  }
}

/** Through ECS, as for any deployment ECS runs; a service this run created has no earlier one. */
async function rollBack(
  x: Context,
  failed: FailedRollout,
  strategy: string,
  service: Service | undefined
) {
  if (service === undefined) {
    x.io.log.info(
      `${x.s.service} was created by this step: there is no earlier configuration to go back to, so it is left as it is.`
    )
    return undefined
  }
  return rollBackNative(x, failed, strategy)
}
