import { shortArn } from '../../common/task-definition-arn.js'
import { add, afterTheEnd, type Phase, type RunRecord } from '../../record.js'
import { namesRevision } from './match.js'
import type { Log } from '../../../shared/log.js'
import { describeTask, type TrackedTask } from './scheduled-task.js'
import { writeTasks, type WriteResult } from './write.js'

/*
 * After the verdict: once the new revision is seen to succeed, each scheduled task found moves to
 * it; one that cannot be moved fails the deploy (which is then rolled back like any failure).
 * After a rollback: each task this run wrote to is put back on the revision it ran.
 */

export const moveScheduledTasks: Phase = async (r, x) => {
  const scheduled = r.scheduled
  const to = r.targetArn
  if (scheduled === undefined || r.verdict?.status !== 'succeeded' || to === undefined) return r
  if (scheduled.tasks.length === 0) return r
  const tasks = await x.io.log.group(`Move the scheduled tasks to ${shortArn(to)}`, async () => {
    const go = scheduled.tasks.filter(t => namesRevision(t.from) && t.from !== to)
    const results = await writeTasks(x.io, go, () => to, true)
    return scheduled.tasks.map(t => {
      const at = go.indexOf(t)
      return at < 0 ? unchanged(x.io.log, t, to) : afterMove(t, to, results[at]!)
    })
  })
  const next = add(r, { scheduled: { ...scheduled, tasks } })
  const failed = tasks.find(t => t.status === 'failed')
  if (failed === undefined) {
    x.io.log.info(`Every scheduled task of ${scheduled.family} runs ${shortArn(to)}.`)
    return next
  }
  // Said once, as the deploy's failure (settleVerdict), and rolled back like any failure.
  const reason = `${describeTask(failed.task)} could not be moved to ${shortArn(to)}: ${failed.note ?? 'no reason given'}.`
  return add(next, {
    verdict: { status: 'failed', kind: 'scheduled-tasks', reason, ecsRollingBack: false }
  })
}

/**
 * Once the run has not succeeded and the release goes back — the service was rolled back (by ECS
 * or by this step), or there is no service — every task this run moved (or may have: a write AWS
 * answered with success but never showed, or whose answer never came) is put back whole on the
 * revision it ran. A run that leaves the service on the new revision
 * (rollback-on-failure false, a state unknown) leaves its scheduled tasks too.
 */
export const putBackScheduledTasks: Phase = afterTheEnd(async (r, x) => {
  const scheduled = r.scheduled
  const back = scheduled?.tasks.filter(t => t.status === 'moved' || t.uncertain === true) ?? []
  if (scheduled === undefined || back.length === 0 || r.outcome === 'succeeded') return r
  if (!releaseGoesBack(r)) {
    x.io.log.info('The service stays on the new revision: so do the scheduled tasks moved to it.')
    return r
  }
  const tasks = await x.io.log.group('Put the scheduled tasks back', async () => {
    const results = await writeTasks(x.io, back, t => t.from, false)
    const put = back.map((t, i) => afterPutBack(t, results[i]!))
    for (const t of put.filter(p => p.status === 'put-back-failed')) {
      x.io.log.error(
        `${describeTask(t.task)} could not be put back on ${shortArn(t.from)}: ${t.note ?? 'no reason given'}. It may still run ${shortArn(t.to)}.`,
        'Scheduled task not put back'
      )
    }
    return scheduled.tasks.map(t => put.find(p => p.task === t.task) ?? t)
  })
  return add(r, { scheduled: { ...scheduled, tasks }, outcome: r.outcome ?? 'failed' })
})

/** The service was rolled back, or the run has none (a family without a service). */
const releaseGoesBack = (r: RunRecord): boolean =>
  r.rollback !== undefined || r.started === undefined

function afterMove(t: TrackedTask, to: string, result: WriteResult): TrackedTask {
  switch (result.kind) {
    case 'written':
      return { ...t, status: 'moved', to }
    case 'failed':
      return { ...t, status: 'failed', to, note: result.why, uncertain: result.uncertain }
    default:
      return { ...t, note: 'not sent: an earlier scheduled task could not be moved' }
  }
}

function afterPutBack(t: TrackedTask, result: WriteResult): TrackedTask {
  if (result.kind === 'written') return { ...t, status: 'put-back' }
  return {
    ...t,
    status: 'put-back-failed',
    note: result.kind === 'failed' ? result.why : 'not sent'
  }
}

/** A task with nothing to move: on the revision already, or naming none (it runs the latest). */
function unchanged(log: Pick<Log, 'info'>, t: TrackedTask, to: string): TrackedTask {
  const note =
    t.from === to
      ? 'runs the new revision already'
      : 'names no revision, so it runs the latest ACTIVE one (RunTask: "If a revision isn\'t specified, the latest ACTIVE revision is used.")'
  log.info(`${describeTask(t.task)} ${note}: left as it is.`)
  return { ...t, status: 'unchanged', note }
}
