import { describe, expect, it } from '@jest/globals'
import { ArgsError, parseArgs } from '../../../../src/cli/args/args.js'

const ARN = 'arn:aws:iam::123456789012:role/megilance-deploy'

describe('parseArgs: argv → a command and its flags', () => {
  it.each<[string, string[], Record<string, string>]>([
    ['--flag value', ['deploy', '--service', 'api'], { service: 'api' }],
    ['--flag=value', ['deploy', '--service=api'], { service: 'api' }],
    [
      'a value with =',
      ['deploy', '--environment-variables=A=b=c'],
      { 'environment-variables': 'A=b=c' }
    ],
    ['an empty value', ['deploy', '--cluster='], { cluster: '' }],
    [
      'a value starting with one dash',
      ['deploy', '--desired-count', '-1'],
      { 'desired-count': '-1' }
    ],
    ['a boolean alone', ['deploy', '--dry-run'], { 'dry-run': 'true' }],
    ['a boolean and a word', ['deploy', '--dry-run', 'false'], { 'dry-run': 'false' }],
    ['a boolean and yes', ['deploy', '--dry-run', 'yes'], { 'dry-run': 'yes' }],
    ['a boolean with =', ['deploy', '--rollback-on-failure=no'], { 'rollback-on-failure': 'no' }],
    ['--no-flag', ['deploy', '--no-rollback-on-failure'], { 'rollback-on-failure': 'false' }],
    [
      'a boolean before another flag',
      ['deploy', '--dry-run', '--service', 'api'],
      { 'dry-run': 'true', service: 'api' }
    ],
    [
      'a boolean never takes a word that is no boolean',
      ['deploy', '--force-new-deployment', '--service', 'x'],
      { 'force-new-deployment': 'true', service: 'x' }
    ],
    [
      'lines flags repeat, one line each',
      ['deploy', '--environment-variables', 'A=1', '--environment-variables', 'B=2'],
      { 'environment-variables': 'A=1\nB=2' }
    ],
    ['--region', ['status', '--region', 'eu-west-1'], { region: 'eu-west-1' }],
    [
      "the action's name --aws-region",
      ['status', '--aws-region', 'eu-west-1'],
      { region: 'eu-west-1' }
    ],
    [
      "the action's name --role-to-assume",
      ['status', '--role-to-assume', ARN],
      { 'role-arn': ARN }
    ],
    ['--role-arn', ['rollback', '--role-arn', ARN], { 'role-arn': ARN }],
    ['--json', ['status', '--json'], { json: 'true' }],
    ['--no-color', ['status', '--no-color'], { color: 'false' }],
    [
      'deploy: the words after -- are the one-off task',
      ['deploy', '--service', 'api', '--', 'alembic', 'upgrade', 'head'],
      { service: 'api', 'run-task-command': '["alembic","upgrade","head"]' }
    ],
    [
      'after --, a flag is a word of the command',
      ['deploy', '--', 'sh', '-c', 'echo --help'],
      { 'run-task-command': '["sh","-c","echo --help"]' }
    ],
    ['-- with nothing after it', ['continue', '--service', 'api', '--'], { service: 'api' }],
    ['rollback-to', ['rollback', '--rollback-to', '7'], { 'rollback-to': '7' }]
  ])('%s', (_name, argv, values) => {
    expect(parseArgs(argv)).toEqual({ kind: 'run', command: argv[0], values })
  })

  it.each<[string[], string | undefined]>([
    [[], undefined],
    [['--help'], undefined],
    [['-h'], undefined],
    [['help'], undefined],
    [['help', 'deploy'], 'deploy'],
    [['status', '--help'], 'status'],
    [['rollback', '--service', 'x', '-h'], 'rollback'],
    [['deploy', '--clustr', 'x', '--help'], 'deploy']
  ])('help: %j', (argv, command) => {
    expect(parseArgs(argv)).toEqual({ kind: 'help', command })
  })

  it.each<[string[], string]>([
    [
      ['deplyo'],
      'unknown command "deplyo"; did you mean deploy? Commands: deploy, rollback, continue, status, diff.'
    ],
    [['stats', '--service', 'x'], 'unknown command "stats"; did you mean status?'],
    [['--service', 'x'], 'unknown command "--service" Commands:'],
    [
      ['deploy', '--clustr', 'x'],
      'unknown flag --clustr; did you mean --cluster? (ecs-deploy deploy --help lists its flags)'
    ],
    [
      ['deploy', '--wait-for-minute', '5'],
      'unknown flag --wait-for-minute; did you mean --wait-for-minutes?'
    ],
    [['deploy', '--regoin', 'x'], 'unknown flag --regoin; did you mean --region?'],
    [
      ['deploy', '--rollback-to', 'previous'],
      '--rollback-to is not a flag of deploy; rollback takes it.'
    ],
    [['status', '--image', 'x'], '--image is not a flag of status; deploy and diff take it.'],
    [['deploy', '--cluster'], '--cluster needs a value (--cluster VALUE).'],
    [['deploy', '--cluster', '--service', 'x'], '--cluster needs a value'],
    [['deploy', '--cluster', 'a', '--cluster', 'b'], '--cluster is given twice.'],
    [['deploy', '--dry-run', '--dry-run'], '--dry-run is given twice.'],
    [
      ['deploy', 'megilance-backend'],
      'unexpected argument "megilance-backend": deploy takes flags only'
    ],
    [['status', '--service', 'x', '--', 'y'], 'status takes no words after --: "y".'],
    [
      ['deploy', '--run-task-command', 'x', '--', 'y'],
      'give the one-off task either as --run-task-command or after --, not both.'
    ],
    [['deploy', '--no-cluster'], 'unknown flag --no-cluster; did you mean --cluster?'],
    [['deploy', '--no-dry-run=true'], 'unknown flag --no-dry-run; did you mean --dry-run?']
  ])('refused: %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(ArgsError)
    expect(() => parseArgs(argv)).toThrow(message)
  })
})
