import type { Followed, Judgement, RolloutTarget } from '../../src/engine/phases/watch/verdict.js'
import { NEW_ID, T0, tdArn } from './ecs-fixtures.js'

/** The rollout the verdict tables judge: our deployment of :42 over :41, created at T0. */
export const TARGET: RolloutTarget = {
  deploymentId: NEW_ID,
  taskDefinitionArn: tdArn(42),
  previousTaskDefinitionArn: tdArn(41),
  maxFailedTasks: 3,
  createdAt: new Date(T0)
}

/** Our deployment, followed and already seen in a read. */
export const FOLLOWED: Followed = { target: TARGET, ids: [NEW_ID], seen: true }

/** What a judgement comes to, in one word, for the tables. */
export function said(j: Judgement): string {
  if (j.kind === 'verdict')
    return j.verdict.status === 'failed'
      ? `failed:${j.verdict.kind}${j.verdict.ecsRollingBack ? '+ecs' : ''}`
      : j.verdict.status
  if (j.kind === 'follow') return `follow:${j.deploymentId}`
  return j.kind
}
