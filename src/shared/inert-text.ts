import { randomBytes } from 'node:crypto'

/*
 * Text printed where GitHub's runner may read it, made inert: the runner reads no workflow command
 * in it. The action's log (runner/log.ts) and the CLI's output (cli/terminal/inert-sink.ts, the
 * CLI in a `run:` step) go through it. The log carries lines from outside (a container's log, a
 * one-off task's output, docker's, AWS's messages), and the runner still obeys `::save-state` and
 * `::set-output` on stdout ("Starting today runner version 2.298.2 will begin to warn you if you
 * use the save-state or set-output commands via stdout", GitHub changelog 2022-10-11), so such a
 * line could write the post step's state or an output.
 *
 * How the runner reads the log (GitHub's runner, quoted in tools/harness/workflow-commands.ts):
 * - a line ends at "\n", "\r\n" or a bare "\r" (.NET StreamReader.ReadLine);
 * - `::name …::data` is a command when the line starts with it after leading white space
 *   (ActionCommand.TryParseV2: "the message needs to start with the keyword after trim leading
 *   space"), `##[name …]data` wherever it is in the line (ActionCommand.TryParse);
 * - "::stop-commands::{endtoken}" "Stops processing any workflow commands. This special command
 *   allows you to log anything without accidentally running a workflow command", until
 *   "::{endtoken}::"; "Make sure the token you're using is randomly generated and unique for each
 *   run." (GitHub docs, "Stopping and starting workflow commands").
 *
 * So: the text is cut at "\n" and "\r\n" only (the line breaks a message means); every other
 * control character is taken out, "\r" included, so no line ends where the text did not mean one;
 * and when a line would still be read as a command, the message is printed between
 * `::stop-commands::` and its token, a new random one each time, which the text cannot contain.
 */

/** C0 and C1 control characters but the tab, DEL, and the ANSI sequences they begin. */
// eslint-disable-next-line no-control-regex -- control characters are what these match
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g
// eslint-disable-next-line no-control-regex -- control characters are what these match
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g

/** The lines of a message, each without control characters. */
export function plainLines(message: string): string[] {
  return message.split(/\r?\n/).map(line => line.replace(ANSI, '').replace(CONTROL, ''))
}

/** Whether the runner would read a workflow command in this line. */
export function looksLikeCommand(line: string): boolean {
  return line.trimStart().startsWith('::') || line.includes('##[')
}

/** A stop token: 32 random hex digits. */
export const randomStopToken = (): string => randomBytes(16).toString('hex')

/**
 * The message as printed: its plain lines, between stop-commands markers when any of them
 * would be read as a command.
 */
export function inertText(message: string, token: () => string = randomStopToken): string {
  return guardedLines(plainLines(message), token).join('\n')
}

/**
 * Lines with no control character in them, as they are when none would be read as a command;
 * else between `::stop-commands::` and its token, one the lines do not contain.
 */
export function guardedLines(lines: readonly string[], token: () => string): string[] {
  if (!lines.some(looksLikeCommand)) return [...lines]
  const lower = lines.join('\n').toLowerCase()
  let stop = token()
  while (stop === '' || lower.includes(stop.toLowerCase())) stop = token()
  return [`::stop-commands::${stop}`, ...lines, `::${stop}::`]
}
