import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLUSTER, REGION, deployInputs, service } from '../../../tools/harness/megilance.js'
import type { Job, StepResult } from '../../../tools/harness/runner.js'
import {
  type AwsCall,
  type DeploymentGroupSeed,
  type StandIn,
  type StandInOptions,
  targetGroupArn
} from '../../../tools/stand-in/index.js'
import { type BackendWorld, backendWorld } from './world.js'

/*
 * megilance-backend on the CODE_DEPLOY controller, for the CodeDeploy scenarios
 * (codedeploy.test.ts, codedeploy-modes.test.ts): behind a load balancer, on Fargate capacity
 * providers, with the deployment group the ECS console would create for it
 * (AppECS-<cluster>-<service>, DgpECS-<cluster>-<service>), and the helpers that read back what
 * the step sent.
 */

export const BACKEND = service('backend')
export const APP = 'AppECS-megilance-cluster-megilance-backend'
export const GROUP = 'DgpECS-megilance-cluster-megilance-backend'
export const SMOKE = 'megilance-smoke-test'
const WRITES = [
  'RegisterTaskDefinition',
  'UpdateService',
  'CreateDeployment',
  'StopDeployment',
  'ContinueDeployment',
  'TagResource'
]

/** megilance-backend on the CODE_DEPLOY controller, behind a load balancer, with its group. */
export function codeDeployWorld(
  steps: StepResult[],
  group: Partial<DeploymentGroupSeed>,
  body: (w: BackendWorld) => Promise<void>,
  options: StandInOptions = {}
): Promise<void> {
  return backendWorld(
    { serviceDeployments: true, ...options },
    {
      deploymentController: 'CODE_DEPLOY',
      loadBalancers: [
        {
          targetGroupArn: targetGroupArn('megilance-backend-blue'),
          containerName: 'backend',
          containerPort: 8000
        }
      ],
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0aaa', 'subnet-0bbb'],
          securityGroups: ['sg-0ccc'],
          assignPublicIp: 'DISABLED'
        }
      },
      platformVersion: '1.4.0',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }]
    },
    steps,
    async w => {
      w.standIn.codedeploy.seedDeploymentGroup({
        application: APP,
        deploymentGroup: GROUP,
        cluster: CLUSTER,
        service: BACKEND,
        targetGroups: ['megilance-backend-blue', 'megilance-backend-green'],
        ...group
      })
      await body(w)
    }
  )
}

export const deploy = (job: Job, extra: Record<string, string> = {}) =>
  job.run('ecs-deploy', deployInputs('backend', extra, { role: false }))
export const act = (job: Job, mode: string, extra: Record<string, string> = {}) =>
  job.run('ecs-deploy', {
    'aws-region': REGION,
    cluster: CLUSTER,
    service: BACKEND,
    mode,
    'poll-interval-seconds': '1',
    'wait-for-minutes': '3',
    ...extra
  })

export const writes = (calls: readonly AwsCall[]) =>
  calls.filter(c => c.status === 200 && WRITES.includes(c.op)).map(c => c.op)
export const created = (standIn: StandIn) =>
  standIn.answered('CreateDeployment').map(c => {
    const revision = c.input.revision as { appSpecContent: { content: string; sha256: string } }
    return JSON.parse(revision.appSpecContent.content) as {
      Resources: { TargetService: { Properties: Record<string, unknown> } }[]
      Hooks?: Record<string, string>[]
    }
  })
export const taskDefinitionOf = (spec: ReturnType<typeof created>[number]) =>
  spec.Resources[0]?.TargetService.Properties.TaskDefinition

/** An AppSpec file in the workspace naming the smoke test hook for `event`. */
export function appSpecFile(
  workspace: string,
  event = 'AfterAllowTestTraffic',
  name = 'appspec.yaml'
) {
  mkdirSync(join(workspace, 'deploy'), { recursive: true })
  writeFileSync(
    join(workspace, 'deploy', name),
    [
      'version: 0.0',
      'Resources:',
      '  - TargetService:',
      '      Type: AWS::ECS::Service',
      '      Properties:',
      '        TaskDefinition: "<TASK_DEFINITION>"',
      '        LoadBalancerInfo:',
      '          ContainerName: "backend"',
      '          ContainerPort: 8000',
      'Hooks:',
      `  - ${event}: "${SMOKE}"`,
      ''
    ].join('\n')
  )
  return `deploy/${name}`
}

export function expectOutcome(step: StepResult, outcome: string, exitCode: number): void {
  if (step.outputs.outcome !== outcome || step.exitCode !== exitCode) {
    throw new Error(
      `${step.name}: expected outcome ${outcome} (exit ${exitCode}), got ${step.outputs.outcome} (exit ${step.exitCode})\n${step.log}`
    )
  }
}
