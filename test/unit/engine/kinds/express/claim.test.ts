import { beforeEach, describe, expect, it } from '@jest/globals'
import { DescribeExpressGatewayServiceCommand, ECSClient, type Service } from '@aws-sdk/client-ecs'
import { mockClient } from 'aws-sdk-client-mock'
import type { Context, Deps } from '../../../../../src/engine/deps.js'
import { readExpress } from '../../../../../src/engine/kinds/express/claim.js'
import { readSettings } from '../../../../../src/engine/settings/settings.js'
import { awsError, ecsApi } from '../../../../support/aws-apis.js'
import { recordingLog } from '../../../../support/recording-log.js'

const ARN = 'arn:aws:ecs:us-east-1:123456789012:service/megilance-cluster/megilance-web'
const ecs = mockClient(ECSClient)

function context(inputs: Record<string, string>): Context {
  const s = readSettings(
    name =>
      ({
        service: 'megilance-web',
        cluster: 'megilance-cluster',
        'aws-region': 'us-east-1',
        ...inputs
      })[name] ?? '',
    {}
  )
  const io = { ecs: ecsApi(), log: recordingLog().log } as unknown as Deps
  return { s, io }
}

const service = (more: Partial<Service> = {}): Service => ({
  serviceName: 'megilance-web',
  serviceArn: ARN,
  status: 'ACTIVE',
  ...more
})
const expressService = { serviceArn: ARN, status: { statusCode: 'ACTIVE' as const } }

describe('which services are Express services, read before any write', () => {
  beforeEach(() => {
    ecs.reset()
  })

  it('auto: a service ECS manages as an Express service is one (DescribeExpressGatewayService)', async () => {
    ecs.on(DescribeExpressGatewayServiceCommand).resolves({ service: expressService })
    const found = await readExpress(context({}), service({ resourceManagementType: 'ECS' }))
    expect(found?.express).toEqual(expressService)
    expect(ecs.commandCalls(DescribeExpressGatewayServiceCommand)[0]?.args[0].input).toEqual({
      serviceArn: ARN
    })
  })

  it('auto: a service the customer manages, or one ECS says nothing of, is not asked about', async () => {
    expect(await readExpress(context({}), service({ resourceManagementType: 'CUSTOMER' }))).toBe(
      undefined
    )
    expect(await readExpress(context({}), service())).toBe(undefined)
    expect(ecs.commandCalls(DescribeExpressGatewayServiceCommand)).toHaveLength(0)
  })

  it('express false: never Express, never asked', async () => {
    const found = await readExpress(
      context({ express: 'false' }),
      service({ resourceManagementType: 'ECS' })
    )
    expect(found).toBe(undefined)
    expect(ecs.commandCalls(DescribeExpressGatewayServiceCommand)).toHaveLength(0)
  })

  it('a missing (or INACTIVE) service is created when Express Mode is asked for, else left alone', async () => {
    const create = { service: undefined, express: undefined }
    expect(await readExpress(context({ express: 'true' }), undefined)).toEqual(create)
    expect(
      await readExpress(
        context({ 'express-container-port': '80' }),
        service({ status: 'INACTIVE' })
      )
    ).toEqual(create)
    expect(await readExpress(context({}), undefined)).toBe(undefined)
  })

  it('Express asked for on a service that is not one: an error naming why, nothing written', async () => {
    ecs.on(DescribeExpressGatewayServiceCommand).rejects(awsError('ResourceNotFoundException'))
    await expect(readExpress(context({ express: 'true' }), service())).rejects.toThrow(
      /Input "express": is true, but megilance-web is not an Express service: DescribeExpressGatewayService does not know it/
    )
    await expect(
      readExpress(
        context({ subnets: 'subnet-0e1a2b3c' }),
        service({ resourceManagementType: 'CUSTOMER' })
      )
    ).rejects.toThrow(/Input "subnets": \(subnets\) are inputs of Express services.*CUSTOMER/)
  })

  it('an Express service that is not ACTIVE is refused; a refused Describe names the permission', async () => {
    ecs
      .on(DescribeExpressGatewayServiceCommand)
      .resolvesOnce({ service: { ...expressService, status: { statusCode: 'DRAINING' } } })
      .rejectsOnce(awsError('AccessDeniedException', 'not authorized to perform'))
    const managed = service({ resourceManagementType: 'ECS' })
    await expect(readExpress(context({}), managed)).rejects.toThrow(/status DRAINING/)
    await expect(readExpress(context({}), managed)).rejects.toThrow(
      `Missing permission ecs:DescribeExpressGatewayService on ${ARN}`
    )
  })
})
