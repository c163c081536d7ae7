import type { Service } from '@aws-sdk/client-ecs'
import { InputError } from '../../../shared/parse.js'
import type { Context } from '../../deps.js'
import { serviceNotFound } from '../../../aws/ecs/ecs.js'
import { claimService, kindFor } from '../../kinds/index.js'
import type { Claimed } from '../../kinds/kind.js'
import { add, type Phase } from '../../record.js'
import { COMMIT_TAG, OUTCOME_TAG } from '../../common/tags.js'
import type { CurrentService } from './current-service.js'

/*
 * The first phase of every mode: the service as it stands (its revision, that revision's outcome
 * tag, whether ECS had finished rolling it out) and the kind of deployment it takes. A kind that
 * tells its services apart by reads of its own (Express Mode, which may also create the
 * service) is asked first (kinds/index.ts, claimService). Read only.
 */

export const readService: Phase = async (r, x) =>
  add(r, await x.io.log.group(`Read service ${x.s.service} in ${x.s.cluster}`, () => read(x)))

/** The service, and its kind: a kind that claims it (Express Mode), else the one KINDS picks. */
async function read(x: Context): Promise<Claimed> {
  const found = await x.io.ecs.findService(x.s.cluster, x.s.service)
  const claimed = await claimService(x, found)
  if (claimed !== undefined) return claimed
  const current = await readCurrent(x, found)
  return { current, kind: kindFor(current.service, x.s.service) }
}

async function readCurrent(
  { s, io }: Context,
  service: Service | undefined
): Promise<CurrentService> {
  if (service === undefined) throw serviceNotFound(s.cluster, s.service)
  if (service.status !== undefined && service.status !== 'ACTIVE') {
    throw new InputError(
      'service',
      `${s.service} in ${s.cluster} is ${service.status}; only an ACTIVE service can be deployed to.`
    )
  }
  const arn = service.taskDefinition
  io.log.info(
    `Service ${service.serviceName ?? s.service}: ${service.status ?? ''}, running ${arn ?? 'nothing'}.`
  )
  const described = arn ? await io.ecs.describeTaskDefinition(arn) : undefined
  return {
    service,
    arn,
    taskDefinition: described?.taskDefinition,
    commit: described?.tags.find(t => t.key === COMMIT_TAG)?.value,
    outcome: described?.tags.find(t => t.key === OUTCOME_TAG)?.value,
    steady: isSteady(service)
  }
}

/** One deployment, COMPLETED, running = desired: ECS had finished rolling it out. */
function isSteady(service: Service): boolean {
  const deployments = service.deployments ?? []
  const only = deployments.length === 1 ? deployments[0] : undefined
  return (
    only !== undefined &&
    only.rolloutState === 'COMPLETED' &&
    (only.runningCount ?? 0) === (only.desiredCount ?? 0)
  )
}
