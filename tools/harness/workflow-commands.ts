/*
 * How GitHub's runner reads what a step prints: its lines, the workflow commands in them, and
 * what those commands change. The harness (runner.ts) feeds every chunk of the step's stdout and
 * stderr through one CommandReader, so a test sees the state and outputs a runner would keep.
 *
 * Lines. The runner reads each stream with StreamReader.ReadLine (actions/runner,
 * src/Runner.Sdk/ProcessInvoker.cs: `string line = reader.ReadLine();`), and stdout and stderr
 * alike go to the command manager (src/Runner.Worker/Handlers/NodeScriptActionHandler.cs:
 * `StepHost.OutputDataReceived += stdoutManager.OnDataReceived; StepHost.ErrorDataReceived +=
 * stderrManager.OnDataReceived;`). .NET: "A line is defined as a sequence of characters followed
 * by a line feed ("\n"), a carriage return ("\r"), or a carriage return immediately followed by a
 * line feed ("\r\n"). The string that is returned does not contain the terminating carriage
 * return or line feed." (StreamReader.ReadLine, Microsoft Learn).
 *
 * Commands. GitHub, "Workflow commands for GitHub Actions": "Actions can communicate with the
 * runner machine to set environment variables, output values used by other actions, add debug
 * messages to the output logs, and other tasks. Most workflow commands use the echo command in a
 * specific format": `::workflow-command parameter1={data},parameter2={data}::{command value}`;
 * "Workflow command and parameter names are case insensitive." `::save-state name={name}::{value}`
 * and `::set-output name={name}::{value}` are still read on stdout: "Starting today runner
 * version 2.298.2 will begin to warn you if you use the save-state or set-output commands via
 * stdout" (GitHub changelog, 2022-10-11, "GitHub Actions: Deprecating save-state and set-output
 * commands"). How a line is recognised follows the runner (src/Runner.Common/ActionCommand.cs):
 * - `::name props::data` "needs to start with the keyword after trim leading space"
 *   (TryParseV2: `message = message.TrimStart(); if (!message.StartsWith(_commandKey))`);
 * - the older `##[name props]data` is found anywhere in the line (TryParse:
 *   `int prefixIndex = message.IndexOf(Prefix);`);
 * - either only for a registered command name (`registeredCommands.Contains(commandName)`).
 *
 * Stopping. "Stops processing any workflow commands. This special command allows you to log
 * anything without accidentally running a workflow command." `::stop-commands::{endtoken}`; "To
 * resume processing workflow commands, pass the same token that you used to stop workflow
 * commands." `::{endtoken}::` (GitHub docs, "Stopping and starting workflow commands"). While
 * stopped, only the token resumes (ActionCommandManager.cs: `string.Equals(actionCommand.Command,
 * _stopToken, StringComparison.OrdinalIgnoreCase)`); an empty token never does
 * (`!string.IsNullOrEmpty(_stopToken)`).
 *
 * Order. The step's file commands (GITHUB_STATE, GITHUB_OUTPUT) are read when its process has
 * ended (ActionRunner.cs: `await handler.RunAsync(Stage);` then `finally {
 * fileCommandManager.ProcessFiles(...) }`), so a file's value of a name wins over stdout's.
 */

/** One workflow command as the runner parsed it. */
export interface WorkflowCommand {
  /** Lower case: names are case insensitive. */
  readonly name: string
  readonly properties: Readonly<Record<string, string>>
  readonly data: string
  /** The line it was read from. */
  readonly line: string
}

/** The commands the runner registers (its command extensions, and stop-commands). */
const REGISTERED = new Set([
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'notice',
  'warning',
  'error',
  'group',
  'endgroup',
  'echo'
])

/** Data of a `::` command: "%0D" and "%0A" (ActionCommand.cs, _escapeDataMappings). */
const unescapeV2Data = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n')
/** Properties of a `::` command (_escapePropertyMappings), "%25" last. */
const unescapeV2Property = (s: string) =>
  unescapeV2Data(s).replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
/** Data and properties of a `##[` command (_escapeMappings), "%25" last. */
const unescapeV1 = (s: string) =>
  unescapeV2Data(s).replace(/%3B/g, ';').replace(/%5D/g, ']').replace(/%25/g, '%')

