import { shortArn } from '../../common/task-definition-arn.js'
import { add, type Phase } from '../../record.js'

/*
 * A family without a service (modes/family.ts): no rollout to watch, so the revision registered is
 * the release, and it succeeds once registered. The scheduled tasks follow it (move.ts).
 */
export const registeredIsReleased: Phase = async r => {
  if (r.targetArn === undefined) return r
  const reason = `Registered ${shortArn(r.targetArn)}; no service runs it: its scheduled tasks follow it.`
  return add(r, { verdict: { status: 'succeeded', reason } })
}
