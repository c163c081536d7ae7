import { add, kindOf, type Phase } from '../../record.js'

/*
 * What the watch's verdict means for the run: a success, a pause (at an ECS PAUSE hook, or at
 * CodeDeploy's Ready: the step ends without failing; the controller keeps the deployment paused)
 * and an unknown state end it here; a failure goes on to be explained and, where it should be,
 * rolled back.
 */
export const settleVerdict: Phase = async (r, { io }) => {
  const verdict = r.verdict
  switch (verdict?.status) {
    case 'succeeded':
      io.log.info(verdict.reason)
      return add(r, { outcome: 'succeeded' })
    case 'paused':
      io.log.warning(
        `${verdict.reason} To go on, run this action with mode: continue (the rollback workflow: to: continue); to roll it back, mode: rollback. The step ends here; ${kindOf(r).controller} keeps the deployment paused.`,
        `Deployment paused at ${verdict.stage}`
      )
      return add(r, { outcome: 'paused' })
    case 'unknown':
      io.log.error(verdict.reason, 'State unknown')
      return add(r, { outcome: 'unknown' })
    case 'failed':
      io.log.error(verdict.reason, `Deployment failed (${verdict.kind})`)
      return r
    default:
      return r
  }
}
