import type { EcsApi } from '../../../aws/ecs/ecs.js'
import { describeError } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import { warnIfDenied } from '../../common/permissions.js'
import { OUTCOME_TAG } from '../../common/tags.js'
import { shortArn } from '../../common/task-definition-arn.js'
import type { Phase } from '../../record.js'

/** Tags a revision with how its deploy ended; a refusal is a warning, never the step's end. */
export async function tagOutcome(
  ecs: EcsApi,
  log: Pick<Log, 'warning'>,
  arn: string,
  outcome: 'succeeded' | 'failed' | 'rolled-back'
): Promise<void> {
  try {
    await ecs.tagResource(arn, [{ key: OUTCOME_TAG, value: outcome }])
  } catch (error) {
    const without = "rollback-to: previous then relies on ECS's SUCCESSFUL service deployments."
    if (!warnIfDenied(log, error, 'ecs:TagResource', arn, without)) {
      log.warning(
        `Could not tag ${shortArn(arn)} with its outcome (${describeError(error)}); ${without}`
      )
    }
  }
}

/**
 * A deploy's revision carries how its rollout ended (succeeded or failed), so that a later
 * rollback finds the last revision that succeeded.
 */
export const tagOutcomePhase: Phase = async (r, { io }) => {
  const status = r.verdict?.status
  if (r.targetArn === undefined || (status !== 'succeeded' && status !== 'failed')) return r
  await tagOutcome(io.ecs, io.log, r.targetArn, status)
  return r
}
