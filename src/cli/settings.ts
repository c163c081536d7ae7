import type { CredentialSettings } from '../aws/credentials.js'
import { INPUTS } from '../engine/settings/inputs.js'
import { readSettings, type Settings } from '../engine/settings/settings.js'
import { readCredentialSettings } from '../shared/credential-settings.js'
import { InputError, parseBoolean } from '../shared/parse.js'
import type { Command } from './args/commands.js'
import { CLI_SESSION_NAME } from './args/flags.js'

/*
 * Flags → the engine's settings, through the same readSettings(get) the action reads its inputs
 * with: the same defaults, the same checks, every error naming the input before any write. The
 * command is the mode (diff: deploy with dry-run); the CLI adds the region of a profile, its own
 * session name, and GITHUB_TOKEN for the commit-order check.
 */

/** The CLI's own flags. */
export interface CliOptions {
  readonly json: boolean
  /** --color / --no-color; undefined when neither was given. */
  readonly colour: boolean | undefined
  readonly profile: string
}

export function cliOptions(values: Readonly<Record<string, string>>): CliOptions {
  return {
    json: parseBoolean('json', values.json ?? '', false),
    colour: values.color === undefined ? undefined : parseBoolean('color', values.color, true),
    profile: (values.profile ?? '').trim()
  }
}

/** What the CLI sets beside the flags: the mode, and defaults of its own. */
export interface Beside {
  readonly env: NodeJS.ProcessEnv
  /** The profile's region, for when neither --region nor AWS_REGION gives one. */
  readonly profileRegion: string
}

/** An input by its action name, from the flags (or what the CLI sets in their place). */
export function inputReader(
  command: Command,
  values: Readonly<Record<string, string>>,
  beside: Beside
): (name: string) => string {
  const { env } = beside
  const own: Record<string, string> = {
    [INPUTS.mode]: command.name === 'diff' || command.name === 'status' ? 'deploy' : command.name,
    [INPUTS.awsRegion]: env.AWS_REGION || env.AWS_DEFAULT_REGION || beside.profileRegion,
    [INPUTS.roleSessionName]: CLI_SESSION_NAME,
    [INPUTS.githubToken]: env.GITHUB_TOKEN ?? '',
    ...(command.name === 'diff' ? { [INPUTS.dryRun]: 'true' } : {})
  }
  return name => {
    const flag = command.flags.find(f => f.input === name)
    const given = flag === undefined ? undefined : values[flag.name]
    return given !== undefined && given !== '' ? given : (own[name] ?? '')
  }
}

export function readCliSettings(
  command: Command,
  values: Readonly<Record<string, string>>,
  beside: Beside
): Settings {
  return readSettings(inputReader(command, values, beside), beside.env)
}

/** What status reads: where the service is, and the credentials. */
export interface StatusSettings {
  readonly credentials: CredentialSettings
  readonly cluster: string
  readonly service: string
}

export function readStatusSettings(
  command: Command,
  values: Readonly<Record<string, string>>,
  beside: Beside
): StatusSettings {
  const get = inputReader(command, values, beside)
  const service = get(INPUTS.service).trim()
  if (service === '')
    throw new InputError(INPUTS.service, 'is required. Give the ECS service name.')
  return {
    credentials: readCredentialSettings(get, beside.env),
    cluster: get(INPUTS.cluster).trim() || 'default',
    service
  }
}

/** An input's name as the CLI's flag (--region for aws-region), for messages. */
export function flagName(command: Command, input: string): string | undefined {
  const flag = command.flags.find(f => f.input === input || f.name === input)
  return flag === undefined ? undefined : `--${flag.name}`
}
