import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { LogsApi } from '../aws/logs.js'
import { describeError, isAccessDenied } from '../common/aws-errors.js'
import type { Log } from '../common/log.js'

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
  const refused = (action: LogGroupAction, permission: string, consequence: string) => {
    log.warning(
      `Log group ${group}: missing permission ${permission}. ${consequence}`,
      'Missing permission'
    )
    return { group, action, missingPermission: permission }
  }
  let found
  try {
    found = await logs.findLogGroup(group)
  } catch (error) {
    if (!isAccessDenied(error)) {
      log.warning(`Could not check log group ${group}: ${describeError(error)}.`)
      return { group, action: 'unchecked' }
    }
    return refused(
      'unchecked',
      'logs:DescribeLogGroups',
      'It was not checked; if it does not exist, tasks stop with ResourceInitializationError.'
    )
  }
  let action: LogGroupAction = 'exists'
  if (found === undefined) {
    try {
      const created = await logs.createLogGroup(group)
      action = created === 'created' ? 'created' : 'exists'
      log.info(created === 'created' ? `Created log group ${group}.` : `Log group ${group} exists.`)
    } catch (error) {
      if (!isAccessDenied(error)) {
        log.warning(`Could not create log group ${group}: ${describeError(error)}.`)
        return { group, action: 'not-created' }
      }
      return refused(
        'not-created',
        'logs:CreateLogGroup',
        'It does not exist, so tasks logging to it stop with ResourceInitializationError; create it or grant the permission.'
      )
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
    if (!isAccessDenied(error)) {
      log.warning(`Could not set the retention of ${group}: ${describeError(error)}.`)
      return { group, action }
    }
    return refused(action, 'logs:PutRetentionPolicy', 'Its retention was not set.')
  }
}
