import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { ExpressRequest } from '../../../aws/ecs/express.js'
import type { Change } from './diff.js'
import type { ImageAssignment } from './render.js'
import type { TaskDefinitionInput } from './task-definition-file.js'

/** What a deploy or rollback will roll out, as found before any write. */
export interface Prepared {
  /**
   * The revision to roll out; undefined for a deploy until it is registered (a
   * task-definition-arn the inputs leave unchanged is rolled out as it is).
   */
  readonly taskDefinitionArn: string | undefined
  /** The rendered task definition to register (deploy mode), unless rolled out as it is. */
  readonly toRegister: TaskDefinitionInput | undefined
  /** The revision rolled out, as far as its containers go (their awslogs streams). */
  readonly definition: Pick<TaskDefinition, 'containerDefinitions'>
  /** The container the one-off task runs in (run-task-command), if there is one. */
  readonly runTaskContainer: string | undefined
  readonly renderedPath: string | undefined
  readonly images: ImageAssignment[]
  readonly changes: Change[]
  /** What a dry run says it leaves undone. */
  readonly dryRun: readonly string[]
  /**
   * The request the kind's start sends as prepared, where the kind registers nothing itself
   * (Express Mode: Create/UpdateExpressGatewayService; ECS registers the revision).
   */
  readonly request?: ExpressRequest | undefined
}

export function imagesOf(td: Pick<TaskDefinition, 'containerDefinitions'>): ImageAssignment[] {
  return (td.containerDefinitions ?? []).map(c => ({
    container: c.name ?? '',
    image: c.image ?? ''
  }))
}
