import { describeError } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import type { AskCommitOrder, CommitOrderOff } from '../../deps.js'
import { add, currentOf, type Phase, type RunRecord } from '../../record.js'
import { runningCommit } from './running-commit.js'

/*
 * Never a deploy backwards. Two quick pushes can reach the deploy out of order; before its first
 * write, a deploy reads the commit of the revision that runs and asks GitHub how this run's
 * commit stands against it. Behind: the run ends `skipped`, nothing registered, the service
 * untouched. When GitHub cannot be asked (no token, no repository: the front end says which and
 * how to give it) or does not answer, the deploy goes on with a warning; when the running
 * revision names no commit (no commit tag, no revision label), there is nothing to compare.
 * allow-older-commit turns the guard off; rollback mode never applies it.
 */
export const guardCommitOrder: Phase = async (r, x) => {
  const { s, io } = x
  const ask = io.commitOrder
  if (s.allowOlderCommit || io.run.sha === '' || ask === undefined) return r
  if (typeof ask !== 'function') return warnOff(io.log, ask, r)
  const running = await runningCommit(currentOf(r), io.ecr, io.region, io.log)
  if (running === undefined || running.sha === io.run.sha) return r
  const order = await askGitHub(ask, io.log, io.run.sha, running.sha)
  if (order !== 'behind') return r
  io.log.notice(
    `This run's commit ${short(io.run.sha)} is older than ${short(running.sha)}, the commit the service runs (${running.from}): nothing was registered and the service was not updated. Set allow-older-commit: true to deploy it anyway.`,
    'Deploy skipped: an older commit'
  )
  return add(r, { outcome: 'skipped', newerCommit: running.sha })
}

async function askGitHub(ask: AskCommitOrder, log: Log, sha: string, runningSha: string) {
  try {
    return await ask(runningSha, sha)
  } catch (error) {
    log.warning(
      `Could not ask GitHub whether ${short(sha)} is older than the running ${short(runningSha)} (${describeError(error)}); deploying without that check.`,
      'Commit order unknown'
    )
    return undefined
  }
}

/** The guards already announced as off: a release's services share one, and it is said once. */
const announced = new WeakSet<CommitOrderOff>()

/** The guard cannot ask GitHub: the deploy goes on, and the user learns why and how to fix it. */
function warnOff(log: Log, off: CommitOrderOff, r: RunRecord): RunRecord {
  if (announced.has(off)) return r
  announced.add(off)
  log.warning(
    `The commit-order guard is off: ${off.missing.join(' and ')}, so this deploy cannot ask GitHub whether its commit is older than the one the service runs, and deploys without that check. ${off.turnOn} (allow-older-commit: true turns the guard off on purpose, without this warning.)`,
    'Commit-order guard off'
  )
  return r
}

const short = (sha: string) => sha.slice(0, 7)
