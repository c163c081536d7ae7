import type { Target } from '@aws-sdk/client-eventbridge'
import type { Schedule } from '../../../aws/scheduler.js'

/*
 * The scheduled tasks of a run (input scheduled-tasks): what was found before any write, each
 * exactly as AWS answered it, and what became of it. The record holds them (record.ts); the report,
 * the summary's table and the output are made from them (summary.ts).
 */

/** An EventBridge rule target that runs the family on the cluster, as ListTargetsByRule gave it. */
export interface RuleTask {
  readonly kind: 'rule'
  readonly rule: string
  readonly eventBus: string
  readonly target: Target
}

/** An EventBridge Scheduler schedule that runs the family on the cluster, as GetSchedule gave it. */
export interface ScheduleTask {
  readonly kind: 'schedule'
  readonly name: string
  readonly group: string
  readonly schedule: Schedule
}

export type ScheduledTask = RuleTask | ScheduleTask

/**
 * - found: not moved (before the deploy succeeded, or never);
 * - unchanged: nothing to move (it runs the revision already, or names no revision);
 * - moved: it runs the new revision;
 * - failed: its move failed (the deploy fails);
 * - put-back: moved, then put back on the revision it ran (the deploy was rolled back);
 * - put-back-failed: moved, and putting it back failed.
 */
export type ScheduledTaskStatus =
  'found' | 'unchanged' | 'moved' | 'failed' | 'put-back' | 'put-back-failed'

export interface TrackedTask {
  readonly task: ScheduledTask
  /** The task definition it ran when found. */
  readonly from: string
  readonly status: ScheduledTaskStatus
  /** The revision this run moved it to. */
  readonly to?: string | undefined
  /** Why it failed, or why it is unchanged. */
  readonly note?: string | undefined
  /** Its move failed, but AWS may have applied it all the same (put back with those moved). */
  readonly uncertain?: boolean | undefined
}

/** What the record holds of the scheduled tasks of a run. */
export interface ScheduledTasks {
  readonly family: string
  readonly cluster: string
  readonly tasks: readonly TrackedTask[]
}

/** The task definition a scheduled task runs. */
export function taskDefinitionOf(task: ScheduledTask): string {
  const ecs = task.kind === 'rule' ? task.target.EcsParameters : task.schedule.Target?.EcsParameters
  return ecs?.TaskDefinitionArn ?? ''
}

/** How the input and the output name it: NAME, or NAME@EVENT_BUS / NAME@GROUP off the default. */
export function nameOf(task: ScheduledTask): string {
  const name = task.kind === 'rule' ? task.rule : task.name
  const place = task.kind === 'rule' ? task.eventBus : task.group
  return place === 'default' ? name : `${name}@${place}`
}

/** For the log and errors: `rule NAME@BUS (target ID)`, `schedule NAME@GROUP`. */
export function describeTask(task: ScheduledTask): string {
  return task.kind === 'rule'
    ? `rule ${nameOf(task)} (target ${task.target.Id ?? '?'})`
    : `schedule ${nameOf(task)}`
}
