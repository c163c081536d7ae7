import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../../../aws/ecs/ecs.js'
import { withoutReadOnlyFields, type TaskDefinitionInput } from './task-definition-file.js'

/*
 * `task-definition-arn`: a revision already registered (promoted from staging, or a known-good
 * one) as the base of the deploy. When the inputs change nothing in it, it is deployed as it is
 * and nothing is registered.
 */

export interface ArnBase {
  /** The revision's full ARN, as ECS reports it. */
  readonly arn: string
  readonly taskDefinition: TaskDefinition
  /** The same, without the fields RegisterTaskDefinition refuses: the base to render. */
  readonly input: TaskDefinitionInput
}

/**
 * Reads the revision from ECS. Its tags stay behind: a revision registered from it is tagged
 * with this deploy's commit and run, never with another deploy's outcome.
 */
export async function readBaseFromArn(ecs: EcsApi, ref: string): Promise<ArnBase> {
  const { taskDefinition } = await ecs.describeTaskDefinition(ref)
  const arn = taskDefinition.taskDefinitionArn ?? ref
  return { arn, taskDefinition, input: withoutReadOnlyFields(taskDefinition) }
}

/**
 * True when rendering changed nothing but the tags the deploy adds (commit, run): the revision
 * can be deployed as it is. Pure.
 */
export function unchangedByRender(
  base: TaskDefinitionInput,
  rendered: TaskDefinitionInput
): boolean {
  const strip = ({ tags: _tags, ...rest }: TaskDefinitionInput) => rest
  return JSON.stringify(strip(base)) === JSON.stringify(strip(rendered))
}
