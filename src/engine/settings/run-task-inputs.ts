import { InputError, parseInteger } from '../../shared/parse.js'
import type { Mode } from './mode.js'
import { RETENTION_DAYS } from '../phases/register/log-group.js'
import { parseRunTaskCommand } from '../phases/one-off-task/request.js'
import { isTaskDefinitionRef } from '../common/task-definition-arn.js'

/*
 * The inputs of the one-off task (run-task-command, run-task-container), the log lines shown in
 * a failure's explanation, the log groups' retention, and task-definition-arn as the base. Each
 * value is checked here, before anything is written to AWS. Pure: reads through `get`.
 */

export const RUN_TASK_INPUTS = {
  taskDefinitionArn: 'task-definition-arn',
  runTaskCommand: 'run-task-command',
  runTaskContainer: 'run-task-container',
  logLines: 'log-lines',
  logRetentionDays: 'log-retention-days'
} as const

export interface RunTaskSettings {
  readonly command: readonly string[]
  /** run-task-container; '' for defaultContainer. */
  readonly container: string
  /** The one name container-name gives; '' for the task definition's only essential container. */
  readonly defaultContainer: string
}

export interface RunTaskInputSettings {
  /** A registered revision (ARN or family:revision) to start from; '' for none. */
  readonly taskDefinitionArn: string
  /** The one-off task run before the rollout, if any. */
  readonly runTask: RunTaskSettings | undefined
  /** Last log lines shown per stopped container. */
  readonly logLines: number
  /** Retention set on the awslogs groups; undefined leaves it as it is. */
  readonly logRetentionDays: number | undefined
}

/**
 * Reads and checks the inputs above. `taskDefinitionFile` (task-definition) and
 * `containerNames` (container-name) are the other inputs they depend on.
 */
export function readRunTaskInputs(
  get: (name: string) => string,
  o: {
    readonly mode: Mode
    readonly taskDefinitionFile: string
    readonly containerNames: readonly string[]
  }
): RunTaskInputSettings {
  const taskDefinitionArn = get(RUN_TASK_INPUTS.taskDefinitionArn).trim()
  if (taskDefinitionArn !== '') {
    if (!isTaskDefinitionRef(taskDefinitionArn)) {
      throw new InputError(
        RUN_TASK_INPUTS.taskDefinitionArn,
        `"${taskDefinitionArn}" is not a task definition ARN (arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION) or FAMILY:REVISION.`
      )
    }
    if (o.taskDefinitionFile !== '') {
      throw new InputError(
        RUN_TASK_INPUTS.taskDefinitionArn,
        'cannot be given together with task-definition: give one base, a file or a registered revision.'
      )
    }
    if (o.mode !== 'deploy') {
      throw new InputError(
        RUN_TASK_INPUTS.taskDefinitionArn,
        `is for deploy mode; in ${o.mode} mode it has no use${o.mode === 'rollback' ? ' (give the revision as rollback-to)' : ''}.`
      )
    }
  }
  const command = parseRunTaskCommand(
    RUN_TASK_INPUTS.runTaskCommand,
    get(RUN_TASK_INPUTS.runTaskCommand)
  )
  if (command !== undefined && o.mode !== 'deploy') {
    throw new InputError(
      RUN_TASK_INPUTS.runTaskCommand,
      `runs before a deploy's rollout; ${o.mode} mode registers nothing new to run it on. Leave it empty in ${o.mode} mode.`
    )
  }
  const container = get(RUN_TASK_INPUTS.runTaskContainer).trim()
  if (container !== '' && command === undefined) {
    throw new InputError(
      RUN_TASK_INPUTS.runTaskContainer,
      'needs run-task-command: the command to run.'
    )
  }
  const retention = parseInteger(
    RUN_TASK_INPUTS.logRetentionDays,
    get(RUN_TASK_INPUTS.logRetentionDays),
    undefined
  )
  if (retention !== undefined && !(RETENTION_DAYS as readonly number[]).includes(retention)) {
    throw new InputError(
      RUN_TASK_INPUTS.logRetentionDays,
      `${retention} is not a retention CloudWatch Logs allows. Use one of ${RETENTION_DAYS.join(', ')}.`
    )
  }
  return {
    taskDefinitionArn,
    runTask:
      command === undefined
        ? undefined
        : {
            command,
            container,
            // Several container names (comma-separated) name no one container to run it in.
            defaultContainer: o.containerNames.length === 1 ? (o.containerNames[0] ?? '') : ''
          },
    logLines: parseInteger(RUN_TASK_INPUTS.logLines, get(RUN_TASK_INPUTS.logLines), 20, {
      min: 0,
      max: 1000
    }),
    logRetentionDays: retention
  }
}
