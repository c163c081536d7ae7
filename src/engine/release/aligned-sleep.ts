/*
 * The services of a release wave poll on one shared beat, so that their reads meet in one call
 * (aws/ecs/batching.ts): a wait of a poll interval or more ends on the nearest beat instead of
 * at its exact length (never under half of it); shorter waits (a stale read re-read) are kept.
 */
export function alignedSleep(
  sleep: (ms: number) => Promise<void>,
  now: () => number,
  beatMs: number,
  origin: number
): (ms: number) => Promise<void> {
  return ms => {
    if (ms < beatMs) return sleep(ms)
    const at = now()
    const beat = origin + Math.round((at + ms - origin) / beatMs) * beatMs
    return sleep(Math.max(beat - at, ms / 2))
  }
}
