import { describe, expect, it } from '@jest/globals'
import { readFileSync, rmSync } from 'node:fs'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  CLUSTER,
  deployInputs,
  placeholderImage,
  seedMegilance,
  service,
  tdArn,
  type SeedOptions
} from '../../../tools/harness/megilance.js'
import { Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import {
  STATIC_KEYS,
  type AwsCall,
  type StandIn,
  type StandInOptions,
  rollouts,
  startStandIn
} from '../../../tools/stand-in/index.js'

/*
 * The one-off task before the rollout (a migration), the containers' last log lines in a failure
 * explanation, log groups created on a first deploy, and task-definition-arn: the packaged
 * action-ecs-deploy (dist/) run as the runner runs it, against the local stand-in, whose ECS runs
 * standalone tasks (ecs/tasks.ts) that write to CloudWatch Logs (logs.ts), reached through
 * AWS_ENDPOINT_URL_CLOUDWATCH_LOGS.
 * Over 250 lines: one scenario per behaviour, sharing one stand-in set-up, read top to bottom.
 */

const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8'
const LOG_GROUP = '/ecs/megilance-backend'
const MIGRATION = 'alembic upgrade head'

interface Scenario {
  readonly standIn: StandIn
  readonly job: Job
  readonly before: { backend: string; frontend: string }
}

async function scenario(
  options: { standIn?: StandInOptions; seed?: SeedOptions },
  body: (s: Scenario) => Promise<void>
): Promise<void> {
  const standIn = await startStandIn(options.standIn ?? {})
  const before = seedMegilance(standIn, options.seed ?? {})
  const workspace = createMegilanceWorkspace()
  const job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    staticKeys: STATIC_KEYS,
    sha: SHA,
    repository: 'megilance/megilance',
    runId: '5550001'
  })
  try {
    await body({ standIn, job, before })
  } finally {
    job.close()
    await standIn.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

const backend = (extra: Record<string, string> = {}) =>
  deployInputs('backend', extra, { role: false })

const ops = (standIn: StandIn) => standIn.calls.filter(c => !c.throttled).map(c => c.op)
const answered = (standIn: StandIn, op: string): AwsCall[] => standIn.answered(op)

/** expect(actual).toBe(expected), showing the step's whole log when it fails. */
function expectStep(step: StepResult, actual: unknown, expected: unknown): void {
  if (actual !== expected) {
    throw new Error(
      `${step.name}: expected ${String(expected)}, got ${String(actual)} (exit ${step.exitCode})\n${step.log}`
    )
  }
}

describe('migrations, log lines and first deploys, under the runner contract', () => {
  it('a migration that exits 0, then the rollout', async () => {
    await scenario({}, async ({ standIn, job }) => {
      standIn.tasks.queueTask({
        exitCode: 0,
        lines: [
          'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.',
          'INFO  [alembic.runtime.migration] Running upgrade 1a2b3c -> 4d5e6f, add proposals table'
        ]
      })
      const step = await job.run('ecs-deploy', backend({ 'run-task-command': MIGRATION }))
      expectStep(step, step.outputs.outcome, 'succeeded')
      const run = answered(standIn, 'RunTask')
      expect(run).toHaveLength(1)
      const taskArn = standIn.tasks.run()[0]?.taskArn
      expect(step.outputs['run-task-arn']).toBe(taskArn)
      expect(step.outputs['run-task-exit-code']).toBe('0')
      expect(run[0]?.input).toEqual({
        // The run, its attempt and the revision: a RunTask sent again names the same task.
        clientToken: '5550001-1-megilance-backend:2',
        cluster: CLUSTER,
        taskDefinition: tdArn('backend', 2),
        count: 1,
        startedBy: 'ecs-deploy/run-task/megilance-backend',
        launchType: 'FARGATE',
        platformVersion: 'LATEST',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-0a1b2c3d4e5f60718'],
            securityGroups: ['sg-0a1b2c3d4e5f60718'],
            assignPublicIp: 'DISABLED'
          }
        },
        overrides: { containerOverrides: [{ name: 'backend', command: ['sh', '-c', MIGRATION] }] },
        tags: expect.arrayContaining([{ key: 'ecs-deploy-actions:commit', value: SHA }])
      })
      // Registered, then the migration to its end, then (only then) the service.
      const order = ops(standIn)
      const at = (op: string) => order.indexOf(op)
      expect(at('RegisterTaskDefinition')).toBeLessThan(at('RunTask'))
      expect(order.lastIndexOf('DescribeTasks')).toBeLessThan(at('UpdateService'))
      expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 2))
      // Its lines streamed into the step's log, never as workflow commands.
      expect(step.log).toContain(
        '  backend | INFO  [alembic.runtime.migration] Running upgrade 1a2b3c -> 4d5e6f, add proposals table'
      )
      expect(answered(standIn, 'GetLogEvents').every(c => c.input.startFromHead === true)).toBe(
        true
      )
      expect(step.summary).toContain('### One-off task')
      expect(step.summary).toContain('exited 0')
    })
  })

  it('a migration that exits 3: no UpdateService, the exit code and the log lines shown', async () => {
    await scenario({}, async ({ standIn, job, before }) => {
      standIn.tasks.queueTask({
        exitCode: 3,
        runningPolls: 2,
        lines: [
          'INFO  [alembic.runtime.migration] Running upgrade 4d5e6f -> 7a8b9c, rename bids',
          'sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation "bids" does not exist'
        ]
      })
      const step = await job.run(
        'ecs-deploy',
        backend({ 'run-task-command': '["alembic", "upgrade", "head"]' })
      )
      expectStep(step, step.exitCode, 1)
      expect(step.outputs).toMatchObject({
        outcome: 'failed',
        'run-task-exit-code': '3',
        'task-definition-arn': tdArn('backend', 2),
        'deployment-id': ''
      })
      expect(ops(standIn)).not.toContain('UpdateService')
      expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(before.backend)
      expect(answered(standIn, 'RunTask')[0]?.input.overrides).toEqual({
        containerOverrides: [{ name: 'backend', command: ['alembic', 'upgrade', 'head'] }]
      })
      const errors = annotations(step.log, 'error')
      expect(errors[0]).toEqual({
        title: 'One-off task failed',
        message: expect.stringMatching(
          /exited with code 3: Essential container in task exited\. The service was not updated\. Last log line: sqlalchemy\.exc\.ProgrammingError/
        )
      })
      expect(errors.at(-1)?.message).toMatch(
        /^Deployment failed: The one-off task \w+ .*exited with code 3/
      )
      expect(step.log).toContain('  backend | INFO  [alembic.runtime.migration] Running upgrade')
      expect(step.summary).toContain('❌ Failed')
      expect(step.summary).toContain('- Exit code: 3')
      expect(step.summary).toContain('relation "bids" does not exist')
      expect(step.summary).toContain('Running upgrade 4d5e6f -> 7a8b9c, rename bids')
    })
  })

  it('a migration that never stops: the time runs out, StopTask, the service untouched', async () => {
    await scenario({}, async ({ standIn, job, before }) => {
      standIn.tasks.queueTask({ neverStops: true, lines: ['Waiting for the migration lock…'] })
      const step = await job.run(
        'ecs-deploy',
        backend({
          'run-task-command': MIGRATION,
          'wait-for-minutes': '1',
          'poll-interval-seconds': '5'
        })
      )
      expectStep(step, step.exitCode, 1)
      const taskArn = standIn.tasks.run()[0]?.taskArn
      expect(step.outputs).toMatchObject({
        outcome: 'failed',
        'run-task-arn': taskArn,
        'run-task-exit-code': ''
      })
      expect(answered(standIn, 'StopTask').map(c => c.input)).toEqual([
        {
          cluster: CLUSTER,
          task: taskArn,
          reason: 'ecs-deploy: wait-for-minutes ran out before the one-off task stopped'
        }
      ])
      expect(ops(standIn)).not.toContain('UpdateService')
      expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(before.backend)
      expect(annotations(step.log, 'error')[0]?.message).toContain(
        'did not stop within wait-for-minutes and was stopped. The service was not updated. Last log line: Waiting for the migration lock…'
      )
    })
  }, 120_000)

  it('a job cancelled while the migration runs: the post step stops the task and says so', async () => {
    await scenario({}, async ({ standIn, job }) => {
      standIn.tasks.queueTask({ neverStops: true })
      const main = await job.run('ecs-deploy', backend({ 'run-task-command': MIGRATION }), {
        whileRunning: async child => {
          const deadline = Date.now() + 30_000
          while (answered(standIn, 'DescribeTasks').length < 2 && Date.now() < deadline) {
            await new Promise(done => setTimeout(done, 50))
          }
          child.kill('SIGTERM')
        }
      })
      expectStep(main, main.signal, 'SIGTERM')
      const taskArn = standIn.tasks.run()[0]?.taskArn
      expect(main.state).toMatchObject({ 'run-task-running': 'true', 'run-task-arn': taskArn })
      const post = await job.post(main)
      expectStep(post, post.exitCode, 0)
      expect(answered(standIn, 'StopTask').map(c => c.input)).toEqual([
        {
          cluster: CLUSTER,
          task: taskArn,
          reason: 'ecs-deploy: the job was cancelled while the one-off task ran'
        }
      ])
      expect(annotations(post.log, 'warning')).toEqual([
        {
          title: 'One-off task stopped',
          message: expect.stringContaining(
            `the one-off task ${taskArn} was running: it was stopped`
          )
        }
      ])
      expect(post.summary).toContain('One-off task stopped')
      expect(ops(standIn)).not.toContain('UpdateService')
    })
  })

  it("a failing deploy: the explanation carries the container's last log line", async () => {
    const crash = {
      stoppedReason: 'Essential container in task exited',
      exitCode: 1,
      logLines: ['INFO:     Started server process [1]', 'RuntimeError: DATABASE_URL not set']
    }
    await scenario(
      { seed: { rollouts: { backend: [rollouts.failsTasks([crash, crash, crash])] } } },
      async ({ standIn, job }) => {
        const step = await job.run('ecs-deploy', backend({ 'rollback-on-failure': 'false' }))
        expectStep(step, step.outputs.outcome, 'failed')
        const stopped = annotations(step.log, 'error').filter(e => e.title === 'Stopped task')
        expect(stopped).toHaveLength(3)
        for (const e of stopped) {
          expect(e.message).toMatch(
            /backend: exit 1 — last log line \(backend\): RuntimeError: DATABASE_URL not set$/
          )
        }
        const reads = answered(standIn, 'GetLogEvents')
        expect(reads).toHaveLength(3)
        expect(reads[0]?.input).toEqual({
          logGroupName: LOG_GROUP,
          logStreamName: expect.stringMatching(/^backend\/backend\/[0-9a-f]{32}$/),
          startFromHead: false,
          limit: 20
        })
        expect(step.log).toContain('  backend | INFO:     Started server process [1]')
        expect(step.summary).toContain('Last log lines of `backend` in task')
        expect(step.summary).toContain('INFO:     Started server process [1]')
        expect(step.summary).toContain('RuntimeError: DATABASE_URL not set')
      }
    )
  })

  it('a missing log group is created, with its retention, before the revision is registered', async () => {
    await scenario({ seed: { logGroups: false } }, async ({ standIn, job }) => {
      expect(standIn.logs.hasGroup(LOG_GROUP)).toBe(false)
      const step = await job.run('ecs-deploy', backend({ 'log-retention-days': '14' }))
      expectStep(step, step.outputs.outcome, 'succeeded')
      expect(standIn.logs.group(LOG_GROUP)).toEqual({ retentionInDays: 14 })
      const order = ops(standIn)
      expect(
        order.slice(order.indexOf('DescribeLogGroups'), order.indexOf('RegisterTaskDefinition') + 1)
      ).toEqual([
        'DescribeLogGroups',
        'CreateLogGroup',
        'PutRetentionPolicy',
        'RegisterTaskDefinition'
      ])
      expect(answered(standIn, 'PutRetentionPolicy')[0]?.input).toEqual({
        logGroupName: LOG_GROUP,
        retentionInDays: 14
      })
      expect(step.log).toContain(`Created log group ${LOG_GROUP}.`)

      // The next deploy finds it: no second CreateLogGroup, no retention call.
      const mark = standIn.calls.length
      const again = await job.run(
        'ecs-deploy',
        backend({ 'log-retention-days': '14', image: placeholderImage('backend', 'release-3') })
      )
      expectStep(again, again.outputs.outcome, 'succeeded')
      const later = standIn.calls.slice(mark).map(c => c.op)
      expect(later).toContain('DescribeLogGroups')
      expect(later).not.toContain('CreateLogGroup')
      expect(later).not.toContain('PutRetentionPolicy')
    })
  })

  it('a missing log group makes the migration fail to start when it cannot be created', async () => {
    await scenario(
      { seed: { logGroups: false }, standIn: { deny: ['CreateLogGroup'] } },
      async ({ standIn, job, before }) => {
        const step = await job.run('ecs-deploy', backend({ 'run-task-command': MIGRATION }))
        expectStep(step, step.exitCode, 1)
        expect(annotations(step.log, 'warning')).toContainEqual({
          title: 'Missing permission',
          message: expect.stringContaining(
            `Missing permission logs:CreateLogGroup on log group ${LOG_GROUP} (AccessDeniedException: User: `
          )
        })
        expect(annotations(step.log, 'error')[0]?.message).toMatch(
          /failed to start: ResourceInitializationError: .*The specified log group does not exist/
        )
        expect(step.outputs['run-task-exit-code']).toBe('')
        expect(ops(standIn)).not.toContain('UpdateService')
        expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(before.backend)
      }
    )
  })

  it('task-definition-arn: a registered revision deployed as it is, nothing registered', async () => {
    await scenario({}, async ({ standIn, job }) => {
      // A revision registered elsewhere (promoted from staging): revision 2 of the family.
      const body = JSON.parse(
        readFileSync('examples/megilance/backend-task-definition.json', 'utf8')
      ) as { containerDefinitions: { image: string }[] }
      for (const c of body.containerDefinitions) c.image = placeholderImage('backend', 'staging')
      const staged = standIn.ecs.seedTaskDefinition(body as unknown as Record<string, unknown>)
      expect(staged).toBe(tdArn('backend', 2))
      const inputs = { ...backend({ 'task-definition-arn': 'megilance-backend:2' }) }
      delete inputs['task-definition']
      delete inputs.image
      const step = await job.run('ecs-deploy', inputs)
      expectStep(step, step.outputs.outcome, 'succeeded')
      expect(step.outputs['task-definition-arn']).toBe(tdArn('backend', 2))
      expect(ops(standIn)).not.toContain('RegisterTaskDefinition')
      expect(
        answered(standIn, 'DescribeTaskDefinition').map(c => c.input.taskDefinition)
      ).toContain('megilance-backend:2')
      expect(answered(standIn, 'UpdateService').map(c => c.input.taskDefinition)).toEqual([
        tdArn('backend', 2)
      ])
      expect(standIn.ecs.tagsOf(tdArn('backend', 2))['ecs-deploy-actions:outcome']).toBe(
        'succeeded'
      )

      // With an input that changes it, it is rendered and registered like a file.
      const image = placeholderImage('backend', 'hotfix')
      const changed = await job.run('ecs-deploy', { ...inputs, image })
      expectStep(changed, changed.outputs.outcome, 'succeeded')
      expect(changed.outputs['task-definition-arn']).toBe(tdArn('backend', 3))
      expect(standIn.ecs.revisions('megilance-backend').at(-1)?.image).toBe(image)

      // Not together with a file: refused before any AWS call.
      const mark = standIn.calls.length
      const both = await job.run(
        'ecs-deploy',
        backend({ 'task-definition-arn': 'megilance-backend:2' })
      )
      expect(both.exitCode).toBe(1)
      expect(annotations(both.log, 'error')[0]?.message).toContain('Input "task-definition-arn"')
      expect(standIn.calls.slice(mark)).toEqual([])
    })
  })

  it('AccessDenied on the logs calls: the deploy still explained, the missing permission named', async () => {
    const crash = {
      stoppedReason: 'Essential container in task exited',
      exitCode: 1,
      logLines: ['RuntimeError: DATABASE_URL not set']
    }
    await scenario(
      {
        standIn: {
          deny: ['GetLogEvents', 'DescribeLogGroups', 'CreateLogGroup', 'PutRetentionPolicy']
        },
        seed: {
          rollouts: {
            backend: [rollouts.failsTasks([crash, crash, crash]), rollouts.succeeds(2, 2)]
          }
        }
      },
      async ({ standIn, job, before }) => {
        standIn.tasks.queueTask({
          exitCode: 0,
          lines: ['INFO  [alembic] No new upgrade operations.']
        })
        const step = await job.run(
          'ecs-deploy',
          backend({ 'run-task-command': MIGRATION, 'log-retention-days': '30' })
        )
        expectStep(step, step.outputs.outcome, 'rolled-back')
        expect(step.outputs['run-task-exit-code']).toBe('0')
        const warnings = annotations(step.log, 'warning')
        expect(warnings).toEqual(
          expect.arrayContaining([
            {
              title: 'Missing permission',
              message: expect.stringContaining(
                'Missing permission logs:DescribeLogGroups on log group /ecs/megilance-backend'
              )
            },
            {
              title: 'Missing permission',
              message: expect.stringMatching(
                /^Missing permission logs:GetLogEvents on log group \/ecs\/megilance-backend \(AccessDeniedException: User: .* is not authorized to perform: logs:GetLogEvents on resource: arn:aws:logs:us-east-1:123456789012:log-group:\/ecs\/megilance-backend:log-stream:backend\/backend\/\w+ .*\)\. The one-off task's log lines are not shown; the task runs on\. Grant logs:GetLogEvents on log group \/ecs\/megilance-backend to the deploy role \(docs\/iam\)\.$/
              )
            },
            {
              title: 'Missing permission',
              message: expect.stringMatching(
                /^Missing permission logs:GetLogEvents on log group \/ecs\/megilance-backend \(AccessDeniedException: .*\)\. The containers' log lines are not shown; the rest of the explanation is\. Grant logs:GetLogEvents on log group \/ecs\/megilance-backend to the deploy role \(docs\/iam\)\.$/
              )
            }
          ])
        )
        // Explained as before: stopped tasks with their exit codes, and the rollback.
        const stopped = annotations(step.log, 'error').filter(e => e.title === 'Stopped task')
        expect(stopped).toHaveLength(3)
        expect(stopped[0]?.message).toContain('backend: exit 1')
        expect(stopped[0]?.message).not.toContain('last log line')
        expect(standIn.ecs.running(CLUSTER, service('backend'))).toBe(before.backend)
        expect(step.summary).toContain('missing permission logs:GetLogEvents')
        // After the first refusal in the explanation, no more GetLogEvents for the other tasks.
        const denied = standIn.calls.filter(
          c => c.op === 'GetLogEvents' && c.error === 'AccessDeniedException'
        )
        expect(denied).toHaveLength(2) // one while following the migration, one explaining
        expect(ops(standIn)).not.toContain('CreateLogGroup')
      }
    )
  })

  it('dry run names the one-off task it would run and runs nothing', async () => {
    await scenario({}, async ({ standIn, job }) => {
      const step = await job.run(
        'ecs-deploy',
        backend({ 'run-task-command': MIGRATION, 'dry-run': 'true' })
      )
      expectStep(step, step.outputs.outcome, 'dry-run')
      expect(step.log).toContain(
        'dry-run: no one-off task is run; the new revision would run once: container backend runs ["sh","-c","alembic upgrade head"] (FARGATE LATEST, subnets subnet-0a1b2c3d4e5f60718'
      )
      expect(step.outputs['run-task-arn']).toBe('')
      expect(ops(standIn)).toEqual(['DescribeServices', 'DescribeTaskDefinition'])
    })
  })
})
