import { COMMAND_NAMES, COMMANDS, type Command } from './commands.js'
import type { Flag } from './flags.js'

/* The help texts, pure: the commands, and each command's flags under their headings. */

export function generalHelp(): string {
  const width = Math.max(...COMMAND_NAMES.map(n => n.length))
  return [
    'ecs-deploy: deploy to Amazon ECS, watch the rollout to its real end, explain a failure, roll back.',
    '',
    'Usage: ecs-deploy <command> [flags]',
    '',
    'Commands:',
    ...COMMAND_NAMES.map(n => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`),
    '',
    "Flags are action-ecs-deploy's inputs with --, with the same defaults and checks.",
    'Credentials: the AWS SDK default chain (environment, profiles, SSO, instance role),',
    '--profile, --region, --role-arn. Exit codes: 0 succeeded, paused, dry-run, skipped,',
    'started; 1 failed, rolled-back, rollback-failed, unknown; 2 bad input, nothing written.',
    '',
    'ecs-deploy <command> --help lists its flags.'
  ].join('\n')
}

export function commandHelp(command: Command): string {
  const rows = command.groups.flatMap(g => g.flags.map(flagLeft))
  const width = Math.min(40, Math.max(...rows.map(r => r.length)))
  const lines = [`ecs-deploy ${command.name}: ${command.summary}.`, '', `Usage: ${command.usage}`]
  for (const group of command.groups) {
    lines.push('', `${group.title}:`)
    for (const flag of group.flags) lines.push(flagLine(flag, width))
  }
  return lines.join('\n')
}

function flagLeft(flag: Flag): string {
  const value = flag.kind === 'boolean' ? '' : ` ${flag.kind === 'lines' ? 'LINE' : 'VALUE'}`
  return `  --${flag.name}${value}`
}

function flagLine(flag: Flag, width: number): string {
  const left = flagLeft(flag)
  const also = (flag.aliases ?? []).map(a => `--${a}`)
  const notes = [
    ...(flag.default !== undefined ? [`default: ${flag.default}`] : []),
    ...(also.length > 0 ? [`also ${also.join(', ')}`] : [])
  ]
  const text = `${flag.help}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`
  return left.length > width
    ? `${left}\n${' '.repeat(width + 2)}${text}`
    : `${left.padEnd(width)}  ${text}`
}
