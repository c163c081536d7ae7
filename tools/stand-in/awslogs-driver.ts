import type { LogsModel } from './logs.js'
import { asRecord, asRecords, asString } from './wire.js'

/*
 * The awslogs log driver of the stand-in's ECS tasks (service tasks and standalone ones alike):
 * what their containers print goes to the CloudWatch Logs streams (logs.ts) their
 * logConfiguration names.
 */

/**
 * What the awslogs driver writes for a task: every container that logs to awslogs with a
 * stream prefix gets the stream "prefix-name/container-name/ecs-task-id" (awslogs-stream-prefix,
 * ECS developer guide). False when a group is missing.
 */
export function writeTaskLogs(
  logs: LogsModel,
  task: Record<string, unknown>,
  taskDefinition: Record<string, unknown>,
  lines: readonly string[],
  onlyContainer?: string
): boolean {
  const taskArn = asString(task.taskArn)
  const taskId = taskArn.slice(taskArn.lastIndexOf('/') + 1)
  let ok = true
  for (const c of asRecords(taskDefinition.containerDefinitions)) {
    const name = asString(c.name)
    if (onlyContainer !== undefined && name !== onlyContainer) continue
    const config = asRecord(c.logConfiguration)
    const options = asRecord(config.options)
    if (asString(config.logDriver) !== 'awslogs') continue
    const group = asString(options['awslogs-group'])
    const prefix = asString(options['awslogs-stream-prefix'])
    if (prefix === '') continue
    if (!logs.hasGroup(group) && asString(options['awslogs-create-group']) === 'true') {
      logs.seedGroup(group)
    }
    if (!logs.write(group, `${prefix}/${name}/${taskId}`, lines)) ok = false
  }
  return ok
}
