import {
  CreateExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  UpdateExpressGatewayServiceCommand,
  type CreateExpressGatewayServiceCommandInput,
  type ECSClient,
  type ECSExpressGatewayService,
  type ExpressGatewayServiceConfiguration,
  type UpdateExpressGatewayServiceCommandInput
} from '@aws-sdk/client-ecs'
import { errorName } from '../errors.js'

/*
 * Thin, typed wrapper on the Express Mode calls of the ECS client (CreateExpressGatewayService,
 * UpdateExpressGatewayService, DescribeExpressGatewayService), each returning the part of the
 * answer the suite uses. The two writes take different members ("Some parameters like the
 * infrastructure role cannot be modified after service creation", UpdateExpressGatewayService;
 * only Create has infrastructureRoleArn, serviceName, cluster and tags, only Update serviceArn):
 * a request is one of the two, typed by the SDK's own input shapes.
 */

/** The one write that starts an Express deployment, with the members its operation takes. */
export type ExpressRequest =
  | {
      readonly operation: 'CreateExpressGatewayService'
      readonly input: CreateExpressGatewayServiceCommandInput
    }
  | {
      readonly operation: 'UpdateExpressGatewayService'
      readonly input: UpdateExpressGatewayServiceCommandInput
    }

/** What a Create or Update answered: the service, and the configuration it now rolls out. */
export interface ExpressAnswer {
  readonly serviceArn: string | undefined
  /** Create: the service's active configuration; Update: its targetConfiguration. */
  readonly configuration: ExpressGatewayServiceConfiguration | undefined
}

/*
 * DescribeExpressGatewayService answers ResourceNotFoundException ("The specified resource wasn't
 * found.", API Reference) for a service it does not know; an ECS service that is not an Express
 * service is refused as a parameter that is not valid (InvalidParameterException).
 */
const NOT_EXPRESS = new Set(['ResourceNotFoundException', 'InvalidParameterException'])

export class EcsExpressApi {
  constructor(private readonly client: Pick<ECSClient, 'send'>) {}

  /** The Express service of this ARN; undefined when Express Mode does not know the service. */
  async describe(serviceArn: string): Promise<ECSExpressGatewayService | undefined> {
    try {
      const out = await this.client.send(new DescribeExpressGatewayServiceCommand({ serviceArn }))
      return out.service
    } catch (error) {
      if (NOT_EXPRESS.has(errorName(error))) return undefined
      throw error
    }
  }

  /** Sends the request as it is. */
  async send(request: ExpressRequest): Promise<ExpressAnswer> {
    if (request.operation === 'CreateExpressGatewayService') {
      const out = await this.client.send(new CreateExpressGatewayServiceCommand(request.input))
      return {
        serviceArn: out.service?.serviceArn,
        configuration: newest(out.service?.activeConfigurations)
      }
    }
    const out = await this.client.send(new UpdateExpressGatewayServiceCommand(request.input))
    return { serviceArn: out.service?.serviceArn, configuration: out.service?.targetConfiguration }
  }
}

/** The newest of a service's active configurations (both are active while traffic shifts). */
export function newest(
  configurations: readonly ExpressGatewayServiceConfiguration[] | undefined
): ExpressGatewayServiceConfiguration | undefined {
  return [...(configurations ?? [])].sort(
    (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0)
  )[0]
}
