import type { CreateScheduleInput } from '@aws-sdk/client-scheduler'
import { acceptInput, acceptShape } from './events-validation.js'
import {
  CreateSchedule,
  GetSchedule,
  ListScheduleGroups,
  ListSchedules,
  type SchedulerState,
  UpdateSchedule,
  groupArn,
  groupOf,
  scheduleArn,
  scheduleBody
} from './scheduler-schedules.js'
import { AwsError } from '../wire.js'

/*
 * Amazon EventBridge Scheduler as the stand-in plays it (REST-JSON, routed by path: /schedules,
 * /schedule-groups; reached through AWS_ENDPOINT_URL_SCHEDULER; calls recorded as service
 * 'scheduler'): schedule groups and schedules. Every request is bound and checked by AWS's
 * published model (scheduler-http.ts, events-validation.ts); each behaviour quotes the EventBridge
 * Scheduler API Reference or User Guide in scheduler-schedules.ts: ListScheduleGroups,
 * ListSchedules, GetSchedule, CreateSchedule, and UpdateSchedule, which replaces the whole
 * schedule (a field not sent is reset).
 *
 * This module is the model tests hold: seeding, scripting, what they read back, the dispatch.
 */

/** A schedule as CreateSchedule takes it (the SDK's input; Dates are sent as epoch seconds). */
export type ScheduleSeed = CreateScheduleInput

/** The next UpdateSchedule of a schedule fails, as UpdateSchedule's documented errors do. */
export interface UpdateScheduleFailureScript {
  readonly name: string
  readonly groupName?: string
  /** How many calls fail; default 1. Infinity: always. */
  readonly times?: number
  /** Default ConflictException: "Updating or deleting the resource can cause an inconsistent state." */
  readonly errorCode?:
    'ConflictException' | 'ValidationException' | 'InternalServerException' | 'ThrottlingException'
  readonly message?: string
}

export class SchedulerModel {
  private readonly state: SchedulerState

  constructor() {
    this.state = {
      groups: new Map(),
      schedules: new Map(),
      updateFailures: []
    }
    this.seedScheduleGroup('default')
  }

  // ----- seeding (what already exists before the scenario's first step) -----

  seedScheduleGroup(name: string): void {
    if (this.state.groups.has(name)) return
    this.state.groups.set(name, {
      name,
      arn: groupArn(name),
      createdAt: Date.now() - 30 * 86_400_000
    })
  }

  /** A schedule, checked against AWS's CreateScheduleInput; its group is created if need be. */
  seedSchedule(seed: ScheduleSeed): string {
    const group = groupOf(seed.GroupName)
    this.seedScheduleGroup(group)
    const input = acceptShape('scheduler', 'CreateScheduleInput', wire(seed), 'seed')
    const name = String(input.Name)
    const arn = scheduleArn(group, name)
    const at = Date.now() - 7 * 86_400_000
    this.state.schedules.set(`${group}/${name}`, {
      name,
      group,
      arn,
      createdAt: at,
      modifiedAt: at,
      body: scheduleBody(input)
    })
    return arn
  }

  // ----- scripting -----

  failUpdateSchedule(script: UpdateScheduleFailureScript): void {
    const type = script.errorCode ?? 'ConflictException'
    this.state.updateFailures.push({
      group: groupOf(script.groupName),
      name: script.name,
      remaining: script.times ?? 1,
      error: new AwsError(
        type,
        script.message ?? 'Updating the resource can cause an inconsistent state.'
      )
    })
  }

  // ----- what the tests read back -----

  /** The schedule as GetSchedule answers it, on the wire (timestamps in epoch seconds). */
  scheduleOf(name: string, groupName?: string): Record<string, unknown> {
    return GetSchedule(this.state, { Name: name, GroupName: groupName })
  }

  // ----- operations (REST-JSON, bound by scheduler-http.ts) -----

  readonly operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> =
    Object.fromEntries(
      Object.entries({
        ListScheduleGroups,
        ListSchedules,
        GetSchedule,
        CreateSchedule,
        UpdateSchedule
      }).map(([name, op]) => [
        name,
        (input: Record<string, unknown>) => op(this.state, acceptInput('scheduler', name, input))
      ])
    )
}

/** The SDK's input as the wire carries it: Dates as epoch seconds. */
function wire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000
  if (Array.isArray(value)) return value.map(wire)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, wire(v)])
    )
  }
  return value
}
