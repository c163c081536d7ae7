import { guardedLines, randomStopToken } from '../../shared/inert-text.js'
import type { Sink } from './live.js'

/*
 * The CLI's standard output and standard error where GitHub's runner may read them: in a `run:`
 * step the runner reads both for workflow commands, as it reads an action's, and the CLI prints
 * lines from outside (a container's log, a one-off task's output, AWS's messages). Off a terminal
 * each write leaves as the action's log does (shared/inert-text.ts): every control character is
 * taken out, a bare "\r" (where the runner also ends a line) and escape sequences included, but the
 * SGR colour codes the CLI paints with (--color); a write with a line the runner would read as a
 * command is printed between `::stop-commands::` and a random token. At a terminal no runner reads
 * the output, and the live lines redraw with "\r" and cursor moves: the log's messages are cleaned
 * as they come instead (terminal-log.ts).
 */

// eslint-disable-next-line no-control-regex -- control characters are what this matches
const SEQUENCE_OR_CONTROL = /\u001b\[[0-?]*[ -/]*[@-~]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
// eslint-disable-next-line no-control-regex -- an SGR sequence: ESC [ parameters m
const SGR = /^\u001b\[[0-9;]*m$/

/** One write as it leaves the process off a terminal. Pure. */
export function inertWrite(text: string, token: () => string): string {
  const ends = text.endsWith('\n')
  const lines = (ends ? text.slice(0, -1) : text)
    .split(/\r?\n/)
    .map(line => line.replace(SEQUENCE_OR_CONTROL, found => (SGR.test(found) ? found : '')))
  const printed = guardedLines(lines, token).join('\n')
  return ends ? `${printed}\n` : printed
}

/** The sink itself at a terminal; off one, a sink whose every write is inert. */
export function inertSink(out: Sink, token: () => string = randomStopToken): Sink {
  if (out.isTTY === true) return out
  return {
    write: text => out.write(inertWrite(text, token)),
    isTTY: out.isTTY,
    columns: out.columns
  }
}