interface Parsed {
  readonly name: string
  readonly properties: Record<string, string>
  readonly data: string
}

/** .NET's String.TrimStart(): every char.IsWhiteSpace (Zs, Zl, Zp, \t to \r, U+0085, U+00A0). */
const DOTNET_LEADING_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/

/** `::name k=v,k=v::data` at the start of the line, after leading white space (TryParseV2). */
function parseV2(line: string, registered: ReadonlySet<string>): Parsed | undefined {
  const message = line.replace(DOTNET_LEADING_SPACE, '')
  if (!message.startsWith('::')) return undefined
  const end = message.indexOf('::', 2)
  if (end < 0) return undefined
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
  if (!registered.has(name)) return undefined
  const properties: Record<string, string> = {}
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      const eq = pair.indexOf('=')
      if (eq > 0 && eq < pair.length - 1) {
        properties[pair.slice(0, eq).toLowerCase()] = unescapeV2Property(pair.slice(eq + 1))
      }
    }
  }
  return { name, properties, data: unescapeV2Data(message.slice(end + 2)) }
}

/** `##[name k=v;k=v]data` anywhere in the line (TryParse). */
function parseV1(line: string, registered: ReadonlySet<string>): Parsed | undefined {
  const prefix = line.indexOf('##[')
  if (prefix < 0) return undefined
  const close = line.indexOf(']', prefix)
  if (close < 0) return undefined
  const info = line.slice(prefix + 3, close)
  const space = info.indexOf(' ')
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
  if (!registered.has(name)) return undefined
  const properties: Record<string, string> = {}
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(';')) {
      const eq = pair.indexOf('=')
      if (eq > 0 && eq < pair.length - 1) {
        properties[pair.slice(0, eq).toLowerCase()] = unescapeV1(pair.slice(eq + 1))
      }
    }
  }
  return { name, properties, data: unescapeV1(line.slice(close + 1)) }
}

/** The runner's command manager for one step: every line of both streams, in order. */
export class CommandReader {
  readonly commands: WorkflowCommand[] = []
  readonly state: Record<string, string> = {}
  readonly outputs: Record<string, string> = {}
  readonly masks: string[] = []
  private readonly registered = new Set(REGISTERED)
  private stopToken: string | undefined

  /** One line as ReadLine returned it. */
  line(line: string): void {
    if (line === '') return
    const parsed = parseV2(line, this.registered) ?? parseV1(line, this.registered)
    if (parsed === undefined) return
    if (this.stopToken !== undefined) {
      if (this.stopToken !== '' && parsed.name === this.stopToken) {
        this.registered.delete(this.stopToken)
        this.stopToken = undefined
      }
      return
    }
    this.commands.push({ ...parsed, line })
    this.apply(parsed)
  }

  private apply({ name, properties, data }: Parsed): void {
    switch (name) {
      case 'stop-commands':
        this.stopToken = data.toLowerCase()
        this.registered.add(this.stopToken)
        return
      case 'save-state':
        if (properties.name) this.state[properties.name] = data
        return
      case 'set-output':
        if (properties.name) this.outputs[properties.name] = data
        return
      case 'add-mask':
        if (data.trim() !== '') this.masks.push(data)
        return
    }
  }
}

/** One stream of the step (stdout or stderr) cut into lines as ReadLine cuts them. */
export class LineReader {
  private pending = ''

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: string): void {
    const text = this.pending + chunk
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const c = text[i]
      if (c !== '\n' && c !== '\r') continue
      // A "\r" last in what has arrived may be the first half of "\r\n": wait for more.
      if (c === '\r' && i === text.length - 1) break
      this.onLine(text.slice(start, i))
      if (c === '\r' && text[i + 1] === '\n') i++
      start = i + 1
    }
    this.pending = text.slice(start)
  }

  /** The end of the stream: what is left is a last line. */
  end(): void {
    const rest = this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending
    this.pending = ''
    if (rest !== '') this.onLine(rest)
  }
}

/** What the runner reads in a whole text written to one stream (a helper for tests). */
export function readCommands(...streams: string[]): CommandReader {
  const reader = new CommandReader()
  for (const text of streams) {
    const lines = new LineReader(line => reader.line(line))
    lines.write(text)
    lines.end()
  }
  return reader
}
