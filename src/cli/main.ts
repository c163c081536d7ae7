import { plainLines } from '../shared/inert-text.js'
import { InputError } from '../shared/parse.js'
import { ArgsError, parseArgs } from './args/args.js'
import { COMMANDS, type Command } from './args/commands.js'
import { commandHelp, generalHelp } from './args/help.js'
import { connectCli, profileRegion } from './connect.js'
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './exit-codes.js'
import { jsonLine } from './json-output.js'
import { labelOf, type DeploymentServices } from './labels.js'
import { runEngineCommand } from './run.js'
import type { CliRuntime } from './runtime.js'
import {
  cliOptions,
  flagName,
  readCliSettings,
  readStatusSettings,
  type Beside,
  type CliOptions
} from './settings.js'
import { readStatus } from './status.js'
import { statusJson, statusText } from './status-view.js'
import { paint, useColour } from './terminal/colour.js'
import { inertSink } from './terminal/inert-sink.js'
import type { Sink } from './terminal/live.js'
import { TerminalLog } from './terminal/terminal-log.js'

/*
 * The CLI: argv and the environment → the engine → the terminal, the JSON line and the exit
 * code. Bad flags and bad input end with 2 before anything is written; a run ends with its
 * outcome's code (exit-codes.ts). Off a terminal, whatever it prints leaves inert: no workflow
 * command for a GitHub runner in it (terminal/inert-sink.ts).
 */

export async function main(given: CliRuntime): Promise<number> {
  const rt = { ...given, stdout: inertSink(given.stdout), stderr: inertSink(given.stderr) }
  let command: Command | undefined
  try {
    const parsed = parseArgs(rt.argv)
    if (parsed.kind === 'help') {
      const text = parsed.command ? commandHelp(COMMANDS[parsed.command]) : generalHelp()
      rt.stdout.write(`${text}\n`)
      return EXIT_OK
    }
    command = COMMANDS[parsed.command]
    return await runCommand(rt, command, parsed.values)
  } catch (error) {
    return fatal(rt, error, command)
  }
}

/** Where the log goes and how it looks: standard error with --json, standard output otherwise. */
interface Terminal {
  readonly options: CliOptions
  readonly out: Sink
  readonly colour: boolean
  readonly beside: Beside
}

async function runCommand(
  rt: CliRuntime,
  command: Command,
  values: Readonly<Record<string, string>>
): Promise<number> {
  const options = cliOptions(values)
  const out = options.json ? rt.stderr : rt.stdout
  const colour = useColour({ isTTY: out.isTTY === true, env: rt.env, flag: options.colour })
  const beside = { env: rt.env, profileRegion: await regionOfProfile(options, values, rt.env) }
  const t: Terminal = { options, out, colour, beside }
  return command.name === 'status'
    ? status(rt, command, values, t)
    : deployLike(rt, command, values, t)
}

/** The profile's region, read only when a profile is named or no region is given otherwise. */
async function regionOfProfile(
  options: CliOptions,
  values: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv
): Promise<string> {
  const given = values.region || env.AWS_REGION || env.AWS_DEFAULT_REGION
  if (options.profile === '' && given) return ''
  return profileRegion(options.profile, env)
}

async function deployLike(
  rt: CliRuntime,
  command: Command,
  values: Readonly<Record<string, string>>,
  t: Terminal
): Promise<number> {
  const settings = readCliSettings(command, values, t.beside)
  const seen: DeploymentServices = new Map()
  const label = (group: string) =>
    settings.release === '' ? settings.service : labelOf(seen, group)
  const named = settings.release !== ''
  const log = new TerminalLog({ out: t.out, colour: t.colour, now: rt.now, label, named })
  const run = await runEngineCommand(rt, command.name, settings, {
    log,
    seen,
    profile: t.options.profile,
    colour: t.colour
  })
  for (const line of run.ending.lines) t.out.write(`${line}\n`)
  if (run.ending.failure !== undefined) writeError(rt, run.ending.failure)
  if (t.options.json) rt.stdout.write(`${jsonLine(run.outputs)}\n`)
  return run.code
}

async function status(
  rt: CliRuntime,
  command: Command,
  values: Readonly<Record<string, string>>,
  t: Terminal
): Promise<number> {
  const s = readStatusSettings(command, values, t.beside)
  const log = new TerminalLog({ out: t.out, colour: t.colour, now: rt.now })
  const aws = await connectCli(s.credentials, t.options.profile, {
    aws: rt.aws,
    env: rt.env,
    sleep: rt.sleep,
    log: m => log.info(m),
    fetch: rt.fetch
  })
  const deps = { ecs: aws.ecs, ecr: aws.ecr, region: s.credentials.region, log }
  const found = await readStatus(deps, s.cluster, s.service)
  if (t.options.json) rt.stdout.write(`${statusJson(found)}\n`)
  else t.out.write(`${statusText(found, t.colour)}\n`)
  return EXIT_OK
}

/** An error that ended the run before a report: bad input (2) or anything else (1). */
function fatal(rt: CliRuntime, error: unknown, command: Command | undefined): number {
  if (error instanceof ArgsError) {
    writeError(rt, `${error.message}`)
    return EXIT_BAD_INPUT
  }
  if (error instanceof InputError) {
    const flag = command === undefined ? undefined : flagName(command, error.input)
    const message =
      flag === undefined ? error.message : error.message.replace(/^Input "[^"]*"/, flag)
    const problems = error.problems.map(p => `  - ${p}`)
    writeError(rt, [message, ...problems, 'Nothing was written to AWS.'].join('\n'))
    return EXIT_BAD_INPUT
  }
  writeError(rt, error instanceof Error ? error.message : String(error))
  return EXIT_FAILED
}

function writeError(rt: CliRuntime, message: string): void {
  const colour = useColour({ isTTY: rt.stderr.isTTY === true, env: rt.env, flag: undefined })
  rt.stderr.write(`${paint('error:', 'red', colour)} ${plainLines(message).join('\n')}\n`)
}
