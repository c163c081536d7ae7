import { readFileSync, rmSync } from 'node:fs'
import { parse } from 'yaml'
import { type CliResult, cliHome, runCli } from '../../../tools/harness/cli.js'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import { CLUSTER, REGION, placeholderImage, service } from '../../../tools/harness/megilance.js'
import {
  STATIC_KEYS,
  type ServiceSeed,
  type StandIn,
  startStandIn
} from '../../../tools/stand-in/index.js'
import { backendDefinition } from './world.js'

/*
 * The CLI's world for the runner-level tests (cli.test.ts, cli-input.test.ts): megilance-backend
 * in the stand-in, a workspace with its task definition, and `node dist/cli/index.js` run there
 * with the stand-in's AWS_ENDPOINT_URL_* and static keys.
 */

export const BACKEND = service('backend')
const WRITES = [
  'RegisterTaskDefinition',
  'UpdateService',
  'TagResource',
  'StopServiceDeployment',
  'ContinueServiceDeployment',
  'CreateLogGroup',
  'PutRetentionPolicy'
]
export const GITLAB = {
  GITLAB_CI: 'true',
  CI_COMMIT_SHA: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  CI_JOB_URL: 'https://gitlab.com/megilance/megilance/-/jobs/4242'
}
export const WHERE = ['--region', REGION, '--cluster', CLUSTER, '--service', BACKEND]
export const TIMING = ['--poll-interval-seconds', '1', '--wait-for-minutes', '3']
export const DEPLOY = [
  'deploy',
  ...WHERE,
  '--task-definition',
  'deploy/backend-task-definition.json',
  '--container-name',
  'backend',
  '--image',
  placeholderImage('backend', 'release-2'),
  ...TIMING
]
export const crash = {
  stoppedReason: 'Essential container in task exited',
  exitCode: 1,
  containerReason: 'RuntimeError: DATABASE_URL is not set'
}

export interface CliWorld {
  readonly standIn: StandIn
  readonly rev1: string
  /** Runs the CLI in the workspace with the stand-in's endpoints (and static keys, unless `keys` is false). */
  readonly cli: (
    args: readonly string[],
    env?: Record<string, string>,
    keys?: boolean
  ) => Promise<CliResult>
  readonly home: string
}

/** megilance-backend running revision 1 on two tasks, a workspace with its task definition. */
export async function world(
  seed: Omit<ServiceSeed, 'cluster' | 'service' | 'taskDefinition' | 'desiredCount'>,
  body: (w: CliWorld) => Promise<void>
): Promise<void> {
  const standIn = await startStandIn({ serviceDeployments: true })
  const definition = backendDefinition() as {
    containerDefinitions: {
      image: string
      logConfiguration?: { options?: Record<string, string> }
    }[]
  }
  for (const c of definition.containerDefinitions) {
    c.image = placeholderImage('backend', 'release-1')
    const group = c.logConfiguration?.options?.['awslogs-group']
    if (group !== undefined && !standIn.logs.hasGroup(group)) standIn.logs.seedGroup(group)
  }
  const rev1 = standIn.ecs.seedTaskDefinition(definition as unknown as Record<string, unknown>)
  standIn.ecs.seedService({
    ...seed,
    cluster: CLUSTER,
    service: BACKEND,
    taskDefinition: rev1,
    desiredCount: 2
  })
  const workspace = createMegilanceWorkspace()
  const home = cliHome()
  const cli = (args: readonly string[], env: Record<string, string> = {}, keys = true) =>
    runCli(args, {
      cwd: workspace,
      env: { ...home.env, ...standIn.endpointEnv, ...(keys ? STATIC_KEYS : {}), ...env }
    })
  try {
    await body({ standIn, rev1, cli, home: home.env.HOME ?? '' })
  } finally {
    home.remove()
    rmSync(workspace, { recursive: true, force: true })
    await standIn.close()
  }
}

export const writes = (standIn: StandIn, from = 0) =>
  standIn.calls
    .slice(from)
    .filter(c => c.status === 200 && WRITES.includes(c.op))
    .map(c => c.op)

/** Fails with everything the CLI said, so a red test tells why. */
export function expectExit(r: CliResult, code: number): void {
  if (r.exitCode !== code)
    throw new Error(
      `ecs-deploy ${r.args.join(' ')}: exit ${r.exitCode}, expected ${code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`
    )
}

export const outputNames = Object.keys(
  (parse(readFileSync('action-ecs-deploy/action.yml', 'utf8')) as { outputs: object }).outputs
).sort()
