import { add, type Phase } from '../../record.js'
import { checkHealth } from './health-check.js'

/*
 * After a rollout ECS calls a success, health-check-url must answer 2xx before wait-for-minutes
 * runs out; if it does not, the deploy failed (kind health-check).
 */
export const checkHealthPhase: Phase = async (r, { s, io }) => {
  if (r.verdict?.status !== 'succeeded' || s.healthCheckUrl === '') return r
  const health = await io.log.group(`Health check ${s.healthCheckUrl}`, () =>
    checkHealth(s.healthCheckUrl, Math.max(r.deadline, io.now()), s.pollIntervalSeconds * 1000, io)
  )
  if (health.healthy) return add(r, { health })
  return add(r, {
    health,
    verdict: {
      status: 'failed',
      kind: 'health-check',
      reason: `${s.healthCheckUrl} did not answer 2xx before the time was up (last: ${health.lastStatus}).`,
      ecsRollingBack: false
    }
  })
}
