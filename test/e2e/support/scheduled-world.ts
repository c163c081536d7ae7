import { expect } from '@jest/globals'
import type { Target } from '@aws-sdk/client-eventbridge'
import { CLUSTER, deployInputs, tdArn } from '../../../tools/harness/megilance.js'
import type { Job, StepResult } from '../../../tools/harness/runner.js'
import { type AwsCall, type StandIn, scheduledTasks } from '../../../tools/stand-in/index.js'

/*
 * MegiLance's scheduled jobs as EventBridge and Scheduler hold them before a deploy of
 * megilance-backend (running revision 1 on megilance-cluster): the ones that run the family there
 * (a rule on the default bus beside a Lambda target, a rule on the ops bus on capacity providers, a
 * disabled schedule in the jobs group) and the ones that do not (another family, another cluster,
 * a queue). For the runner-level tests of scheduled-tasks.
 */

export const FAMILY = 'megilance-backend'
export const rev = (n: number) => tdArn('backend', n)
const { ecsRuleTarget, ecsSchedule, lambdaRuleTarget, queueSchedule } = scheduledTasks

/** Rules as rule@bus, schedules as name@group. */
export const RULES = {
  nightly: ['megilance-backend-nightly', 'default'],
  hourly: ['megilance-backend-hourly', 'ops'],
  otherFamily: ['megilance-worker-cleanup', 'default'],
  otherCluster: ['megilance-backend-staging', 'default']
} as const
export const SCHEDULES = {
  weekly: ['megilance-backend-weekly', 'jobs'],
  otherFamily: ['megilance-worker-sync', 'jobs'],
  queue: ['queue-poke', 'default']
} as const

export function seedScheduledJobs(standIn: StandIn): void {
  const at = { cluster: CLUSTER, family: FAMILY, revision: 1 }
  const cron = 'cron(0 3 * * ? *)'
  const rule = (key: keyof typeof RULES, targets: Target[], more = {}) =>
    standIn.events.seedRule({
      name: RULES[key][0],
      eventBusName: RULES[key][1],
      scheduleExpression: cron,
      targets,
      ...more
    })
  rule('nightly', [ecsRuleTarget(at), lambdaRuleTarget('audit')])
  rule('hourly', [ecsRuleTarget({ ...at, id: 'hourly', capacityProviders: true })])
  rule('otherFamily', [ecsRuleTarget({ ...at, family: 'megilance-worker', revision: 9 })])
  rule('otherCluster', [ecsRuleTarget({ ...at, cluster: 'megilance-staging' })])
  standIn.scheduler.seedSchedule(
    ecsSchedule({
      ...at,
      name: SCHEDULES.weekly[0],
      group: 'jobs',
      capacityProviders: true,
      disabled: true
    })
  )
  standIn.scheduler.seedSchedule(
    ecsSchedule({
      ...at,
      family: 'megilance-worker',
      revision: 9,
      name: SCHEDULES.otherFamily[0],
      group: 'jobs'
    })
  )
  standIn.scheduler.seedSchedule(queueSchedule(SCHEDULES.queue[0]))
}

/** Every rule's targets and every schedule as AWS holds them now (what reads answer). */
export function snapshot(standIn: StandIn) {
  return {
    rules: Object.fromEntries(
      Object.entries(RULES).map(([key, [name, bus]]) => [key, standIn.events.targetsOf(name, bus)])
    ) as Record<keyof typeof RULES, Target[]>,
    schedules: Object.fromEntries(
      Object.entries(SCHEDULES).map(([key, [name, group]]) => [
        key,
        standIn.scheduler.scheduleOf(name, group)
      ])
    ) as Record<keyof typeof SCHEDULES, Record<string, unknown>>
  }
}

/** `after` is `before` field by field, but for the path given, which is `value`. */
export function expectOnlyChanged(
  before: unknown,
  after: unknown,
  path: readonly string[],
  value: unknown
): void {
  if (path.length === 0) {
    expect(after).toEqual(value)
    return
  }
  const b = before as Record<string, unknown>
  const a = after as Record<string, unknown>
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
  for (const key of Object.keys(b)) {
    if (key === path[0]) expectOnlyChanged(b[key], a[key], path.slice(1), value)
    else expect({ [key]: a[key] }).toEqual({ [key]: b[key] })
  }
}

/** The task definition path of a rule's ECS target and of a schedule's target. */
export const TARGET_TD = ['EcsParameters', 'TaskDefinitionArn'] as const
export const SCHEDULE_TD = ['Target', 'EcsParameters', 'TaskDefinitionArn'] as const

/** A schedule as GetSchedule answers it, less when it was last modified. */
export function unmodified(schedule: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...schedule }
  delete copy.LastModificationDate
  return copy
}

const WRITES = [
  'RegisterTaskDefinition',
  'UpdateService',
  'TagResource',
  'PutTargets',
  'UpdateSchedule'
]
const LOG_GROUP_WRITES = ['CreateLogGroup', 'PutRetentionPolicy']

/**
 * The writes to AWS, in order, with their rule or schedule (the awslogs group ensured before
 * registering only with `logGroups`).
 */
export function writes(calls: readonly AwsCall[], logGroups = false): string[] {
  const counted = logGroups ? [...WRITES, ...LOG_GROUP_WRITES] : WRITES
  return calls
    .filter(c => c.status === 200 && counted.includes(c.op))
    .map(c => {
      const i = c.input as Record<string, unknown>
      if (c.op === 'PutTargets')
        return `PutTargets ${String(i.Rule)}@${String(i.EventBusName ?? 'default')}`
      if (c.op === 'UpdateSchedule')
        return `UpdateSchedule ${String(i.Name)}@${String(i.GroupName)}`
      return c.op
    })
}

/** The ECS deploy step of megilance-backend with the SDK's default chain, plus `extra` inputs. */
export const deployBackend = (job: Job, extra: Record<string, string>) =>
  job.run('ecs-deploy', deployInputs('backend', extra, { role: false }))

/** Fails with the step's whole log, so a red test says what the step said. */
export function expectOutcome(step: StepResult, outcome: string, exitCode: number): void {
  if (step.outputs.outcome !== outcome || step.exitCode !== exitCode) {
    throw new Error(
      `${step.name}: expected outcome ${outcome} (exit ${exitCode}), got ${step.outputs.outcome} (exit ${step.exitCode})\n${step.log}`
    )
  }
}

/** The output scheduled-tasks, parsed. */
export const movedOf = (step: StepResult): unknown =>
  JSON.parse(step.outputs['scheduled-tasks'] ?? 'null')
