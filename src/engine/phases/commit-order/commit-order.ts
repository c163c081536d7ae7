import { describeError } from '../../../aws/errors.js'
import type { Context } from '../../deps.js'
import { add, currentOf, type Phase } from '../../record.js'
import { runningCommit } from './running-commit.js'

/*
 * Never a deploy backwards. Two quick pushes can reach the deploy out of order; before its first
 * write, a deploy reads the commit of the revision that runs and asks GitHub how this run's
 * commit stands against it. Behind: the run ends `skipped`, nothing registered, the service
 * untouched. When the commit or GitHub's answer cannot be had, the deploy goes on (a warning).
 * allow-older-commit turns the guard off; rollback mode never applies it.
 */
export const guardCommitOrder: Phase = async (r, x) => {
  const { s, io } = x
  if (s.allowOlderCommit || io.run.sha === '' || io.commitOrder === undefined) return r
  const running = await runningCommit(currentOf(r), io.ecr, io.region, io.log)
  if (running === undefined || running.sha === io.run.sha) return r
  const order = await askGitHub(x, running.sha)
  if (order !== 'behind') return r
  io.log.notice(
    `This run's commit ${short(io.run.sha)} is older than ${short(running.sha)}, the commit the service runs (${running.from}): nothing was registered and the service was not updated. Set allow-older-commit: true to deploy it anyway.`,
    'Deploy skipped: an older commit'
  )
  return add(r, { outcome: 'skipped', newerCommit: running.sha })
}

async function askGitHub({ io }: Context, runningSha: string) {
  try {
    return await io.commitOrder!(runningSha, io.run.sha)
  } catch (error) {
    io.log.warning(
      `Could not ask GitHub whether ${short(io.run.sha)} is older than the running ${short(runningSha)} (${describeError(error)}); deploying without that check.`,
      'Commit order unknown'
    )
    return undefined
  }
}

const short = (sha: string) => sha.slice(0, 7)
