import { describe, expect, it } from '@jest/globals'
import { parseArgs } from '../../../src/cli/args/args.js'
import { COMMANDS, type CommandName } from '../../../src/cli/args/commands.js'
import {
  cliOptions,
  flagName,
  readCliSettings,
  readStatusSettings
} from '../../../src/cli/settings.js'
import { readSettings } from '../../../src/engine/settings/settings.js'
import { InputError } from '../../../src/shared/parse.js'

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v2'

function settingsOf(argv: string[], env: NodeJS.ProcessEnv = {}, profileRegion = '') {
  const parsed = parseArgs(argv)
  if (parsed.kind !== 'run') throw new Error('help')
  return readCliSettings(COMMANDS[parsed.command], parsed.values, { env, profileRegion })
}

describe("flags → the engine's settings, by the action's readSettings", () => {
  it('the same settings as the same inputs give the action (but the session name)', () => {
    const cli = settingsOf([
      'deploy',
      '--region=eu-west-1',
      '--cluster=prod',
      '--service=api',
      '--container-name=app',
      `--image=${IMAGE}`,
      '--environment-variables=A=1',
      '--environment-variables=B=2',
      '--wait-for-minutes=5',
      '--no-rollback-on-failure',
      '--',
      'alembic',
      'upgrade',
      'head'
    ])
    const inputs: Record<string, string> = {
      'aws-region': 'eu-west-1',
      'role-session-name': 'ecs-deploy-cli',
      cluster: 'prod',
      service: 'api',
      'container-name': 'app',
      image: IMAGE,
      'environment-variables': 'A=1\nB=2',
      'wait-for-minutes': '5',
      'rollback-on-failure': 'false',
      'run-task-command': '["alembic","upgrade","head"]'
    }
    expect(cli).toEqual(readSettings(name => inputs[name] ?? '', {}))
    expect(cli.runTask?.command).toEqual(['alembic', 'upgrade', 'head'])
    expect(cli.rollbackOnFailure).toBe(false)
    expect(cli.credentials.roleSessionName).toBe('ecs-deploy-cli')
  })

  it.each<[CommandName, string, boolean]>([
    ['deploy', 'deploy', false],
    ['rollback', 'rollback', false],
    ['continue', 'continue', false],
    ['diff', 'deploy', true]
  ])('%s: mode %s, dry-run %s', (command, mode, dryRun) => {
    const s = settingsOf([command, '--service', 'api', '--region', 'us-east-1'])
    expect({ mode: s.mode, dryRun: s.dryRun }).toEqual({ mode, dryRun })
  })

  it.each<[string, string[], NodeJS.ProcessEnv, string, string]>([
    [
      '--region first',
      ['--region', 'eu-west-1'],
      { AWS_REGION: 'us-east-1' },
      'ap-south-1',
      'eu-west-1'
    ],
    [
      'then AWS_REGION',
      [],
      { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' },
      'ap-south-1',
      'us-east-1'
    ],
    ['then AWS_DEFAULT_REGION', [], { AWS_DEFAULT_REGION: 'us-west-2' }, 'ap-south-1', 'us-west-2'],
    ["then the profile's", [], {}, 'ap-south-1', 'ap-south-1']
  ])('region: %s', (_name, flags, env, profileRegion, region) => {
    const s = settingsOf(['status', '--service', 'api', ...flags], env, profileRegion)
    expect(s.credentials.region).toBe(region)
  })

  it('GITHUB_TOKEN for the commit-order check, a flag over it', () => {
    const where = ['deploy', '--service', 'api', '--region', 'us-east-1']
    expect(settingsOf(where, { GITHUB_TOKEN: 'ghs_x' }).githubToken).toBe('ghs_x')
    expect(
      settingsOf([...where, '--github-token', 'ghp_y'], { GITHUB_TOKEN: 'ghs_x' }).githubToken
    ).toBe('ghp_y')
  })

  it.each<[string[], string, string]>([
    [['deploy', '--region', 'us-east-1'], 'service', 'is required'],
    [['deploy', '--service', 'api'], 'aws-region', 'no region given'],
    [
      ['deploy', '--service', 'api', '--region', 'us-east-1', '--wait-for-minutes', '0'],
      'wait-for-minutes',
      'below the minimum of 1'
    ],
    [
      ['deploy', '--service', 'api', '--region', 'us-east-1', '--dry-run=maybe'],
      'dry-run',
      'is not a boolean'
    ],
    [
      ['rollback', '--service', 'api', '--region', 'us-east-1', '--rollback-to', 'latest'],
      'rollback-to',
      'is not "previous"'
    ],
    [
      ['deploy', '--service', 'api', '--region', 'us-east-1', '--role-arn', 'megilance-deploy'],
      'role-to-assume',
      'is not an IAM role ARN'
    ],
    [
      ['deploy', '--service', 'api', '--region', 'us-east-1', '--image', IMAGE],
      'container-name',
      'is required with image'
    ]
  ])("the action's checks: %j", (argv, input, message) => {
    const read = () => settingsOf(argv)
    expect(read).toThrow(InputError)
    expect(read).toThrow(message)
    try {
      read()
    } catch (error) {
      expect((error as InputError).input).toBe(input)
    }
  })

  it('status reads where the service is, and the credentials', () => {
    const parsed = parseArgs([
      'status',
      '--service',
      'api',
      '--cluster',
      'prod',
      '--region',
      'us-east-1'
    ])
    if (parsed.kind !== 'run') throw new Error('help')
    expect(
      readStatusSettings(COMMANDS.status, parsed.values, { env: {}, profileRegion: '' })
    ).toEqual({
      cluster: 'prod',
      service: 'api',
      credentials: {
        region: 'us-east-1',
        roleToAssume: '',
        roleSessionName: 'ecs-deploy-cli',
        audience: 'sts.amazonaws.com'
      }
    })
  })

  it("the CLI's own flags", () => {
    expect(cliOptions({})).toEqual({ json: false, colour: undefined, profile: '' })
    expect(cliOptions({ json: 'true', color: 'false', profile: ' dev ' })).toEqual({
      json: true,
      colour: false,
      profile: 'dev'
    })
    expect(() => cliOptions({ json: 'sometimes' })).toThrow('Input "json"')
  })

  it.each([
    ['aws-region', '--region'],
    ['role-to-assume', '--role-arn'],
    ['wait-for-minutes', '--wait-for-minutes'],
    ['json', '--json'],
    ['profile', '--profile'],
    ['release (api) run-task-command', undefined]
  ])('an input named as its flag: %s', (input, flag) => {
    expect(flagName(COMMANDS.deploy, input)).toBe(flag)
  })
})
