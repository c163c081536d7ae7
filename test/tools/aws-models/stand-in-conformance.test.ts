import { afterEach, describe, expect, it } from '@jest/globals'
import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  UpdateServiceCommand
} from '@aws-sdk/client-ecs'
import type { BuildMiddleware, MetadataBearer } from '@smithy/types'
import { seedMegilance, service, CLUSTER } from '../../../tools/harness/megilance.js'
import { STATIC_KEYS, type StandIn, startStandIn } from '../../../tools/stand-in/index.js'

/*
 * The conformance check wired into the stand-in: a request that breaks AWS's model is refused as
 * AWS refuses a malformed request and recorded, an answer that breaks it is recorded as the
 * stand-in's defect, and close() fails on either, so a suite that closes its stand-in fails.
 */

const credentials = {
  accessKeyId: STATIC_KEYS.AWS_ACCESS_KEY_ID,
  secretAccessKey: STATIC_KEYS.AWS_SECRET_ACCESS_KEY
}

/** The real SDK client, with one more member put into its JSON body before the body is signed. */
function clientAdding(standIn: StandIn, extra: (body: Record<string, unknown>) => void): ECSClient {
  const client = new ECSClient({ region: 'us-east-1', endpoint: standIn.endpoint, credentials })
  const addMember: BuildMiddleware<object, MetadataBearer> = next => async args => {
    const request = args.request as { body?: unknown; headers?: Record<string, string> }
    // The SDK's JSON body: a string, or its UTF-8 bytes.
    const text =
      request.body instanceof Uint8Array
        ? new TextDecoder().decode(request.body)
        : typeof request.body === 'string'
          ? request.body
          : undefined
    if (text === undefined) throw new Error('the test expected a JSON body')
    const body = JSON.parse(text) as Record<string, unknown>
    extra(body)
    request.body = JSON.stringify(body)
    if (request.headers?.['content-length'] !== undefined) {
      request.headers['content-length'] = String(Buffer.byteLength(request.body as string))
    }
    return next(args)
  }
  client.middlewareStack.add(addMember, { step: 'build', name: 'addUnknownMember' })
  return client
}

const started: StandIn[] = []

async function standInWithMegilance(): Promise<StandIn> {
  const standIn = await startStandIn()
  started.push(standIn)
  seedMegilance(standIn)
  return standIn
}

afterEach(async () => {
  // Each test closes its own stand-in; these are the ones a failed expectation left open.
  for (const s of started.splice(0)) await s.close().catch(() => undefined)
})

