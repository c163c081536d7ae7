import { describe, expect, it } from '@jest/globals'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { type CliResult, cliHome, runCli } from '../../tools/harness/cli.js'
import { createMegilanceWorkspace } from '../../tools/harness/machine.js'
import {
  CLUSTER,
  REGION,
  ROLE,
  placeholderImage,
  service,
  tdArn
} from '../../tools/harness/megilance.js'
import {
  type RolloutScript,
  STATIC_KEYS,
  type ServiceSeed,
  type StandIn,
  rollouts,
  startStandIn
} from '../../tools/stand-in/index.js'
import { backendDefinition } from './support/world.js'

/*
 * The CLI as a process: `node dist/cli/index.js` against the stand-in, reached through
 * AWS_ENDPOINT_URL_* as the actions reach it, with static keys from the environment (or a
 * profile, or a role). Each case asserts the exit code, what stdout and stderr say, and the AWS
 * calls made and not made.
 */

const BACKEND = service('backend')
const WRITES = [
  'RegisterTaskDefinition',
  'UpdateService',
  'TagResource',
  'StopServiceDeployment',
  'ContinueServiceDeployment',
  'CreateLogGroup',
  'PutRetentionPolicy'
]
const GITLAB = {
  GITLAB_CI: 'true',
  CI_COMMIT_SHA: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  CI_JOB_URL: 'https://gitlab.com/megilance/megilance/-/jobs/4242'
}
const WHERE = ['--region', REGION, '--cluster', CLUSTER, '--service', BACKEND]
const TIMING = ['--poll-interval-seconds', '1', '--wait-for-minutes', '3']
const DEPLOY = [
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
const crash = {
  stoppedReason: 'Essential container in task exited',
  exitCode: 1,
  containerReason: 'RuntimeError: DATABASE_URL is not set'
}

interface CliWorld {
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
async function world(
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

const writes = (standIn: StandIn, from = 0) =>
  standIn.calls
    .slice(from)
    .filter(c => c.status === 200 && WRITES.includes(c.op))
    .map(c => c.op)

/** Fails with everything the CLI said, so a red test tells why. */
function expectExit(r: CliResult, code: number): void {
  if (r.exitCode !== code)
    throw new Error(
      `ecs-deploy ${r.args.join(' ')}: exit ${r.exitCode}, expected ${code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`
    )
}

const outputNames = Object.keys(
  (parse(readFileSync('action-ecs-deploy/action.yml', 'utf8')) as { outputs: object }).outputs
).sort()

describe('the CLI (dist/cli/index.js) against the stand-in', () => {
  it('deploy --json in a GitLab CI job: succeeded, exit 0, the outputs as JSON on the last line of stdout', async () => {
    await world({ rollouts: [rollouts.succeeds(2, 3)] }, async ({ standIn, cli, rev1 }) => {
      const r = await cli([...DEPLOY, '--json'], GITLAB)
      expectExit(r, 0)
      const lines = r.stdout.trimEnd().split('\n')
      expect(lines).toHaveLength(1) // with --json, the log goes to stderr
      const outputs = JSON.parse(lines.at(-1) ?? '') as Record<string, string>
      expect(Object.keys(outputs).sort()).toEqual(outputNames)
      expect(outputs).toMatchObject({
        outcome: 'succeeded',
        'task-definition-arn': tdArn('backend', 2),
        'previous-task-definition-arn': rev1,
        'deployment-id': expect.stringMatching(/^ecs-svc\/\d+$/) as unknown as string,
        services: ''
      })
      expect(r.stderr).toContain('▸ Register the task definition')
      expect(r.stderr).toMatch(/^ {2}\d:\d\d IN_PROGRESS: \d\/2 running/m) // the progress, off a terminal
      expect(r.stderr).toContain(`✔ succeeded: ${BACKEND} in ${CLUSTER}, megilance-backend:2`)
      expect(writes(standIn)).toEqual(['RegisterTaskDefinition', 'UpdateService', 'TagResource'])
      expect(standIn.ops('sts')).toEqual([])
      expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(tdArn('backend', 2))
      expect(standIn.ecs.tagsOf(tdArn('backend', 2))).toMatchObject({
        'ecs-deploy-actions:commit': GITLAB.CI_COMMIT_SHA,
        'ecs-deploy-actions:run': GITLAB.CI_JOB_URL,
        'ecs-deploy-actions:outcome': 'succeeded'
      })
    })
  })

  it("a circuit-breaker failure ECS rolls back: exit 1, the reason and the container's words printed", async () => {
    const script: RolloutScript = rollouts.circuitBreaker([crash, crash])
    await world(
      { circuitBreaker: { enable: true, rollback: true }, rollouts: [script] },
      async ({ standIn, cli, rev1 }) => {
        const r = await cli(DEPLOY)
        expectExit(r, 1)
        expect(r.stdout).toContain('▸ Why the deployment failed')
        expect(r.stdout).toContain('RuntimeError: DATABASE_URL is not set')
        expect(r.stdout).toContain("ECS's rollback succeeded")
        expect(r.stdout).toContain(`✖ rolled-back: ${BACKEND} in ${CLUSTER}`)
        expect(r.stderr).toMatch(
          new RegExp(
            `^error: Deployment failed and was rolled back to ${rev1}: ECS stopped the deployment`,
            'm'
          )
        )
        // ECS rolled back, not the CLI: one UpdateService, ours
        expect(writes(standIn)).toEqual(['RegisterTaskDefinition', 'UpdateService', 'TagResource'])
        expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(rev1)
      }
    )
  })

  it('a blue/green deployment paused at a PAUSE hook (exit 0), then continue → succeeded', async () => {
    const seed = {
      deploymentConfiguration: {
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 0,
        lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }]
      },
      native: [{ minuteMs: 2000 }],
      rollouts: []
    }
    await world(seed, async ({ standIn, cli }) => {
      const paused = await cli(DEPLOY)
      expectExit(paused, 0)
      expect(paused.stdout).toMatch(
        /warning: Deployment paused at POST_TEST_TRAFFIC_SHIFT: The deployment is paused/
      )
      expect(paused.stdout).toContain(`⏸ paused: ${BACKEND} in ${CLUSTER}`)
      expect(paused.stdout).toContain(
        `to go on:      ecs-deploy continue --cluster ${CLUSTER} --service ${BACKEND} --region ${REGION}`
      )
      expect(writes(standIn)).toEqual(['RegisterTaskDefinition', 'UpdateService'])
      const hookId = /PAUSE hook (ecs-pause-[0-9a-f]+)/.exec(paused.stdout)?.[1]

      const mark = standIn.calls.length
      const continued = await cli(['continue', ...WHERE, ...TIMING, '--json'])
      expectExit(continued, 0)
      expect(JSON.parse(continued.stdout.trimEnd().split('\n').at(-1) ?? '')).toMatchObject({
        outcome: 'succeeded',
        'task-definition-arn': tdArn('backend', 2)
      })
      expect(standIn.answered('ContinueServiceDeployment').map(c => c.input)).toEqual([
        {
          serviceDeploymentArn: expect.stringContaining(':service-deployment/') as unknown,
          hookId,
          action: 'CONTINUE'
        }
      ])
      expect(writes(standIn, mark)).toEqual(['ContinueServiceDeployment', 'TagResource'])
      expect(standIn.ecs.running(CLUSTER, BACKEND)).toBe(tdArn('backend', 2))
    })
  }, 120_000)

  it('status: the service, its deployments, the revision with its commit, the outcome tags; reads only', async () => {
    await world({ rollouts: [rollouts.succeeds(2, 2)] }, async ({ standIn, cli }) => {
      expectExit(await cli(DEPLOY, GITLAB), 0)
      const mark = standIn.calls.length
      const r = await cli(['status', ...WHERE])
      expectExit(r, 0)
      expect(r.stdout).toContain(`${BACKEND} in ${CLUSTER} (${REGION})`)
      expect(r.stdout).toContain('status    ACTIVE, 2/2 tasks running')
      expect(r.stdout).toContain(
        `running   megilance-backend:2, commit ${GITLAB.CI_COMMIT_SHA.slice(0, 12)} (its commit tag), outcome succeeded`
      )
      expect(r.stdout).toMatch(
        /^ {2}PRIMARY {2}ecs-svc\/\d+ {2}megilance-backend:2 {2}COMPLETED {2}2\/2 running/m
      )
      expect(r.stdout).toMatch(/^ {2}megilance-backend:2 {2}succeeded {2}9fceb02d0ae5$/m)
      expect(r.stdout).toMatch(/^ {2}megilance-backend:1 {2}—$/m)
      const json = await cli(['status', ...WHERE, '--json'])
      expectExit(json, 0)
      expect(JSON.parse(json.stdout)).toMatchObject({
        service: BACKEND,
        'task-definition-arn': tdArn('backend', 2),
        commit: GITLAB.CI_COMMIT_SHA,
        outcome: 'succeeded'
      })
      const ops = standIn.calls.slice(mark).map(c => c.op)
      expect(ops.length).toBeGreaterThan(0)
      expect(ops.filter(op => !/^(Describe|List|BatchGetImage)/.test(op))).toEqual([])
    })
  })

  it.each<[string, string[], RegExp]>([
    [
      'an unknown flag, with the nearest',
      ['deploy', ...WHERE, '--clustr', 'x'],
      /^error: unknown flag --clustr; did you mean --cluster\?/
    ],
    [
      'an unknown command',
      ['deplyo', ...WHERE],
      /^error: unknown command "deplyo"; did you mean deploy\?/
    ],
    [
      "another command's flag",
      ['status', ...WHERE, '--image', 'x'],
      /^error: --image is not a flag of status; deploy and diff take it\./
    ],
    [
      'a value out of range',
      [...DEPLOY, '--max-failed-tasks', '-1'],
      /^error: --max-failed-tasks: -1 is below the minimum of 0\.\nNothing was written to AWS\./
    ],
    ['no service', ['deploy', '--region', REGION], /^error: --service: is required/],
    [
      'an image without its container',
      ['deploy', ...WHERE, '--image', placeholderImage('backend', 'x')],
      /^error: --container-name: is required with image/
    ]
  ])('bad input: %s → exit 2, not one AWS call', async (_name, argv, message) => {
    await world({ rollouts: [] }, async ({ standIn, cli }) => {
      const r = await cli(argv)
      expectExit(r, 2)
      expect(r.stderr).toMatch(message)
      expect(r.stdout).toBe('')
      expect(standIn.calls).toEqual([])
    })
  })

  it('a task definition file the engine refuses: exit 2, reads only, nothing written', async () => {
    await world({ rollouts: [] }, async ({ standIn, cli }) => {
      const r = await cli(['deploy', ...WHERE, '--task-definition', 'deploy/missing.json'])
      expectExit(r, 2)
      expect(r.stderr).toMatch(/^error: --task-definition: /m)
      expect(r.stderr).toContain('Nothing was written to AWS.')
      expect(writes(standIn)).toEqual([])
    })
  })

  it('--profile from the shared files (its keys and region), and --role-arn by AssumeRole', async () => {
    await world({ rollouts: [] }, async ({ standIn, cli, home }) => {
      writeFileSync(
        join(home, '.aws', 'credentials'),
        `[laptop]\naws_access_key_id = ${STATIC_KEYS.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${STATIC_KEYS.AWS_SECRET_ACCESS_KEY}\n`
      )
      writeFileSync(join(home, '.aws', 'config'), `[profile laptop]\nregion = ${REGION}\n`)
      const byProfile = await cli(
        ['status', '--cluster', CLUSTER, '--service', BACKEND, '--profile', 'laptop'],
        {},
        false
      )
      expectExit(byProfile, 0)
      expect(byProfile.stdout).toContain("AWS credentials: the AWS SDK's, from profile laptop.")
      expect(byProfile.stdout).toContain(`${BACKEND} in ${CLUSTER} (${REGION})`)

      const mark = standIn.calls.length
      const byRole = await cli(['status', ...WHERE, '--role-arn', ROLE, '--json'])
      expectExit(byRole, 0)
      expect(byRole.stderr).toContain(
        `Assumed arn:aws:sts::123456789012:assumed-role/megilance-deploy/ecs-deploy-cli`
      )
      const calls = standIn.calls.slice(mark)
      expect(calls[0]).toMatchObject({
        op: 'AssumeRole',
        accessKeyId: STATIC_KEYS.AWS_ACCESS_KEY_ID
      })
      expect(calls.slice(1).every(c => c.accessKeyId?.startsWith('ASIA'))).toBe(true)
      expect(standIn.answered('AssumeRole').map(c => c.input)).toEqual([
        expect.objectContaining({ RoleArn: ROLE, RoleSessionName: 'ecs-deploy-cli' })
      ])
    })
  })
})
