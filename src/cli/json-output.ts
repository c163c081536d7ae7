import { OUTPUTS } from '../engine/settings/inputs.js'

/*
 * --json: the run's outputs, by the action's output names, as one JSON object on one line (the
 * last of standard output). Every value is the action's string, but `services`, a release's JSON
 * array, which is given as the array itself. Pure.
 */

export function jsonLine(outputs: readonly [string, string][]): string {
  const object: Record<string, unknown> = {}
  for (const [name, value] of outputs) {
    object[name] =
      name === OUTPUTS.services && value !== '' ? (JSON.parse(value) as unknown) : value
  }
  return JSON.stringify(object)
}
