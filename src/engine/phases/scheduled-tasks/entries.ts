import type { Target } from '@aws-sdk/client-eventbridge'
import type { UpdateScheduleCommandInput } from '@aws-sdk/client-scheduler'
import type { Schedule } from '../../../aws/scheduler.js'

/*
 * The writes that move a scheduled task, built from what AWS answered and changing one member:
 * the target's EcsParameters.TaskDefinitionArn. Pure.
 */

/** PutTargets: "The maximum number of entries per request is 10." (EventBridge API Reference) */
export const TARGETS_PER_CALL = 10

/**
 * A target exactly as ListTargetsByRule gave it, with only EcsParameters.TaskDefinitionArn
 * changed. PutTargets replaces a target whole ("Adds the specified targets to the specified rule,
 * or updates the targets if they are already associated with the rule."), so every other member
 * is sent back as it was.
 */
export function withTaskDefinition(target: Target, taskDefinitionArn: string): Target {
  if (target.EcsParameters === undefined) throw new Error(`Target ${target.Id} is not an ECS task.`)
  return {
    ...target,
    EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: taskDefinitionArn }
  }
}

/** A target of a rule, and the revision it is to run. */
export interface TargetMove {
  readonly target: Target
  readonly taskDefinitionArn: string
}

/** The targets of one rule, each on its revision, in PutTargets calls of at most 10 entries. */
export function putTargetsBatches(moves: readonly TargetMove[]): Target[][] {
  const targets = moves.map(m => withTaskDefinition(m.target, m.taskDefinitionArn))
  const batches: Target[][] = []
  for (let i = 0; i < targets.length; i += TARGETS_PER_CALL) {
    batches.push(targets.slice(i, i + TARGETS_PER_CALL))
  }
  return batches
}

/**
 * UpdateSchedule's input from GetSchedule's answer: "When you call UpdateSchedule, EventBridge
 * Scheduler uses all values, including empty values, specified in the request and overrides the
 * existing schedule. [...] if you do not set an optional field in your request, that field will be
 * set to its system-default value after the update. Before calling this operation, we recommend
 * that you call the GetSchedule API operation and make a note of all optional parameters for your
 * UpdateSchedule call." (EventBridge Scheduler API Reference, UpdateSchedule). So every member
 * GetSchedule answered that UpdateSchedule takes is sent, each named here (not copied blindly: a
 * member GetSchedule adds one day is not sent to UpdateSchedule unread); only the target's task
 * definition changes. ClientToken is the SDK's (an idempotency token it fills in).
 */
export function updateScheduleInput(
  schedule: Schedule,
  taskDefinitionArn: string
): UpdateScheduleCommandInput {
  const { Name, ScheduleExpression, FlexibleTimeWindow, Target: target } = schedule
  if (!Name || !ScheduleExpression || !FlexibleTimeWindow || !target?.EcsParameters) {
    throw new Error(
      `Schedule ${Name ?? '?'}: GetSchedule answered no name, expression, window or ECS target.`
    )
  }
  return defined({
    Name,
    GroupName: schedule.GroupName,
    ScheduleExpression,
    ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone,
    StartDate: schedule.StartDate,
    EndDate: schedule.EndDate,
    Description: schedule.Description,
    State: schedule.State,
    KmsKeyArn: schedule.KmsKeyArn,
    ActionAfterCompletion: schedule.ActionAfterCompletion,
    FlexibleTimeWindow,
    Target: {
      ...target,
      EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: taskDefinitionArn }
    }
  })
}

/** The object without its undefined members: what is sent is what GetSchedule answered. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
