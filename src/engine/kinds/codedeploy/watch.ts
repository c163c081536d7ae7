import type { Context } from '../../deps.js'
import { watchRollout, type WatchResult } from '../../phases/watch/loop.js'
import type { WaitUntil } from '../../settings/settings.js'
import type { WatchRequest } from '../kind.js'
import { describeCodeDeploy } from './describe.js'
import { codeDeployApi, ecsServiceOf, targetIdOf } from './group.js'
import { judgeCodeDeploy, judgeCodeDeployRollback } from './judge.js'
import { createCodeDeployPoller } from './poller.js'

/**
 * Watches a CodeDeploy deployment (or its rollback) to the judge's verdict: each poll reads
 * GetDeployment and GetDeploymentTarget, so a change is seen within one poll interval. The loop
 * is the one every kind shares (phases/watch/loop.ts); the deployment as last read is what the
 * run's record keeps of it (kindView).
 */
export async function watchCodeDeploy(
  x: Context,
  w: WatchRequest,
  waitUntil: WaitUntil = x.s.waitUntil
): Promise<WatchResult> {
  const { s, io } = x
  const service = ecsServiceOf(w.started.service, { cluster: s.cluster, service: s.service })
  const rollback = w.watching === 'rollback'
  const poll = createCodeDeployPoller(
    codeDeployApi(io),
    { targetId: targetIdOf(service), rollback },
    io.log
  )
  const judge = rollback
    ? judgeCodeDeployRollback
    : judgeCodeDeploy({ waitUntil, continued: new Set(w.answeredHooks) })
  const result = await watchRollout(
    w.started.target,
    judge,
    {
      timeoutMs: Math.max(0, w.deadline - io.now()),
      intervalMs: s.pollIntervalSeconds * 1000,
      what: w.what,
      describe: describeCodeDeploy,
      source: 'CodeDeploy'
    },
    {
      poll,
      now: io.now,
      sleep: io.sleep,
      log: m => io.log.info(m),
      warn: m => io.log.warning(m)
    }
  )
  return { ...result, kindView: result.snapshot?.codeDeploy }
}
