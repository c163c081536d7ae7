import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Job, type StepResult } from './runner.js'
import {
  ACCOUNT,
  type AwsCall,
  type ExpressScenario,
  INFRASTRUCTURE_ROLE,
  REGION,
  STATIC_KEYS,
  type StandIn,
  startStandIn
} from '../stand-in/index.js'

/*
 * One MegiLance Express service in the stand-in (megilance-web in megilance-cluster, its image
 * megilance-web:1 on port 8080, health check /health, its first deployment SUCCESSFUL) and a job,
 * for the runner-level Express tests (test/e2e/express/express.test.ts) and the bench
 * (bench/express-latency.ts).
 */

export const CLUSTER = 'megilance-cluster'
export const WEB = 'megilance-web'
export const EXECUTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/megilance-ecs-task-execution`
export const image = (tag: string) =>
  `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/megilance-web:${tag}`
export const serviceArn = (name: string) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${name}`
export { INFRASTRUCTURE_ROLE }

/** The writes a step can make to ECS. */
const WRITES = [
  'CreateExpressGatewayService',
  'UpdateExpressGatewayService',
  'StopServiceDeployment',
  'ContinueServiceDeployment',
  'UpdateService',
  'RegisterTaskDefinition',
  'TagResource'
]

export interface ExpressWorld {
  readonly standIn: StandIn
  readonly job: Job
}

/** The stand-in with megilance-web seeded, its next deployments scripted, and a job. */
export async function expressWorld(
  scenarios: readonly ExpressScenario[],
  steps: StepResult[],
  body: (w: ExpressWorld) => Promise<void>
): Promise<void> {
  const standIn = await startStandIn()
  standIn.ecs.express.seed({
    cluster: CLUSTER,
    serviceName: WEB,
    executionRoleArn: EXECUTION_ROLE,
    primaryContainer: { image: image('1'), containerPort: 8080 },
    healthCheckPath: '/health'
  })
  if (scenarios.length > 0) standIn.ecs.express.queue(CLUSTER, WEB, ...scenarios)
  const workspace = mkdtempSync(join(tmpdir(), 'express-ws-'))
  const job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    staticKeys: STATIC_KEYS,
    repository: 'megilance/megilance'
  })
  try {
    await body({ standIn, job })
  } finally {
    steps.push(...job.results)
    job.close()
    await standIn.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

/** The deploy step's inputs for an Express service: region, cluster, service, quick polls. */
export function expressInputs(
  extra: Readonly<Record<string, string>> = {},
  service = WEB
): Record<string, string> {
  return {
    'aws-region': REGION,
    cluster: CLUSTER,
    service,
    'poll-interval-seconds': '1',
    'wait-for-minutes': '3',
    ...extra
  }
}

/** The writes answered with success, in order. */
export const writes = (calls: readonly AwsCall[]) =>
  calls.filter(c => c.status === 200 && WRITES.includes(c.op)).map(c => c.op)

/** The ECS operations the step sent, in order (answered or not). */
export const opsOf = (calls: readonly AwsCall[]) =>
  calls.filter(c => c.service === 'ecs').map(c => c.op)

/** Fails with the step's whole log, so a red test says what the step said. */
export function expectOutcome(step: StepResult, outcome: string, exitCode: number): void {
  if (step.outputs.outcome !== outcome || step.exitCode !== exitCode) {
    throw new Error(
      `${step.name}: expected outcome ${outcome} (exit ${exitCode}), got ${step.outputs.outcome} (exit ${step.exitCode})\n${step.log}`
    )
  }
}
