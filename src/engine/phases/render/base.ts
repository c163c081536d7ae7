import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { Files } from '../../../shared/files.js'
import { InputError } from '../../../shared/parse.js'
import type { Settings } from '../../settings/settings.js'
import {
  parseTaskDefinitionJson,
  withoutReadOnlyFields,
  type TaskDefinitionInput
} from './task-definition-file.js'

/**
 * The task definition a deploy starts from: the `task-definition` file, else the revision the
 * service runs (its read-only fields dropped). task-definition-arn is read in base-from-arn.ts.
 */
export function readBase(
  s: Settings,
  running: TaskDefinition | undefined,
  files: Pick<Files, 'readText'>
): TaskDefinitionInput {
  if (s.taskDefinitionFile !== '') {
    let text: string
    try {
      text = files.readText(s.taskDefinitionFile)
    } catch {
      throw new InputError(
        'task-definition',
        `cannot read ${s.taskDefinitionFile}. Give a path relative to the workspace.`
      )
    }
    return parseTaskDefinitionJson(text, s.taskDefinitionFile)
  }
  if (running === undefined) {
    throw new InputError(
      'task-definition',
      'the service runs no task definition to start from. Give a task definition file.'
    )
  }
  return withoutReadOnlyFields(running)
}
