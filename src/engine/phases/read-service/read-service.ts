import type { Service } from '@aws-sdk/client-ecs'
import { InputError } from '../../../shared/parse.js'
import type { Context } from '../../deps.js'
import { kindFor } from '../../kinds/index.js'
import { add, type Phase } from '../../record.js'
import { COMMIT_TAG, OUTCOME_TAG } from '../../common/tags.js'
import type { CurrentService } from './current-service.js'

/*
 * The first phase of every mode: the service as it stands (its revision, that revision's outcome
 * tag, whether ECS had finished rolling it out) and the kind of deployment it takes. Read only.
 */

export const readService: Phase = async (r, x) => {
  const current = await x.io.log.group(`Read service ${x.s.service} in ${x.s.cluster}`, () =>
    readCurrent(x)
  )
  return add(r, { current, kind: kindFor(current.service, x.s.service) })
}

async function readCurrent({ s, io }: Context): Promise<CurrentService> {
  const service = await io.ecs.describeService(s.cluster, s.service)
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
