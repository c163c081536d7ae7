import { afterAll, afterEach } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type Service
} from '@aws-sdk/client-ecs'
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock'
import { run } from '../../src/actions/ecs-deploy/main.js'
import type { Runtime } from '../../src/actions/ecs-deploy/runtime.js'
import { cleanup, runAction, type ActionRun } from './action-env.js'
import {
  BACKEND_IMAGE_NEW,
  CLUSTER,
  REGION,
  SERVICE,
  registered,
  rolling,
  steady
} from './ecs-fixtures.js'
import { fakeRuntime, type FakeRuntimeOptions } from './fakes/fake-runtime.js'

/*
 * The whole action-ecs-deploy step, run in-process (runAction) against ECS mocked with
 * aws-sdk-client-mock: one set-up for every unit test that drives the step from its inputs.
 */

export type EcsMock = AwsClientStub<ECSClient>

/** The step's service: region, cluster and service of the MegiLance backend. */
export const STEP = { 'aws-region': REGION, cluster: CLUSTER, service: SERVICE }
/** The MegiLance step: its backend container by name, the running revision as the base. */
export const BACKEND = { ...STEP, 'container-name': 'backend', image: BACKEND_IMAGE_NEW }

/** ECS on an account whose ECS has no service deployments API (an older Region or endpoint). */
export const unknownOperation = Object.assign(new Error('Unknown operation'), {
  name: 'UnknownOperationException'
})

/**
 * ECS for a rollout, DescribeServices aside (each test scripts what the service shows): every
 * revision described as registered, RegisterTaskDefinition answering :42 with the new image,
 * UpdateService starting our deployment, tags accepted, no service deployments API, no stopped
 * tasks.
 */
export function stubRollout(ecs: EcsMock): void {
  ecs.reset()
  ecs.on(DescribeTaskDefinitionCommand).callsFake(input => {
    const revision = Number(/:(\d+)$/.exec(String(input.taskDefinition))?.[1] ?? 41)
    return { taskDefinition: registered(revision), tags: [] }
  })
  ecs
    .on(RegisterTaskDefinitionCommand)
    .resolves({ taskDefinition: registered(42, BACKEND_IMAGE_NEW) })
  ecs.on(UpdateServiceCommand).resolves({ service: rolling({ runningCount: 0 }) })
  ecs.on(TagResourceCommand).resolves({})
  ecs.on(ListServiceDeploymentsCommand).rejects(unknownOperation)
  ecs.on(ListTasksCommand).resolves({ taskArns: [] })
}

/** stubRollout, and the service steady on revision 41 before the deploy (and after it). */
export function stubSteady(ecs: EcsMock): void {
  stubRollout(ecs)
  servicesShow(ecs, steady())
}

export interface StepRunOptions extends FakeRuntimeOptions {
  httpGet?: Runtime['httpGet']
  /** The entry to run (default: the main step); post-report's runPost for the post step. */
  entry?: (runtime: Runtime) => Promise<void>
  /** State saved by the main step, for the post step. */
  state?: Record<string, string>
}

export interface DeployStep {
  readonly ecs: EcsMock
  /** Runs the step with these inputs on a fake runtime; its RUNNER_TEMP goes after the test. */
  run(inputs: Record<string, string>, options?: StepRunOptions): Promise<ActionRun>
  /** The path of `name` in the suite's temp folder, with `content` written to it when given. */
  file(name: string, content?: string): string
  /** Writes a task definition (as JSON, or as the text given) to a new file; returns its path. */
  taskDefinition(td: unknown): string
}

/**
 * The set-up of a suite that drives the step: the ECS mock (reset and stubbed by the suite, with
 * stubRollout or stubSteady), a temp folder for task-definition files, and the step runs of each
 * test cleaned up after it.
 */
export function deployStep(): DeployStep {
  const ecs = mockClient(ECSClient)
  const runs: ActionRun[] = []
  let dir: string | undefined
  let files = 0
  afterEach(() => runs.splice(0).forEach(cleanup))
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })
  const file = (name: string, content?: string) => {
    dir ??= mkdtempSync(join(tmpdir(), 'deploy-step-'))
    const path = join(dir, name)
    if (content !== undefined) writeFileSync(path, content)
    return path
  }
  return {
    ecs,
    file,
    taskDefinition: td =>
      file(`td-${++files}.json`, typeof td === 'string' ? td : JSON.stringify(td, null, 2)),
    run: async (inputs, { entry = run, state = {}, ...runtime } = {}) => {
      const r = await runAction(inputs, () => entry(fakeRuntime(runtime)), {}, state)
      runs.push(r)
      return r
    }
  }
}

/**
 * What DescribeServices answers, call by call: each view once, in turn, and the last one from
 * then on. The first is the service as the step finds it (steady() unless the test says).
 */
export function servicesShow(ecs: EcsMock, ...views: Service[]): void {
  let stub = ecs.on(DescribeServicesCommand)
  for (const view of views.slice(0, -1)) stub = stub.resolvesOnce({ services: [view] })
  stub.resolves({ services: views.slice(-1) })
}
