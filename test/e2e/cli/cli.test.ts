import { describe, expect, it } from '@jest/globals'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cliHome, runCli } from '../../../tools/harness/cli.js'
import { readCommands } from '../../../tools/harness/workflow-commands.js'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  CLUSTER,
  REGION,
  placeholderImage,
  seedMegilance,
  service,
  tdArn
} from '../../../tools/harness/megilance.js'
import {
  type RolloutScript,
  STATIC_KEYS,
  rollouts,
  startStandIn
} from '../../../tools/stand-in/index.js'
import {
  BACKEND,
  DEPLOY,
  GITLAB,
  TIMING,
  WHERE,
  crash,
  expectExit,
  outputNames,
  world,
  writes
} from '../support/cli-world.js'

/*
 * The CLI as a process: `node dist/cli/index.js` against the stand-in, reached through
 * AWS_ENDPOINT_URL_* as the actions reach it, with static keys from the environment. Each case
 * asserts the exit code, what stdout and stderr say, and the AWS calls made and not made. Bad
 * input, diff and credentials: cli-input.test.ts.
 */

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

  it("in a run: step: a container's workflow commands, a bare \\r among them, printed and never obeyed", async () => {
    const lines = [
      'Booting\r::set-output name=outcome::succeeded',
      '  ::save-state name=isPost::false'
    ]
    const injected = { ...crash, containerReason: '##[set-output name=exit]0', logLines: lines }
    const script = rollouts.circuitBreaker([injected, injected])
    await world(
      { circuitBreaker: { enable: true, rollback: true }, rollouts: [script] },
      async ({ cli }) => {
        const r = await cli(DEPLOY)
        expectExit(r, 1)
        expect(readCommands(lines.join('\n')).commands.length).toBe(2) // printed raw, obeyed
        for (const stream of [r.stdout, r.stderr]) {
          const read = readCommands(stream)
          expect([read.outputs, read.state]).toEqual([{}, {}])
          expect(read.commands.filter(c => c.name !== 'stop-commands')).toEqual([])
        }
        expect(r.stdout).toContain('Booting::set-output name=outcome::succeeded')
        expect(r.stdout).toContain('##[set-output name=exit]0')
        expect(r.stdout).toMatch(/^::stop-commands::[0-9a-f]{32}$/m)
        expect(r.stdout + r.stderr).not.toContain('\r')
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

  it('a release of two services with --json: one line per service, the services output as an array', async () => {
    const standIn = await startStandIn({ serviceDeployments: true })
    seedMegilance(standIn, {
      rollouts: { backend: [rollouts.succeeds(2, 3)], frontend: [rollouts.succeeds(2, 4)] }
    })
    const workspace = createMegilanceWorkspace()
    const home = cliHome()
    const entry = (app: 'backend' | 'frontend') =>
      `  - service: ${service(app)}\n    task-definition: deploy/${app}-task-definition.json\n    container-name: ${app}\n    image: ${placeholderImage(app, 'release-2')}\n`
    writeFileSync(
      join(workspace, 'release.yml'),
      `cluster: ${CLUSTER}\nservices:\n${entry('backend')}${entry('frontend')}`
    )
    try {
      const r = await runCli(
        ['deploy', '--region', REGION, '--release', 'release.yml', ...TIMING, '--json'],
        { cwd: workspace, env: { ...home.env, ...standIn.endpointEnv, ...STATIC_KEYS } }
      )
      expectExit(r, 0)
      const outputs = JSON.parse(r.stdout) as { outcome: string; services: unknown[] }
      expect(outputs.outcome).toBe('succeeded')
      expect(outputs.services).toEqual([
        expect.objectContaining({ service: service('backend'), outcome: 'succeeded' }),
        expect.objectContaining({ service: service('frontend'), outcome: 'succeeded' })
      ])
      for (const app of ['backend', 'frontend'] as const) {
        expect(r.stderr).toMatch(new RegExp(`^ {2}\\d:\\d\\d ${service(app)}: IN_PROGRESS: `, 'm'))
        expect(r.stderr).toMatch(
          new RegExp(`^ {2}${service(app)}: succeeded, megilance-${app}:2$`, 'm')
        )
      }
      expect(writes(standIn).filter(op => op === 'UpdateService')).toHaveLength(2)
    } finally {
      home.remove()
      rmSync(workspace, { recursive: true, force: true })
      await standIn.close()
    }
  })
})
