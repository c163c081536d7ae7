import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  GetLogEventsCommand,
  PutRetentionPolicyCommand,
  type LogGroup
} from '@aws-sdk/client-cloudwatch-logs'
import { errorName } from './errors.js'

/** One log event: when it was written (epoch ms) and what the container printed. */
export interface LogEvent {
  readonly timestamp: number
  readonly message: string
}

export interface GetLogEventsRequest {
  readonly group: string
  readonly stream: string
  /** true: oldest first, paging forward with nextToken; false: the newest `limit` events. */
  readonly startFromHead: boolean
  readonly limit?: number | undefined
  readonly nextToken?: string | undefined
}

export interface LogEventsPage {
  readonly events: LogEvent[]
  /** Pass it back (with startFromHead) for the events written after these. */
  readonly nextForwardToken: string | undefined
}

/**
 * Thin, typed wrapper on the CloudWatch Logs client: one method per call the suite makes. Only
 * the commands used are imported, so the bundle carries no other operation's code.
 */
export class LogsApi {
  constructor(private readonly client: Pick<CloudWatchLogsClient, 'send'>) {}

  async getLogEvents(request: GetLogEventsRequest): Promise<LogEventsPage> {
    const out = await this.client.send(
      new GetLogEventsCommand({
        logGroupName: request.group,
        logStreamName: request.stream,
        startFromHead: request.startFromHead,
        ...(request.limit !== undefined ? { limit: request.limit } : {}),
        ...(request.nextToken !== undefined ? { nextToken: request.nextToken } : {})
      })
    )
    return {
      events: (out.events ?? []).map(e => ({
        timestamp: e.timestamp ?? 0,
        message: e.message ?? ''
      })),
      nextForwardToken: out.nextForwardToken
    }
  }

  /** The log group of exactly this name, or undefined when there is none. */
  async findLogGroup(name: string): Promise<LogGroup | undefined> {
    const out = await this.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))
    return out.logGroups?.find(g => g.logGroupName === name)
  }

  /** Creates the group; 'exists' when someone created it first (ResourceAlreadyExistsException). */
  async createLogGroup(name: string): Promise<'created' | 'exists'> {
    try {
      await this.client.send(new CreateLogGroupCommand({ logGroupName: name }))
      return 'created'
    } catch (error) {
      if (errorName(error) === 'ResourceAlreadyExistsException') return 'exists'
      throw error
    }
  }

  async putRetentionPolicy(name: string, days: number): Promise<void> {
    await this.client.send(
      new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days })
    )
  }
}
