import {
  CREDENTIAL_FLAGS,
  OUTPUT_FLAGS,
  RENDER_FLAGS,
  KIND_FLAGS,
  ROLLBACK_FLAGS,
  START_FLAGS,
  WATCH_FLAGS,
  WHERE_FLAGS,
  type Flag
} from './flags.js'

/*
 * The CLI's commands and the flags each takes. deploy, rollback and continue are the action's
 * modes; diff is a deploy that stops before its first write (dry-run) and shows the changes;
 * status reads the service and writes nothing.
 */

export const COMMAND_NAMES = ['deploy', 'rollback', 'continue', 'status', 'diff'] as const
export type CommandName = (typeof COMMAND_NAMES)[number]

/** Flags under one heading of the help. */
export interface FlagGroup {
  readonly title: string
  readonly flags: readonly Flag[]
}

export interface Command {
  readonly name: CommandName
  readonly summary: string
  readonly usage: string
  readonly groups: readonly FlagGroup[]
  readonly flags: readonly Flag[]
  /** Words after `--` are the one-off task's command (run-task-command). */
  readonly takesCommandAfterDashes: boolean
}

const CREDENTIALS = { title: 'AWS credentials', flags: CREDENTIAL_FLAGS }
const WHERE = { title: 'Service', flags: WHERE_FLAGS }
const RENDER = { title: 'Task definition', flags: RENDER_FLAGS }
const START = { title: 'Rollout', flags: START_FLAGS }
const WATCH = { title: 'Watch and roll back', flags: WATCH_FLAGS }
const KINDS = { title: 'Express Mode, CodeDeploy, scheduled tasks', flags: KIND_FLAGS }
const ROLLBACK = { title: 'Rollback', flags: ROLLBACK_FLAGS }
const OUTPUT = { title: 'Output', flags: OUTPUT_FLAGS }

function command(
  name: CommandName,
  summary: string,
  usage: string,
  groups: readonly FlagGroup[]
): Command {
  return {
    name,
    summary,
    usage: `ecs-deploy ${name} ${usage}`,
    groups,
    flags: groups.flatMap(g => g.flags),
    takesCommandAfterDashes: name === 'deploy'
  }
}

export const COMMANDS: Readonly<Record<CommandName, Command>> = {
  deploy: command(
    'deploy',
    'render, register and roll out a new revision; watch it to its end; roll back on failure',
    '--service NAME [flags] [-- ONE-OFF TASK COMMAND...]',
    [WHERE, RENDER, START, KINDS, WATCH, CREDENTIALS, OUTPUT]
  ),
  rollback: command(
    'rollback',
    'put an earlier revision back (ECS rolls back a blue/green, linear or canary one)',
    '--service NAME [--rollback-to previous|REVISION|ARN] [flags]',
    [WHERE, ROLLBACK, KINDS, WATCH, CREDENTIALS, OUTPUT]
  ),
  continue: command(
    'continue',
    'go on with a deployment paused at a PAUSE hook, and watch it to its end',
    '--service NAME [flags]',
    [WHERE, KINDS, WATCH, CREDENTIALS, OUTPUT]
  ),
  status: command(
    'status',
    'the service, its deployments and stages, the revision running, the last outcomes (read-only)',
    '--service NAME [flags]',
    [WHERE, CREDENTIALS, OUTPUT]
  ),
  diff: command(
    'diff',
    'what a deploy would change in the task definition; writes nothing',
    '--service NAME [flags]',
    [WHERE, RENDER, KINDS, CREDENTIALS, OUTPUT]
  )
}

/** The flag a command knows by this name or one of its aliases. */
export function findFlag(command: Command, name: string): Flag | undefined {
  return command.flags.find(f => f.name === name || (f.aliases ?? []).includes(name))
}
