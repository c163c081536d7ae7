import type { Context } from '../../deps.js'
import type { WatchRequest } from '../../kinds/kind.js'
import type { WatchResult } from './loop.js'
import { judgeNative, judgeNativeRollback } from './native-judge.js'
import { nativeProgress } from './native-progress.js'
import { watchService } from './watch-service.js'

/*
 * The watch of a deployment ECS runs itself (blue/green, linear, canary; the canary of an Express
 * service), shared by the kinds that ECS deploys this way: by its service deployment, judged to
 * SUCCESSFUL (or traffic shifted), paused at a hook, or rolled back.
 */

/** Watches a deployment ECS runs itself (and its rollback) by its service deployment. */
export function watchNative(x: Context, w: WatchRequest, strategy: string): Promise<WatchResult> {
  const judge =
    w.watching === 'rollback'
      ? judgeNativeRollback
      : judgeNative({ waitUntil: x.s.waitUntil, answeredHooks: new Set(w.answeredHooks) })
  return watchService(x, w, {
    judge,
    describe: nativeProgress(strategy, x.io.now),
    countStoppedTasks: false
  })
}
