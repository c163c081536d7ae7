import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { LogsApi } from '../../../aws/logs.js'
import { describeError } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import { warnIfDenied } from '../../common/permissions.js'

/*
 * The awslogs groups a task definition writes to exist before its tasks start: a task whose group
 * is missing stops with ResourceInitializationError, which is how a first deploy to a new service
 * fails. A role that may not create groups gets a warning naming the permission, and the deploy
 * goes on (the group may well exist).
 */

/**
 * What PutRetentionPolicy accepts: "Possible values are: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150,
 * 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, and 3653." (retentionInDays)
 */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653
] as const

export type LogGroupAction = 'exists' | 'created' | 'retention-set' | 'unchecked' | 'not-created'

export interface LogGroupResult {
  readonly group: string
  readonly action: LogGroupAction
  /** The permission the role lacked, when one did. */
  readonly missingPermission?: string
}

/** The distinct awslogs groups of the containers that log in this region. Pure. */
export function awslogsGroups(
  taskDefinition: Pick<TaskDefinition, 'containerDefinitions'>,
  region: string
): string[] {
  const groups = new Set<string>()
  for (const c of taskDefinition.containerDefinitions ?? []) {
    if (c.logConfiguration?.logDriver !== 'awslogs') continue
    const options = c.logConfiguration.options ?? {}
    const group = options['awslogs-group']
    if (group && (options['awslogs-region'] ?? region) === region) groups.add(group)
  }
  return [...groups]
}

/** Ensures every awslogs group of the task definition exists (with the retention, if given). */
export async function ensureLogGroups(
  logs: LogsApi,
  taskDefinition: Pick<TaskDefinition, 'containerDefinitions'>,
  region: string,
  retentionDays: number | undefined,
  log: Log
): Promise<LogGroupResult[]> {
  const results: LogGroupResult[] = []
  for (const group of awslogsGroups(taskDefinition, region)) {
    results.push(await ensureLogGroup(logs, group, retentionDays, log))
  }
  return results
}

async function ensureLogGroup(
  logs: LogsApi,
  group: string,
  retentionDays: number | undefined,
  log: Log
): Promise<LogGroupResult> {
  const resource = `log group ${group}`
  let found
  try {
    found = await logs.findLogGroup(group)
  } catch (error) {
    const permission = 'logs:DescribeLogGroups'
    const without =
      'The log group was not checked; if it does not exist, tasks stop with ResourceInitializationError.'
    if (warnIfDenied(log, error, permission, resource, without))
      return { group, action: 'unchecked', missingPermission: permission }
    log.warning(`Could not check log group ${group}: ${describeError(error)}.`)
    return { group, action: 'unchecked' }
  }
  let action: LogGroupAction = 'exists'
  if (found === undefined) {
    try {
      const created = await logs.createLogGroup(group)
      action = created === 'created' ? 'created' : 'exists'
      log.info(created === 'created' ? `Created log group ${group}.` : `Log group ${group} exists.`)
    } catch (error) {
      const permission = 'logs:CreateLogGroup'
      const without =
        'The log group does not exist, so tasks logging to it stop with ResourceInitializationError until it is created.'
      if (warnIfDenied(log, error, permission, resource, without))
        return { group, action: 'not-created', missingPermission: permission }
      log.warning(`Could not create log group ${group}: ${describeError(error)}.`)
      return { group, action: 'not-created' }
    }
  } else {
    log.info(`Log group ${group} exists.`)
  }
  const current = found?.retentionInDays
  if (retentionDays === undefined || (action === 'exists' && current === retentionDays)) {
    return { group, action }
  }
  try {
    await logs.putRetentionPolicy(group, retentionDays)
    log.info(`Log group ${group} keeps events ${retentionDays} days.`)
    return { group, action: action === 'created' ? 'created' : 'retention-set' }
  } catch (error) {
    const permission = 'logs:PutRetentionPolicy'
    if (warnIfDenied(log, error, permission, resource, 'Its retention was not set.'))
      return { group, action, missingPermission: permission }
    log.warning(`Could not set the retention of ${group}: ${describeError(error)}.`)
    return { group, action }
  }
}
