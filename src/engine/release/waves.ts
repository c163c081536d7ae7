/*
 * The order of a release, pure: services whose `after` is met roll out together, as one wave; the
 * next wave starts when its prerequisites have succeeded. A cycle has no order, and is refused.
 */

export interface Ordered {
  readonly service: string
  readonly after: readonly string[]
}

/** The services in waves, in the order the entries list them within a wave. */
export function waves(entries: readonly Ordered[], fail: (message: string) => never): string[][] {
  const done = new Set<string>()
  const result: string[][] = []
  let left = [...entries]
  while (left.length > 0) {
    const wave = left.filter(e => e.after.every(before => done.has(before)))
    if (wave.length === 0)
      fail(`after forms a cycle: ${cycleOf(left).map(named(entries)).join(' → ')}.`)
    result.push(wave.map(e => e.service))
    for (const e of wave) done.add(e.service)
    left = left.filter(e => !wave.includes(e))
  }
  return result
}

/** A service as the errors about the file name it: its entry's number, then its name. */
const named = (entries: readonly Ordered[]) => (service: string) =>
  `entry ${entries.findIndex(e => e.service === service) + 1} (${service})`

/** One cycle among entries that all wait on each other. */
function cycleOf(entries: readonly Ordered[]): string[] {
  const byName = new Map(entries.map(e => [e.service, e]))
  const path: string[] = []
  let at = entries[0]
  while (at !== undefined && !path.includes(at.service)) {
    path.push(at.service)
    at = at.after.map(name => byName.get(name)).find(e => e !== undefined)
  }
  return at === undefined ? path : [...path.slice(path.indexOf(at.service)), at.service]
}
