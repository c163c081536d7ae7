import { readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ServiceSeed } from '../../../tools/stand-in/ecs/ecs.js'
import {
  STATIC_KEYS,
  type StandIn,
  type StandInOptions,
  startStandIn
} from '../../../tools/stand-in/index.js'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import { CLUSTER, placeholderImage, service } from '../../../tools/harness/megilance.js'
import { Job, type StepResult } from '../../../tools/harness/runner.js'

/*
 * One MegiLance service in the stand-in, for the scenarios that watch a single deploy to its end
 * (verdict.test.ts, strategies.test.ts): megilance-backend running revision 1, and a job.
 */

/** examples/megilance/backend-task-definition.json as a user keeps it. */
export function backendDefinition(): Record<string, unknown> {
  return JSON.parse(
    readFileSync(resolve('examples/megilance/backend-task-definition.json'), 'utf8')
  ) as Record<string, unknown>
}

export interface BackendWorld {
  readonly standIn: StandIn
  readonly job: Job
  /** megilance-backend:1, what the service runs (SUCCESSFUL in ECS's service deployments). */
  readonly rev1: string
  /** The checkout the job's steps run in. */
  readonly workspace: string
}

/** How the service is set up beyond revision 1 and two tasks: strategy, scripts, controller. */
export type BackendSeed = Omit<
  ServiceSeed,
  'cluster' | 'service' | 'taskDefinition' | 'desiredCount'
>

/**
 * A stand-in with megilance-backend running revision 1 (the example, image release-1) on two
 * tasks, and a job; the job's step results are added to `steps`; all is cleaned up after `body`.
 */
export async function backendWorld(
  options: StandInOptions,
  seed: BackendSeed,
  steps: StepResult[],
  body: (w: BackendWorld) => Promise<void>
): Promise<void> {
  const standIn = await startStandIn(options)
  const definition = backendDefinition() as { containerDefinitions: { image: string }[] }
  for (const c of definition.containerDefinitions)
    c.image = placeholderImage('backend', 'release-1')
  const rev1 = standIn.ecs.seedTaskDefinition(definition as unknown as Record<string, unknown>)
  standIn.ecs.seedService({
    ...seed,
    cluster: CLUSTER,
    service: service('backend'),
    taskDefinition: rev1,
    desiredCount: 2
  })
  const workspace = createMegilanceWorkspace()
  const job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    staticKeys: STATIC_KEYS,
    repository: 'megilance/megilance'
  })
  try {
    await body({ standIn, job, rev1, workspace })
  } finally {
    steps.push(...job.results)
    job.close()
    await standIn.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}
