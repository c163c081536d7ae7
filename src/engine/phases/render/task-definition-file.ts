import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs'
import { describePath, shapeProblems } from '../validate/shape.js'
import { InputError } from '../../../shared/parse.js'

/** What RegisterTaskDefinition accepts: the JSON a user keeps in the repository. */
export type TaskDefinitionInput = RegisterTaskDefinitionCommandInput

/** Fields ECS returns with a registered revision that RegisterTaskDefinition refuses. */
const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequested'
] as const

/**
 * Parses a task definition file. Accepts the RegisterTaskDefinition shape or the output of
 * `aws ecs describe-task-definition` (`{"taskDefinition": {...}}`). Syntax errors name the line
 * and column; a field of the wrong JSON type is named with the type the API expects. Whatever the
 * text, the only error thrown is an InputError naming the task-definition input.
 */
export function parseTaskDefinitionJson(text: string, source: string): TaskDefinitionInput {
  // A byte-order mark (some Windows editors write one) is not JSON and no part of the content.
  const json = text.replace(/^\uFEFF/, '')
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const where = locate(json, message)
    throw new InputError(
      'task-definition',
      `${source}${where} is not valid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}. Fix the JSON syntax there.`
    )
  }
  if (isObject(value) && isObject(value.taskDefinition)) value = value.taskDefinition
  if (!isObject(value)) {
    throw new InputError(
      'task-definition',
      `${source} must hold a JSON object (a task definition), not ${Array.isArray(value) ? 'an array' : typeof value}.`
    )
  }
  const wrongTypes = shapeProblems(value)
  if (wrongTypes.length > 0) {
    const root = value
    const problems = wrongTypes.map(p => `${describePath(p.path, root)} ${p.message}`)
    throw new InputError(
      'task-definition',
      `${source} has ${problems.length === 1 ? 'a field' : 'fields'} of the wrong JSON type; nothing was registered:\n- ${problems.join('\n- ')}`,
      problems
    )
  }
  if (!Array.isArray(value.containerDefinitions) || value.containerDefinitions.length === 0) {
    throw new InputError(
      'task-definition',
      `${source} has no "containerDefinitions". A task definition needs at least one container.`
    )
  }
  if (typeof value.family !== 'string' || value.family === '') {
    throw new InputError('task-definition', `${source} has no "family".`)
  }
  return withoutReadOnlyFields(value as unknown as TaskDefinitionInput)
}

/** A registered revision (or a parsed file) as RegisterTaskDefinition input. */
export function withoutReadOnlyFields(
  taskDefinition: TaskDefinition | TaskDefinitionInput
): TaskDefinitionInput {
  const copy: Record<string, unknown> = structuredClone({ ...taskDefinition })
  for (const field of READ_ONLY_FIELDS) delete copy[field]
  return copy as unknown as TaskDefinitionInput
}

/** " (line L, column C)" for a JSON.parse error, from its position or its own line/column. */
function locate(text: string, message: string): string {
  const lineColumn = /line (\d+) column (\d+)/.exec(message)
  if (lineColumn) return ` (line ${lineColumn[1]}, column ${lineColumn[2]})`
  const position = /position (\d+)/.exec(message)
  let offset = position ? Number(position[1]) : undefined
  if (offset === undefined && /Unexpected end of JSON input/.test(message)) offset = text.length
  if (offset === undefined) return ''
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return ` (line ${line}, column ${column})`
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
