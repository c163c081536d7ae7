import { OUTPUTS } from '../engine/settings/inputs.js'

/*
 * --json: the run's outputs, by the action's output names, as one JSON object on one line (the
 * last of standard output). Every value is the action's string, but `services`, a release's JSON
 * array, which is given as the array itself. Pure. The line is inert for GitHub's runner as it
 * is, so the sink (terminal/inert-sink.ts) prints it unchanged and it stays the last line: it
 * starts with "{", never with "::"; "##[" in a value is written "##\u005b", and DEL and the C1
 * control characters, which JSON.stringify leaves raw, as \u escapes: the same JSON value.
 */

const RAW = /##\[|[\u007f-\u009f]/g

/** JSON.stringify's one line, with nothing in it a runner or a terminal acts on. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(RAW, found =>
    found === '##[' ? '##\\u005b' : `\\u${found.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

export function jsonLine(outputs: readonly [string, string][]): string {
  const object: Record<string, unknown> = {}
  for (const [name, value] of outputs) {
    object[name] =
      name === OUTPUTS.services && value !== '' ? (JSON.parse(value) as unknown) : value
  }
  return inertJson(object)
}
