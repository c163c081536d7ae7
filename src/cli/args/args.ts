import { COMMAND_NAMES, COMMANDS, findFlag, type Command, type CommandName } from './commands.js'
import type { Flag } from './flags.js'
import { nearest } from './nearest.js'

/*
 * argv → a command and its flag values, pure. `--flag value` and `--flag=value`; booleans as
 * `--flag`, `--no-flag`, `--flag=false` or `--flag false`; lines flags repeatable; `--` ends the
 * flags (for deploy, the words after it are the one-off task's command). An unknown flag is
 * named with the command's nearest known one. Values are checked later, by the engine's
 * settings, as the action's inputs are.
 */

export class ArgsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ArgsError'
  }
}

export type ParsedArgs =
  | { readonly kind: 'help'; readonly command: CommandName | undefined }
  | {
      readonly kind: 'run'
      readonly command: CommandName
      /** By the flag's name (not an alias); lines flags joined with newlines. */
      readonly values: Readonly<Record<string, string>>
    }

const BOOLEAN_WORD = /^(true|false|yes|no|on|off|1|0)$/i

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h')
    return { kind: 'help', command: undefined }
  if (first === 'help') return { kind: 'help', command: commandOf(rest[0]) }
  const command = commandOf(first)
  if (command === undefined) throw new ArgsError('no command given.')
  const flagsPart = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest
  if (flagsPart.includes('--help') || flagsPart.includes('-h')) return { kind: 'help', command }
  return { kind: 'run', command, values: parseFlags(COMMANDS[command], rest) }
}

/** A command by its name; undefined for none; an unknown one is named with the nearest. */
function commandOf(word: string | undefined): CommandName | undefined {
  if (word === undefined) return undefined
  const found = COMMAND_NAMES.find(c => c === word)
  if (found !== undefined) return found
  const hint = word.startsWith('-') ? '' : `; did you mean ${nearest(word, COMMAND_NAMES)}?`
  throw new ArgsError(`unknown command "${word}"${hint} Commands: ${COMMAND_NAMES.join(', ')}.`)
}

function parseFlags(command: Command, args: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {}
  const lines: Record<string, string[]> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--') {
      afterDashes(command, args.slice(i + 1), values)
      break
    }
    if (!arg.startsWith('--'))
      throw new ArgsError(
        `unexpected argument "${arg}": ${command.name} takes flags only (--name value).`
      )
    const { flag, value, consumed } = readFlag(command, arg, args[i + 1])
    i += consumed
    if (flag.kind === 'lines') {
      ;(lines[flag.name] ??= []).push(value)
      values[flag.name] = (lines[flag.name] ?? []).join('\n')
    } else if (flag.name in values) {
      throw new ArgsError(`--${flag.name} is given twice.`)
    } else values[flag.name] = value
  }
  return values
}

/** One flag at `arg` (and its value, taken from `next` where it needs one). */
function readFlag(
  command: Command,
  arg: string,
  next: string | undefined
): { flag: Flag; value: string; consumed: number } {
  const at = arg.indexOf('=')
  const name = at < 0 ? arg.slice(2) : arg.slice(2, at)
  const inline = at < 0 ? undefined : arg.slice(at + 1)
  const flag = findFlag(command, name)
  if (flag === undefined) return negated(command, name, inline)
  if (inline !== undefined) return { flag, value: inline, consumed: 0 }
  if (flag.kind === 'boolean') {
    const takesNext = next !== undefined && BOOLEAN_WORD.test(next)
    return { flag, value: takesNext ? next : 'true', consumed: takesNext ? 1 : 0 }
  }
  if (next === undefined || next.startsWith('--'))
    throw new ArgsError(`--${flag.name} needs a value (--${flag.name} VALUE).`)
  return { flag, value: next, consumed: 1 }
}

/** `--no-FLAG` for a boolean flag; otherwise the flag is unknown. */
function negated(
  command: Command,
  name: string,
  inline: string | undefined
): { flag: Flag; value: string; consumed: number } {
  const flag = name.startsWith('no-') ? findFlag(command, name.slice(3)) : undefined
  if (flag?.kind === 'boolean' && inline === undefined) return { flag, value: 'false', consumed: 0 }
  throw new ArgsError(unknownFlag(command, name))
}

function unknownFlag(command: Command, name: string): string {
  const others = Object.values(COMMANDS).filter(c => c !== command && findFlag(c, name))
  if (others.length > 0)
    return `--${name} is not a flag of ${command.name}; ${others.map(c => c.name).join(' and ')} ${others.length > 1 ? 'take' : 'takes'} it.`
  const known = command.flags.flatMap(f => [f.name, ...(f.aliases ?? [])])
  return `unknown flag --${name}; did you mean --${nearest(name, known)}? (ecs-deploy ${command.name} --help lists its flags)`
}

/** The words after `--`: deploy's one-off task command, as a JSON array; nothing elsewhere. */
function afterDashes(command: Command, words: readonly string[], values: Record<string, string>) {
  if (words.length === 0) return
  if (!command.takesCommandAfterDashes)
    throw new ArgsError(`${command.name} takes no words after --: "${words.join(' ')}".`)
  if ('run-task-command' in values)
    throw new ArgsError('give the one-off task either as --run-task-command or after --, not both.')
  values['run-task-command'] = JSON.stringify(words)
}
