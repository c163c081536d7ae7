import {
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  ListSchedulesCommand,
  type ScheduleSummary,
  type SchedulerClient,
  UpdateScheduleCommand,
  type UpdateScheduleCommandInput
} from '@aws-sdk/client-scheduler'

/** A schedule as GetSchedule answers it. */
export type Schedule = Omit<GetScheduleCommandOutput, '$metadata'>

/**
 * Thin, typed wrapper on the EventBridge Scheduler client: one method per call the suite makes,
 * the reads paged to their end. No logic beyond unwrapping.
 */
export class SchedulerApi {
  constructor(private readonly client: Pick<SchedulerClient, 'send'>) {}

  /**
   * The schedules of every group: ListSchedules' GroupName "If specified, only lists the schedules
   * whose associated schedule group matches the given filter." — so none is sent.
   */
  async listSchedules(): Promise<ScheduleSummary[]> {
    const schedules: ScheduleSummary[] = []
    let token: string | undefined
    do {
      const out = await this.client.send(
        new ListSchedulesCommand({ MaxResults: 100, NextToken: token })
      )
      schedules.push(...(out.Schedules ?? []))
      token = out.NextToken
    } while (token !== undefined)
    return schedules
  }

  async getSchedule(name: string, group: string): Promise<Schedule> {
    return await this.client.send(new GetScheduleCommand({ Name: name, GroupName: group }))
  }

  /** Replaces the whole schedule with `input`; answers its ARN. */
  async updateSchedule(input: UpdateScheduleCommandInput): Promise<string> {
    const out = await this.client.send(new UpdateScheduleCommand(input))
    return out.ScheduleArn ?? ''
  }
}
