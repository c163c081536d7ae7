/*
 * Text from outside (a container's log line, docker's output, an AWS message) that the runner
 * would read as a workflow command if printed as it is (tools/harness/workflow-commands.ts): each
 * with what it tries. For the tests of what the action and the CLI print.
 */

/** [what it tries, the text]. */
export const INJECTIONS: readonly [string, string][] = [
  ['a bare \\r before save-state', 'Starting worker\r::save-state name=isPost::false'],
  ['set-output on its own line', '::set-output name=outcome::succeeded'],
  ['after leading spaces', '   ::save-state name=x::y'],
  ['the older form inside a line', 'log line ##[set-output name=outcome]succeeded'],
  ['after a NEL, which .NET trims as white space', '\u0085::save-state name=x::y'],
  ['after an escape sequence and a bare \\r', 'step 3\u001b[2K\r::set-output name=outcome::ok'],
  ['several lines, one of them a command', 'first\n::save-state name=x::y\nlast'],
  [
    'a stop token of its own, then a command',
    '::stop-commands::abc\n::abc::\n::save-state name=x::y'
  ]
]
