import type { Context } from '../../deps.js'
import type { Ongoing } from '../../kinds/kind.js'
import { add, currentOf, kindOf, type Phase } from '../../record.js'
import type { Outcome } from '../report/report.js'

/*
 * The phases of the modes that act on a deployment already under way, with no render and no
 * register: find it; continue it past its PAUSE hook (mode continue); or have its controller
 * roll it back (mode rollback on a blue/green, linear or canary deployment still going or
 * paused), never with an UpdateService.
 */

/** mode continue: the deployment under way, if the service's kind can find one. */
export const findOngoing: Phase = async (r, x) => {
  const ongoing = await kindOf(r).ongoing?.find(x, currentOf(r))
  return add(r, { ongoing })
}

/** mode rollback: a deployment under way that the kind rolls back through its controller. */
export const findInFlight: Phase = async (r, x) => {
  const kind = kindOf(r)
  if (kind.ongoing?.rollBack === undefined) return r
  return add(r, { ongoing: await kind.ongoing.find(x, currentOf(r)) })
}

/** mode continue: answer the PAUSE hook with CONTINUE; the watch follows. */
export const continuePaused: Phase = async (r, x) => {
  const ongoing = kindOf(r).ongoing
  if (ongoing === undefined) {
    throw new Error(`${x.s.service} has no deployment this step can continue. Nothing was changed.`)
  }
  const answer = await ongoing.continue(x, r.ongoing)
  const target = (r.ongoing as Ongoing).target
  if (answer === 'dry-run')
    return add(r, { targetArn: target.taskDefinitionArn, outcome: 'dry-run' })
  return add(r, {
    targetArn: target.taskDefinitionArn,
    started: { target, service: currentOf(r).service },
    answeredHooks: [...r.answeredHooks, answer.hookId]
  })
}

/** mode rollback on a deployment under way: its controller rolls it back; watched to its end. */
export const rollBackOngoing: Phase = async (r, x) => {
  const rollBack = kindOf(r).ongoing?.rollBack
  if (r.ongoing === undefined || rollBack === undefined) return r
  const { target } = r.ongoing
  sayRollingBack(x, r.ongoing, kindOf(r).controller)
  const at = add(r, { targetArn: target.previousTaskDefinitionArn })
  if (x.s.dryRun) {
    const controller = kindOf(r).controller
    x.io.log.info(`dry-run: ${controller} is not asked to roll the deployment back.`)
    return add(at, { outcome: 'dry-run' })
  }
  const started = add(at, { started: { target, service: currentOf(r).service } })
  const back = await rollBack(x, r.ongoing, r.deadline)
  if (back === undefined) return add(started, { outcome: 'failed' })
  return add(started, {
    rollback: back.report,
    verdict: back.report.verdict,
    serviceDeployment: back.serviceDeployment ?? r.ongoing.sd,
    kindView: back.kindView ?? r.ongoing.kindView,
    outcome: ownOutcome(back.report.verdict?.status)
  })
}

function sayRollingBack({ s, io }: Context, { state, target }: Ongoing, controller: string): void {
  io.log.info(
    `${state.replace(/\.$/, '')}: ${controller} rolls it back to the revision that ran before (${target.previousTaskDefinitionArn ?? 'unknown'}); no UpdateService.`
  )
  if (s.rollbackTo !== 'previous') {
    io.log.warning(
      `rollback-to is ${s.rollbackTo}, but a deployment ${controller} is running can only be rolled back to the revision it replaces; rollback-to is not used.`,
      'rollback-to not used'
    )
  }
}

/** A rollback that is this run's own purpose succeeds when the rollback does. */
function ownOutcome(status: string | undefined): Outcome {
  return status === 'succeeded' ? 'succeeded' : status === 'failed' ? 'failed' : 'unknown'
}
