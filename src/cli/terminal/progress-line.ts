/*
 * The engine's progress lines (phases/watch/progress.ts for a rolling update,
 * phases/watch/native-progress.ts for blue/green, linear and canary), read back into their facts,
 * and the one live line the CLI draws from them. Pure.
 */

export interface Progress {
  /** The rollout state (rolling) or the lifecycle stage (blue/green, linear, canary). */
  readonly stage: string
  /** The service deployment's status, where the line gives it. */
  readonly status: string | undefined
  readonly running: number
  readonly desired: number
  readonly failed: number | undefined
  /** Production traffic on the new revision, percent. */
  readonly traffic: number | undefined
}

/** describeProgress: `IN_PROGRESS[, STATUS]: 1/2 running, 0 pending, 0 failed[; 2 old tasks running]`. */
const ROLLING = /^([A-Z_]+)(?:, ([A-Z_]+))?: (\d+)\/(\d+) running, \d+ pending, (\d+) failed(?:;|$)/
/** describeNative: `STAGE (STATUS); 1/2 new tasks running[; production traffic 10%]...`. */
const NATIVE = /^([A-Z_]+|no stage) \(([A-Z_]+)\); (\d+)\/(\d+) new tasks running(?:;|$)/

/** The facts of a progress line; undefined for any other line. */
export function parseProgress(line: string): Progress | undefined {
  const rolling = ROLLING.exec(line)
  if (rolling !== null) {
    const [, stage = '', status, running, desired, failed] = rolling
    return {
      stage,
      status,
      running: Number(running),
      desired: Number(desired),
      failed: Number(failed),
      traffic: undefined
    }
  }
  const native = NATIVE.exec(line)
  if (native === null) return undefined
  const [, stage = '', status, running, desired] = native
  const traffic = /; production traffic (\d+)%/.exec(line)?.[1]
  return {
    stage,
    status,
    running: Number(running),
    desired: Number(desired),
    failed: undefined,
    traffic: traffic === undefined ? undefined : Number(traffic)
  }
}

/** m:ss, or h:mm:ss from an hour. */
export function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const s = String(total % 60).padStart(2, '0')
  const m = Math.floor(total / 60) % 60
  const h = Math.floor(total / 3600)
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** The live line: who, stage, tasks running/desired, traffic, failures, time so far. */
export function liveText(label: string, p: Progress, elapsedMs: number): string {
  const stage =
    p.status !== undefined && p.status !== p.stage ? `${p.stage} (${p.status})` : p.stage
  return [
    label,
    stage,
    `${p.running}/${p.desired} tasks`,
    ...(p.traffic !== undefined ? [`traffic ${p.traffic}%`] : []),
    ...(p.failed ? [`${p.failed} failed`] : []),
    elapsed(elapsedMs)
  ].join('  ')
}
