import { describe, expect, it } from '@jest/globals'
import {
  CreateExpressGatewayServiceCommand,
  DeleteExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  UpdateExpressGatewayServiceCommand
} from '@aws-sdk/client-ecs'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { ACCOUNT, REGION, crashedTask, expressDeployments } from '../../../tools/stand-in/index.js'
import {
  CLUSTER,
  FAST,
  credentials,
  errorOf,
  raw,
  role,
  update,
  wire,
  world
} from './express-world.js'

/*
 * What the stand-in's Express Mode answers beyond the scenarios (express.test.ts): the errors the
 * API Reference lists, STS GetCallerIdentity, and raw answers read against AWS's published model
 * of ECS (tools/aws-models/models/ecs.json).
 */

describe("the stand-in's Express Mode answers as the API Reference and the model say", () => {
  it('Create: a name taken, no infrastructure role, a member the model lacks, no such cluster', async () => {
    await world(async ({ ecs }) => {
      const create = (members: Record<string, unknown>) =>
        errorOf(ecs.send(new CreateExpressGatewayServiceCommand(members as never)))
      const image = { primaryContainer: { image: 'repo/web:2' } }
      const infra = { infrastructureRoleArn: role('infra') }
      expect(
        await create({ cluster: CLUSTER, serviceName: 'megilance-web', ...infra, ...image })
      ).toMatch(/^InvalidParameterException: A service named megilance-web already exists/)
      expect(await create({ serviceName: 'other', ...image })).toMatch(
        /^InvalidParameterException: .*infrastructureRoleArn: Member must not be null/
      )
      // cpuArchitecture: in @aws-sdk/client-ecs 3.1164, not in the model the stand-in follows.
      expect(
        await create({ serviceName: 'other', ...infra, ...image, cpuArchitecture: 'ARM64' })
      ).toMatch(/^InvalidParameterException: .*cpuArchitecture: is not a member/)
      expect(await create({ serviceName: 'other', ...infra })).toMatch(
        /^InvalidParameterException: The primary container must specify/
      )
      expect(await create({ cluster: 'nowhere', ...infra, ...image })).toMatch(
        /^ClusterNotFoundException/
      )
    })
  })

  it('Update, Describe: no such service, members that exclude each other, an inactive service', async () => {
    await world(async ({ standIn, ecs, arn }) => {
      const updating = (members: Record<string, unknown>) =>
        errorOf(ecs.send(new UpdateExpressGatewayServiceCommand({ serviceArn: arn, ...members })))
      const missing = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/nothing`
      expect(await updating({ serviceArn: missing, cpu: '512' })).toMatch(
        /^ServiceNotFoundException/
      )
      expect(
        await errorOf(ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: missing })))
      ).toMatch(/^ResourceNotFoundException/)
      expect(await updating({ taskDefinitionArn: 'web:1', cpu: '512' })).toMatch(
        /^InvalidParameterException: If you provide a task definition ARN/
      )
      expect(await updating({ healthCheckPath: 'health' })).toMatch(
        /^InvalidParameterException: The health check path must start/
      )
      // The SDK sends only the members Update has: an infrastructure role goes on the wire alone.
      const infraOnUpdate = { serviceArn: arn, infrastructureRoleArn: role('other') }
      const refused = await wire(standIn, 'UpdateExpressGatewayService', infraOnUpdate)
      expect(refused.status).toBe(400)
      expect(refused.body).toMatchObject({ __type: 'InvalidParameterException' })
      expect(String(refused.body.message)).toMatch(/infrastructureRoleArn: is not a member/)
      await ecs.send(new DeleteExpressGatewayServiceCommand({ serviceArn: arn }))
      expect(await updating({ cpu: '512' })).toMatch(/^ServiceNotActiveException/)
    })
  })

  it('STS GetCallerIdentity: the account of the signing credentials', async () => {
    await world(async ({ standIn, arn }) => {
      const whoIs = (keys: {
        accessKeyId: string
        secretAccessKey: string
        sessionToken?: string
      }) => {
        const sts = new STSClient({ region: REGION, endpoint: standIn.endpoint, credentials: keys })
        return sts.send(new GetCallerIdentityCommand({})).finally(() => sts.destroy())
      }
      const me = await whoIs(credentials)
      expect(me).toMatchObject({
        Account: ACCOUNT,
        Arn: `arn:aws:iam::${ACCOUNT}:user/megilance-ci`
      })
      expect(arn.split(':')[4]).toBe(me.Account)
      // A session STS issued for a role in another account: that account, the assumed role.
      standIn.sts.issued.push({
        accessKeyId: 'ASIAE2EDUMMYSESSION1',
        secretAccessKey: 'session-secret',
        sessionToken: 'session-token',
        roleArn: 'arn:aws:iam::210987654321:role/megilance-deploy',
        sessionName: 'GitHubActions',
        subject: 'repo:megilance/megilance:ref:refs/heads/main',
        roleId: 'AROAE2EDUMMYROLE00001',
        expiresAt: Date.now() + 60_000
      })
      expect(
        await whoIs({
          accessKeyId: 'ASIAE2EDUMMYSESSION1',
          secretAccessKey: 'session-secret',
          sessionToken: 'session-token'
        })
      ).toMatchObject({
        Account: '210987654321',
        Arn: 'arn:aws:sts::210987654321:assumed-role/megilance-deploy/GitHubActions',
        UserId: 'AROAE2EDUMMYROLE00001:GitHubActions'
      })
      const stranger = { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'x' }
      expect(await errorOf(whoIs(stranger))).toMatch(/^InvalidClientTokenId/)
    })
  })

  it("answers fit AWS's published model of ECS", async () => {
    await world(async w => {
      w.standIn.ecs.express.queue(
        CLUSTER,
        'megilance-web',
        expressDeployments.crashes(crashedTask(), FAST)
      )
      const call = raw(w.standIn)
      const { target } = await update(w, { primaryContainer: { image: 'repo/web:2' } })
      const listed = await call('ListServiceDeployments', {
        cluster: CLUSTER,
        service: 'megilance-web'
      })
      const arns = (listed.serviceDeployments as { serviceDeploymentArn: string }[]).map(
        s => s.serviceDeploymentArn
      )
      for (let i = 0; i < 30; i++)
        await call('DescribeServiceDeployments', { serviceDeploymentArns: arns })
      await call('DescribeExpressGatewayService', { serviceArn: w.arn, include: ['TAGS'] })
      await call('DescribeServices', { cluster: CLUSTER, services: ['megilance-web'] })
      await call('DescribeServiceRevisions', { serviceRevisionArns: [target.serviceRevisionArn] })
      await call('UpdateExpressGatewayService', { serviceArn: w.arn, cpu: '2048' })
      await call('CreateExpressGatewayService', {
        infrastructureRoleArn: role('infra'),
        primaryContainer: { image: 'public.ecr.aws/nginx/nginx:latest' }
      })
      await call('DeleteExpressGatewayService', { serviceArn: w.arn })
    })
  })
})
