import { afterAll, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  CLUSTER,
  deployInputs,
  placeholderImage,
  service,
  tdArn
} from '../../../tools/harness/megilance.js'
import { Job, type StepResult, annotations } from '../../../tools/harness/runner.js'
import {
  STATIC_KEYS,
  rollouts,
  scheduledTasks,
  startStandIn,
  type RolloutScript,
  type StandIn,
  type StandInOptions
} from '../../../tools/stand-in/index.js'
import { backendDefinition } from '../support/world.js'

/*
 * keep-revisions under the runner contract (dist bundle, the AWS stand-in): megilance-backend has
 * revisions 1 to 5 and runs 5; a nightly import, a standalone task, still runs revision 2. The
 * deploy registers 6. Once it has succeeded, the revisions beyond the newest 2 that nothing uses
 * are deregistered; after a failure none is; a bad value stops the step before any AWS call.
 * What uses a revision is looked for across the account: another service in another cluster, a
 * task in another cluster, a rule or a schedule (under the default scheduled-tasks: none) keep
 * theirs; a read refused keeps them all.
 */

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60718'] } }
const steps: StepResult[] = []
const crash = { stoppedReason: 'Essential container in task exited', exitCode: 1 }

interface World {
  readonly standIn: StandIn
  readonly job: Job
  /** The standalone task that runs revision 2. */
  readonly nightly: string
}

/** Beyond the usual world: more revisions, what else to seed, the stand-in's options. */
interface More {
  readonly revisions?: number
  readonly running?: number
  readonly seed?: (standIn: StandIn) => void
  readonly options?: StandInOptions
}

