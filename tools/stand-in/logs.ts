import { ACCOUNT, AwsError, REGION, asString } from './wire.js'

/*
 * Amazon CloudWatch Logs as the stand-in plays it (JSON 1.1, X-Amz-Target Logs_20140328.<name>,
 * reached through AWS_ENDPOINT_URL_CLOUDWATCH_LOGS): log groups with their retention, and the
 * streams ECS tasks write to (tools/stand-in/ecs/tasks.ts). Each behaviour quotes the
 * CloudWatch Logs API reference. A tool of the project (tests, demo, bench), never bundled.
 */

interface StoredEvent {
  readonly timestamp: number
  readonly message: string
  readonly ingestionTime: number
}

interface GroupRecord {
  readonly name: string
  readonly createdAt: number
  retentionInDays?: number
  readonly streams: Map<string, StoredEvent[]>
}

/**
 * PutRetentionPolicy retentionInDays: "Possible values are: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150,
 * 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, and 3653."
 */
const RETENTION = new Set([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653
])

const groupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`

export class LogsModel {
  private readonly groups = new Map<string, GroupRecord>()

  // ----- seeding and what tests read back -----

  seedGroup(name: string, retentionInDays?: number): void {
    this.groups.set(name, {
      name,
      createdAt: Date.now() - 86_400_000,
      ...(retentionInDays !== undefined ? { retentionInDays } : {}),
      streams: new Map()
    })
  }

  group(name: string): { retentionInDays?: number } | undefined {
    const g = this.groups.get(name)
    return g && (g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {})
  }

  hasGroup(name: string): boolean {
    return this.groups.has(name)
  }

  /** The lines of one stream, oldest first. */
  lines(group: string, stream: string): string[] {
    return (this.groups.get(group)?.streams.get(stream) ?? []).map(e => e.message)
  }

  /**
   * What the awslogs driver does with a container's output: appends events to the stream (created
   * on first write). False when the group does not exist: the driver cannot log there.
   */
  write(group: string, stream: string, lines: readonly string[], at = Date.now()): boolean {
    const g = this.groups.get(group)
    if (g === undefined) return false
    const events = g.streams.get(stream) ?? []
    lines.forEach((message, i) =>
      events.push({ timestamp: at + i, message, ingestionTime: Date.now() })
    )
    g.streams.set(stream, events)
    return true
  }

  // ----- operations (X-Amz-Target Logs_20140328.<name>) -----

  readonly operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> =
    {
      GetLogEvents: input => this.GetLogEvents(input),
      DescribeLogGroups: input => this.DescribeLogGroups(input),
      CreateLogGroup: input => this.CreateLogGroup(input),
      PutRetentionPolicy: input => this.PutRetentionPolicy(input)
    }

  /**
   * - startFromHead: "If the value is true, the earliest log events are returned first. If the
   *   value is false, the latest log events are returned first. The default value is false." The
   *   newest `limit` events come back in time order, as the service answers a tail.
   * - limit: "If you don't specify a value, the maximum is as many log events as can fit in a
   *   response size of 1 MB (up to 10,000 log events)."
   * - nextForwardToken: "If you have reached the end of the stream, it returns the same token you
   *   passed in." A token carries its direction: "If you provide both nextToken and
   *   startFromHead, the direction of the nextToken is used."
   * - ResourceNotFoundException: "The specified resource does not exist." (a group, or a stream
   *   no container has written to yet).
   */
  private GetLogEvents(input: Record<string, unknown>) {
    const group = this.groups.get(asString(input.logGroupName))
    if (group === undefined) {
      throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
    }
    const events = group.streams.get(asString(input.logStreamName))
    if (events === undefined) {
      throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.')
    }
    const limit = typeof input.limit === 'number' ? input.limit : 10_000
    if (limit < 1 || limit > 10_000) {
      throw new AwsError('InvalidParameterException', 'limit must be between 1 and 10000.')
    }
    const token = asString(input.nextToken)
    const forward = token !== '' ? token.startsWith('f/') : input.startFromHead === true
    let from: number
    let to: number
    if (forward) {
      from = token.startsWith('f/') ? Number(token.slice(2)) : 0
      to = Math.min(events.length, from + limit)
    } else {
      to = token.startsWith('b/') ? Number(token.slice(2)) : events.length
      from = Math.max(0, to - limit)
    }
    const page = events.slice(from, to)
    return {
      events: page,
      nextForwardToken: page.length === 0 && token.startsWith('f/') ? token : `f/${to}`,
      nextBackwardToken: page.length === 0 && token.startsWith('b/') ? token : `b/${from}`
    }
  }

  private DescribeLogGroups(input: Record<string, unknown>) {
    const prefix = asString(input.logGroupNamePrefix)
    const logGroups = [...this.groups.values()]
      .filter(g => g.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(g => ({
        logGroupName: g.name,
        creationTime: g.createdAt,
        ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
        metricFilterCount: 0,
        arn: `${groupArn(g.name)}:*`,
        logGroupArn: groupArn(g.name),
        storedBytes: 0,
        logGroupClass: 'STANDARD'
      }))
    return { logGroups }
  }

  /**
   * "Log group names must be unique within a Region for an Amazon Web Services account." — a
   * second CreateLogGroup gets ResourceAlreadyExistsException ("The specified resource already
   * exists."). "Log group names can be between 1 and 512 characters long." and "consist of the
   * following characters: a-z, A-Z, 0-9, '_' (underscore), '-' (hyphen), '/' (forward slash),
   * '.' (period), and '#' (number sign)".
   */
  private CreateLogGroup(input: Record<string, unknown>) {
    const name = asString(input.logGroupName)
    if (!/^[\w./#-]{1,512}$/.test(name)) {
      throw new AwsError('InvalidParameterException', `Invalid log group name: ${name}`)
    }
    if (this.groups.has(name)) {
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists')
    }
    this.groups.set(name, { name, createdAt: Date.now(), streams: new Map() })
    return {}
  }

  private PutRetentionPolicy(input: Record<string, unknown>) {
    const group = this.groups.get(asString(input.logGroupName))
    if (group === undefined) {
      throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
    }
    const days = input.retentionInDays
    if (typeof days !== 'number' || !RETENTION.has(days)) {
      throw new AwsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${String(days)}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${[...RETENTION].join(', ')}]`
      )
    }
    group.retentionInDays = days
    return {}
  }
}
