import type { ECSExpressGatewayService, Service } from '@aws-sdk/client-ecs'
import { describeError, isAccessDenied } from '../../../aws/errors.js'
import { InputError } from '../../../shared/parse.js'
import { missingPermission } from '../../common/permissions.js'
import type { Context } from '../../deps.js'
import { INPUTS } from '../../settings/settings.js'

/*
 * Whether this run deploys an Express service, read before any write: `express: true`, or
 * Express inputs given, ask for one; with `auto` (the default) a service ECS manages as one is
 * one. What ECS says:
 * - Service.resourceManagementType: "Identifies whether an ECS Service is an Express Service
 *   managed by ECS, or managed by the customer. The valid values are ECS and CUSTOMER" (API
 *   Reference): a CUSTOMER service is never asked about, so deploys of other services need no
 *   new permission and make no extra call.
 * - DescribeExpressGatewayService "Retrieves detailed information about an Express service,
 *   including current status, configuration" (API Reference): the service is an Express service
 *   when it knows it. Its status must be ACTIVE ("You can't update a service that's inactive.",
 *   ServiceNotActiveException).
 * - A service that does not exist (DescribeServices' failure MISSING, or INACTIVE once deleted)
 *   is created with CreateExpressGatewayService when Express Mode is asked for.
 */

/** What the reads found: an Express service, or none yet (this run creates it). */
export interface ExpressFound {
  /** DescribeServices; undefined while the service does not exist. */
  readonly service: Service | undefined
  /** DescribeExpressGatewayService; undefined while the service does not exist. */
  readonly express: ECSExpressGatewayService | undefined
}

/** The Express service to update or create; undefined leaves the service to the other kinds. */
export async function readExpress(
  x: Context,
  found: Service | undefined
): Promise<ExpressFound | undefined> {
  const { s, io } = x
  const e = s.express
  if (e.use === 'false') return undefined
  const wanted = e.use === 'true' || e.given.length > 0
  if (found === undefined || found.status === 'INACTIVE') {
    if (!wanted) return undefined
    io.log.info(
      `Service ${s.service} does not exist in cluster ${s.cluster}: this step creates it as an Express service (CreateExpressGatewayService).`
    )
    return { service: undefined, express: undefined }
  }
  const express = await describeIfExpress(x, found, wanted)
  if (express === undefined) {
    if (wanted) throw notExpress(x, found)
    return undefined
  }
  const status = express.status?.statusCode
  if (status !== 'ACTIVE') {
    throw new InputError(
      INPUTS.service,
      `${s.service} is an Express service in status ${status ?? 'unknown'}; only an ACTIVE one can be updated. Nothing was changed.`
    )
  }
  io.log.info(
    `Service ${s.service} is an Express service (${express.serviceArn}), running ${found.taskDefinition ?? 'nothing'}.`
  )
  return { service: found, express }
}

async function describeIfExpress(
  { io }: Context,
  found: Service,
  wanted: boolean
): Promise<ECSExpressGatewayService | undefined> {
  const managedBy = found.resourceManagementType
  if (managedBy === 'CUSTOMER' || (managedBy !== 'ECS' && !wanted)) return undefined
  const arn = found.serviceArn
  if (arn === undefined) return undefined
  try {
    return await io.ecs.express.describe(arn)
  } catch (error) {
    if (!isAccessDenied(error)) throw error
    const without = 'Without it the step cannot tell what the Express service runs.'
    throw new Error(
      missingPermission('ecs:DescribeExpressGatewayService', arn, describeError(error), without),
      { cause: error }
    )
  }
}

function notExpress({ s }: Context, found: Service): InputError {
  const why =
    found.resourceManagementType === 'CUSTOMER'
      ? 'ECS reports it managed by the customer (resourceManagementType CUSTOMER)'
      : 'DescribeExpressGatewayService does not know it'
  const asked =
    s.express.use === 'true'
      ? { input: INPUTS.express, text: 'is true' }
      : {
          input: s.express.given[0] as string,
          text: `(${s.express.given.join(', ')}) are inputs of Express services`
        }
  return new InputError(
    asked.input,
    `${asked.text}, but ${s.service} is not an Express service: ${why}. Leave the Express inputs empty (express: auto) to deploy it as the service it is. Nothing was changed.`
  )
}