async function world(
  script: RolloutScript,
  body: (w: World) => Promise<void>,
  more: More = {}
): Promise<void> {
  const standIn = await startStandIn({ serviceDeployments: true, ...more.options })
  standIn.logs.seedGroup('/ecs/megilance-backend')
  const definition = backendDefinition() as { containerDefinitions: { image: string }[] }
  for (let n = 1; n <= (more.revisions ?? 5); n++) {
    for (const c of definition.containerDefinitions)
      c.image = placeholderImage('backend', `release-${n}`)
    standIn.ecs.seedTaskDefinition(definition as unknown as Record<string, unknown>)
  }
  standIn.ecs.seedService({
    cluster: CLUSTER,
    service: service('backend'),
    taskDefinition: tdArn('backend', more.running ?? 5),
    desiredCount: 2,
    rollouts: [script, rollouts.succeeds(2, 1)]
  })
  more.seed?.(standIn)
  const nightly = standIn.tasks.seedRunning({
    cluster: CLUSTER,
    taskDefinition: tdArn('backend', 2),
    networkConfiguration: NETWORK,
    startedBy: 'nightly-import'
  })
  const workspace = createMegilanceWorkspace()
  const job = new Job({
    workspace,
    endpointEnv: standIn.endpointEnv,
    staticKeys: STATIC_KEYS,
    repository: 'megilance/megilance'
  })
  try {
    await body({ standIn, job, nightly })
  } finally {
    steps.push(...job.results)
    job.close()
    await standIn.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

const deploy = (w: World, keep: string) =>
  w.job.run('ecs-deploy', deployInputs('backend', { 'keep-revisions': keep }, { role: false }))

const deregisterCalls = (standIn: StandIn) =>
  standIn.calls.filter(c => c.op === 'DeregisterTaskDefinition').map(c => c.input.taskDefinition)

const statuses = (standIn: StandIn) =>
  standIn.ecs.revisions('megilance-backend').map(r => `${r.revision} ${r.status}`)

describe('keep-revisions (dist bundle, runner contract, stand-in)', () => {
  afterAll(() => {
    for (const s of steps) expect(s.log).not.toContain(STATIC_KEYS.AWS_SECRET_ACCESS_KEY)
  })

  it('6 revisions, keep 2: those beyond the newest 2 are deregistered, but the one a task runs', async () => {
    await world(rollouts.succeeds(2, 1), async w => {
      const step = await deploy(w, '2')
      expect(step.outputs.outcome).toBe('succeeded')
      expect(step.outputs['task-definition-arn']).toBe(tdArn('backend', 6))
      const gone = [4, 3, 1].map(n => tdArn('backend', n))
      expect(JSON.parse(step.outputs['deregistered-task-definitions'] ?? '')).toEqual(gone)
      expect(deregisterCalls(w.standIn)).toEqual(gone)
      expect(statuses(w.standIn)).toEqual([
        '1 INACTIVE',
        '2 ACTIVE',
        '3 INACTIVE',
        '4 INACTIVE',
        '5 ACTIVE',
        '6 ACTIVE'
      ])
      // Only after the verdict: the outcome tag, then the family's revisions and running tasks.
      const ops = w.standIn.calls.map(c => c.op)
      expect(ops.indexOf('DeregisterTaskDefinition')).toBeGreaterThan(
        ops.lastIndexOf('TagResource')
      )
      const listed = w.standIn.calls.find(c => c.op === 'ListTasks' && c.input.family !== undefined)
      expect(listed?.input).toMatchObject({
        cluster: CLUSTER,
        family: 'megilance-backend',
        desiredStatus: 'RUNNING'
      })
      const id = w.nightly.slice(w.nightly.lastIndexOf('/') + 1)
      expect(step.log).toContain('Keep the newest 2 revisions of megilance-backend')
      expect(step.log).toContain(`Kept megilance-backend:2: a running task (${id}).`)
      expect(step.log).toContain('Deregistered megilance-backend:4.')
      expect(step.summary).toContain(
        `**Old revisions** (keep-revisions: 2): deregistered megilance-backend:4, megilance-backend:3, megilance-backend:1 (6 ACTIVE before, 3 now). Kept beyond the newest 2: megilance-backend:2 (a running task (${id})).`
      )
      expect(annotations(step.log, 'warning')).toEqual([])
    })
  }, 120_000)

  it('a deploy that fails and is rolled back deregisters nothing', async () => {
    const failing: RolloutScript = [
      { running: 0, pending: 2 },
      { pending: 2, failTasks: [crash, crash, crash] }
    ]
    await world(failing, async w => {
      const step = await deploy(w, '2')
      expect(step.exitCode).toBe(1)
      expect(step.outputs.outcome).toBe('rolled-back')
      expect(w.standIn.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 5))
      expect(step.outputs['deregistered-task-definitions']).toBe('[]')
      expect(deregisterCalls(w.standIn)).toEqual([])
      expect(statuses(w.standIn).every(s => s.endsWith(' ACTIVE'))).toBe(true)
      expect(step.log).toContain(
        'keep-revisions: no revision is deregistered, as the deploy did not succeed (outcome rolled-back).'
      )
      expect(step.summary).not.toContain('Old revisions')
    })
  }, 120_000)

  it('what another cluster, a task elsewhere, a rule and a schedule use is kept, under scheduled-tasks none', async () => {
    // Revisions 1 to 7, the service runs 7; the deploy registers 8; keep 1.
    let batchTask = ''
    const seed = (standIn: StandIn) => {
      standIn.ecs.seedService({
        cluster: 'megilance-staging',
        service: 'megilance-reports',
        taskDefinition: tdArn('backend', 6)
      })
      standIn.ecs.seedCluster('batch')
      batchTask = standIn.tasks.seedRunning({
        cluster: 'batch',
        taskDefinition: tdArn('backend', 5),
        networkConfiguration: NETWORK
      })
      const at = { cluster: 'batch', family: 'megilance-backend' }
      standIn.events.seedRule({
        name: 'megilance-backend-cleanup',
        eventBusName: 'default',
        scheduleExpression: 'cron(0 4 * * ? *)',
        targets: [scheduledTasks.ecsRuleTarget({ ...at, revision: 4, id: 'cleanup' })]
      })
      standIn.scheduler.seedSchedule(
        scheduledTasks.ecsSchedule({
          ...at,
          revision: 3,
          name: 'megilance-backend-weekly',
          group: 'jobs',
          disabled: true
        })
      )
    }
    await world(
      rollouts.succeeds(2, 1),
      async w => {
        const step = await deploy(w, '1')
        expect(step.outputs.outcome).toBe('succeeded')
        expect(step.outputs['task-definition-arn']).toBe(tdArn('backend', 8))
        expect(JSON.parse(step.outputs['deregistered-task-definitions'] ?? '')).toEqual([
          tdArn('backend', 1)
        ])
        expect(deregisterCalls(w.standIn)).toEqual([tdArn('backend', 1)])
        const batchId = batchTask.slice(batchTask.lastIndexOf('/') + 1)
        const nightlyId = w.nightly.slice(w.nightly.lastIndexOf('/') + 1)
        for (const line of [
          'Kept megilance-backend:6: used by service megilance-reports in cluster megilance-staging.',
          `Kept megilance-backend:5: a task in cluster batch (${batchId}).`,
          'Kept megilance-backend:4: rule megilance-backend-cleanup (target cleanup) runs it.',
          'Kept megilance-backend:3: schedule megilance-backend-weekly@jobs runs it.',
          `Kept megilance-backend:2: a running task (${nightlyId}).`,
          'Deregistered megilance-backend:1.',
          'Looked for what uses the revisions of megilance-backend: 3 clusters (2 services, 2 tasks of the family), 1 rule on the default event bus, 1 schedule.'
        ])
          expect(step.log).toContain(line)
        expect(step.summary).toContain(
          `**Old revisions** (keep-revisions: 1): deregistered megilance-backend:1 (8 ACTIVE before, 7 now). Kept beyond the newest 1: megilance-backend:7 (`
        )
        expect(step.summary).toContain(
          `megilance-backend:6 (used by service megilance-reports in cluster megilance-staging), megilance-backend:5 (a task in cluster batch (${batchId})), megilance-backend:4 (rule megilance-backend-cleanup (target cleanup) runs it), megilance-backend:3 (schedule megilance-backend-weekly@jobs runs it), megilance-backend:2 (a running task (${nightlyId})).`
        )
        // Read only: the rules and schedules are read, none is written.
        const ops = w.standIn.calls.map(c => c.op)
        for (const op of [
          'ListClusters',
          'ListRules',
          'ListTargetsByRule',
          'ListSchedules',
          'GetSchedule'
        ])
          expect(ops).toContain(op)
        for (const op of ['PutTargets', 'UpdateSchedule']) expect(ops).not.toContain(op)
        expect(ops.filter(op => op === 'ListClusters')).toHaveLength(1)
        expect(statuses(w.standIn)).toEqual([
          '1 INACTIVE',
          ...[2, 3, 4, 5, 6, 7, 8].map(n => `${n} ACTIVE`)
        ])
        expect(annotations(step.log, 'warning')).toEqual([])
      },
      { revisions: 7, running: 7, seed }
    )
  }, 120_000)

  it('a refused ListClusters deregisters nothing: a warning names the permission; the deploy succeeds', async () => {
    await world(
      rollouts.succeeds(2, 1),
      async w => {
        const step = await deploy(w, '2')
        expect(step.exitCode).toBe(0)
        expect(step.outputs.outcome).toBe('succeeded')
        expect(step.outputs['deregistered-task-definitions']).toBe('[]')
        expect(deregisterCalls(w.standIn)).toEqual([])
        expect(statuses(w.standIn).every(s => s.endsWith(' ACTIVE'))).toBe(true)
        const warnings = annotations(step.log, 'warning')
        expect(warnings).toHaveLength(1)
        expect(warnings[0]?.title).toBe('Old revisions kept')
        expect(warnings[0]?.message).toMatch(
          /^No revision of megilance-backend is deregistered: what uses them could not be read \(ecs:ListClusters failed: AccessDeniedException: User: \S+ is not authorized to perform: ecs:ListClusters on resource: \* because no identity-based policy allows the ecs:ListClusters action\)\. Grant ecs:ListClusters to the deploy role \(docs\/iam\/README\.md\)\. The deploy succeeded all the same\.$/
        )
        expect(step.summary).toContain(
          '**Old revisions** (keep-revisions: 2): none deregistered: what uses them could not be read (ecs:ListClusters failed: AccessDeniedException:'
        )
        // Nothing is read past the refusal.
        const ops = w.standIn.calls.map(c => c.op)
        for (const op of ['ListServices', 'ListRules', 'ListSchedules'])
          expect(ops).not.toContain(op)
      },
      { options: { deny: ['ListClusters'] } }
    )
  }, 120_000)

  it.each(['0', 'two', '-1'])(
    'keep-revisions %j stops the step before any AWS call, naming the input and the fix',
    async keep => {
      await world(rollouts.succeeds(2, 1), async w => {
        const step = await deploy(w, keep)
        expect(step.exitCode).toBe(1)
        expect(annotations(step.log, 'error').map(a => a.message)).toEqual([
          `Input "keep-revisions": "${keep}" is not a number of revisions to keep. Give a whole number of 1 or more (the newest revisions kept, beside those in use), or leave it empty to keep every revision.`
        ])
        expect(w.standIn.calls.filter(c => c.service !== 'sts')).toEqual([])
        expect(statuses(w.standIn).every(s => s.endsWith(' ACTIVE'))).toBe(true)
      })
    },
    60_000
  )
})
