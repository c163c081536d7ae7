import { expect } from '@jest/globals'
import {
  DescribeExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  type ServiceDeployment,
  UpdateExpressGatewayServiceCommand
} from '@aws-sdk/client-ecs'
import {
  ACCOUNT,
  REGION,
  STATIC_KEYS,
  type StandIn,
  startStandIn
} from '../../../tools/stand-in/index.js'
import { checkOutput, formatViolation } from '../../../tools/aws-models/index.js'

/*
 * One stand-in with one Express service (megilance-web), real SDK clients pointed at it, and what
 * the Express tests do with them: watch the service deployment a call started, update, call on
 * the wire and read the answer against AWS's published model.
 */

export const CLUSTER = 'megilance'
export const FAST = { minuteMs: 20 }
export const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
export const credentials = {
  accessKeyId: STATIC_KEYS.AWS_ACCESS_KEY_ID,
  secretAccessKey: STATIC_KEYS.AWS_SECRET_ACCESS_KEY
}
const ONGOING = ['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']

export interface World {
  readonly standIn: StandIn
  readonly ecs: ECSClient
  /** megilance-web, an Express service running repo/web:1 (SUCCESSFUL). */
  readonly arn: string
}

export async function world(body: (w: World) => Promise<void>): Promise<void> {
  const standIn = await startStandIn()
  const ecs = new ECSClient({ region: REGION, endpoint: standIn.endpoint, credentials })
  const arn = standIn.ecs.express.seed({
    cluster: CLUSTER,
    serviceName: 'megilance-web',
    executionRoleArn: role('ecsTaskExecutionRole'),
    primaryContainer: { image: 'repo/web:1', containerPort: 8080 },
    healthCheckPath: '/health'
  })
  try {
    await body({ standIn, ecs, arn })
  } finally {
    ecs.destroy()
    await standIn.close()
  }
}

/** The service deployment a call made at `since` started, polled until it ends (or `polls`). */
export async function watch(
  ecs: ECSClient,
  service: string,
  since: Date,
  polls = 300,
  cluster = CLUSTER
) {
  const list = await ecs.send(
    new ListServiceDeploymentsCommand({ cluster, service, createdAt: { after: since } })
  )
  const arn = list.serviceDeployments?.[0]?.serviceDeploymentArn ?? ''
  const seen: string[] = []
  let sd: ServiceDeployment = {}
  for (let i = 0; i < polls; i++) {
    const out = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })
    )
    sd = out.serviceDeployments?.[0] ?? {}
    seen.push(`${sd.status}/${sd.lifecycleStage ?? '-'}`)
    if (!ONGOING.includes(sd.status ?? '')) break
    await new Promise(resolve => setTimeout(resolve, 5))
  }
  return { arn, sd, seen: [...new Set(seen)] }
}

export async function update(w: World, members: Record<string, unknown>) {
  const since = new Date()
  const out = await w.ecs.send(
    new UpdateExpressGatewayServiceCommand({ serviceArn: w.arn, ...members })
  )
  return { since, target: out.service?.targetConfiguration ?? {} }
}

export const images = async (w: World) => {
  const out = await w.ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn: w.arn }))
  return (out.service?.activeConfigurations ?? []).map(c => c.primaryContainer?.image)
}

export const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: Error) => `${e.name}: ${e.message}`
  )

/** A JSON 1.1 call as the wire carries it, signed with the static keys. */
export async function wire(standIn: StandIn, op: string, input: Record<string, unknown>) {
  const response = await fetch(standIn.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${op}`,
      authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20260101/${REGION}/ecs/aws4_request`
    },
    body: JSON.stringify(input)
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** Calls whose answers must be 200 and fit the model's output shape of the operation. */
export function raw(standIn: StandIn) {
  return async (op: string, input: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const { status, body } = await wire(standIn, op, input)
    expect([op, status]).toEqual([op, 200])
    expect([op, checkOutput('ecs', op, body).map(formatViolation)]).toEqual([op, []])
    return body
  }
}