describe('the stand-in held to the AWS models', () => {
  it('refuses a request with an unknown member (400 ValidationException), records it, and close() throws', async () => {
    const standIn = await standInWithMegilance()
    const ecs = clientAdding(standIn, body => {
      body.deploymentConfiguration = { maximumPercent: 200, rollingUpdateStrategy: 'FAST' }
    })
    const update = new UpdateServiceCommand({ cluster: CLUSTER, service: service('backend') })

    const error = await ecs.send(update).then(
      () => undefined,
      (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } }
    )

    expect(error?.name).toBe('ValidationException')
    expect(error?.$metadata?.httpStatusCode).toBe(400)
    expect(error?.message).toContain(
      'UpdateService.input.deploymentConfiguration.rollingUpdateStrategy: unknown member'
    )
    expect(standIn.violations()).toEqual([
      {
        side: 'request',
        service: 'ecs',
        operation: 'UpdateService',
        path: 'UpdateService.input.deploymentConfiguration.rollingUpdateStrategy',
        problem: 'unknown member: DeploymentConfiguration has no rollingUpdateStrategy'
      }
    ])
    expect(standIn.calls.filter(c => c.op === 'UpdateService')).toMatchObject([
      { status: 400, error: 'ValidationException' }
    ])
    expect(standIn.answered('UpdateService')).toEqual([])
    await expect(standIn.close()).rejects.toThrow(
      /1 violation\(s\) of the AWS models[\s\S]*request ecs: UpdateService\.input\.deploymentConfiguration\.rollingUpdateStrategy: unknown member/
    )
  })

  it('answers a request the model allows, and closes without an error', async () => {
    const standIn = await standInWithMegilance()
    const ecs = clientAdding(standIn, body => {
      body.deploymentConfiguration = { maximumPercent: 200, minimumHealthyPercent: 100 }
    })

    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: service('backend') }))
    const plain = new ECSClient({ region: 'us-east-1', endpoint: standIn.endpoint, credentials })
    await plain.send(
      new DescribeServicesCommand({ cluster: CLUSTER, services: [service('backend')] })
    )

    expect(standIn.violations()).toEqual([])
    expect(standIn.answered('UpdateService')).toHaveLength(1)
    await expect(standIn.close()).resolves.toBeUndefined()
  })

  it('refuses a value out of range and a value of the wrong JSON type', async () => {
    const standIn = await standInWithMegilance()
    const ecs = clientAdding(standIn, body => {
      body.desiredCount = '2'
      body.capacityProviderStrategy = [{ capacityProvider: 'FARGATE', weight: 1001 }]
    })

    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: service('backend') }))
    ).rejects.toThrow(/2 validation errors detected/)
    expect(standIn.violations().map(v => `${v.path}: ${v.problem}`)).toEqual([
      'UpdateService.input.desiredCount: expected an integer, got string "2"',
      'UpdateService.input.capacityProviderStrategy[0].weight: 1001 is above the maximum 1000'
    ])
    await expect(standIn.close()).rejects.toThrow(/2 violation\(s\)/)
  })

  it("records an answer that breaks the model as the stand-in's defect", async () => {
    const standIn = await standInWithMegilance()
    standIn.ecs.operations.ListClusters = () => ({ clusterArns: 'not-a-list' })
    const ecs = clientAdding(standIn, () => undefined)

    await ecs.send(new ListClustersCommand({}))

    expect(standIn.violations()).toEqual([
      {
        side: 'answer',
        service: 'ecs',
        operation: 'ListClusters',
        path: 'ListClusters.output.clusterArns',
        problem: 'expected an array, got string "not-a-list"'
      }
    ])
    await expect(standIn.close()).rejects.toThrow(/answer \(stand-in defect\) ecs: ListClusters/)
  })

  it("records an STS answer that breaks the model as the stand-in's defect", async () => {
    const standIn = await startStandIn({ verifyOidc: () => undefined })
    started.push(standIn)
    standIn.sts.handle = () => ({
      result: { Credentials: { AccessKeyId: 'ASIA1' } },
      xml: '<AssumeRoleWithWebIdentityResponse/>'
    })
    const form = new URLSearchParams({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::123456789012:role/megilance-deploy',
      RoleSessionName: 'GitHubActions',
      WebIdentityToken: 'token'
    })

    const response = await fetch(standIn.endpoint, { method: 'POST', body: form })

    expect(response.status).toBe(200)
    expect(standIn.violations().map(v => `${v.side} ${v.path}: ${v.problem}`)).toEqual([
      'answer AssumeRoleWithWebIdentity.output.Credentials.SecretAccessKey: required by Credentials, missing',
      'answer AssumeRoleWithWebIdentity.output.Credentials.SessionToken: required by Credentials, missing',
      'answer AssumeRoleWithWebIdentity.output.Credentials.Expiration: required by Credentials, missing',
      'answer AssumeRoleWithWebIdentity.output.Credentials.AccessKeyId: length 5 is below the minimum 16'
    ])
    await expect(standIn.close()).rejects.toThrow(/answer \(stand-in defect\) sts/)
  })

  it('refuses an STS query request with an unknown parameter (400 ValidationError)', async () => {
    const standIn = await startStandIn()
    started.push(standIn)
    const form = new URLSearchParams({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::123456789012:role/megilance-deploy',
      RoleSessionName: 'GitHubActions',
      WebIdentityToken: 'token',
      SessionColour: 'blue'
    })

    const response = await fetch(standIn.endpoint, { method: 'POST', body: form })

    expect(response.status).toBe(400)
    expect(await response.text()).toContain('<Code>ValidationError</Code>')
    expect(standIn.violations().map(v => v.path)).toEqual([
      'AssumeRoleWithWebIdentity.input.SessionColour'
    ])
    await expect(standIn.close()).rejects.toThrow(/request sts: AssumeRoleWithWebIdentity/)
  })
})
