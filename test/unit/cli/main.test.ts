import { describe, expect, it } from '@jest/globals'
import type { AwsClientFactory } from '../../../src/aws/clients.js'
import { main } from '../../../src/cli/main.js'
import type { CliRuntime } from '../../../src/cli/runtime.js'
import { diskFiles } from '../../../src/shared/files.js'

/*
 * The CLI in process, with AWS clients that record what they are asked: bad flags and bad
 * input end with 2 before any client exists; errors before a report end with 1.
 */

function runtime(argv: string[], answer: (command: unknown) => unknown = () => ({})) {
  let stdout = ''
  let stderr = ''
  const sent: string[] = []
  const client = () =>
    ({
      send: async (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name)
        return answer(command)
      }
    }) as never
  const aws: AwsClientFactory = {
    ecs: client,
    ecr: client,
    logs: client,
    events: client,
    scheduler: client,
    client,
    sts: client
  }
  const rt: CliRuntime = {
    argv,
    env: {
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/creds'
    },
    stdout: { write: t => void (stdout += t), isTTY: false },
    stderr: { write: t => void (stderr += t), isTTY: false },
    now: () => 0,
    sleep: async () => undefined,
    aws,
    httpGet: async () => 200,
    fetch: async () => new Response('{}'),
    files: diskFiles,
    localCommit: () => ''
  }
  return { rt, sent, out: () => stdout, err: () => stderr }
}

const WHERE = ['--service', 'api', '--region', 'us-east-1']

describe('ecs-deploy in process', () => {
  it.each([[['--help']], [['deploy', '--help']], [['help', 'status']]])(
    '%j: help, exit 0',
    async argv => {
      const r = runtime(argv)
      expect(await main(r.rt)).toBe(0)
      expect(r.out()).toContain('Usage: ecs-deploy')
      expect(r.err()).toBe('')
    }
  )

  it.each<[string[], string]>([
    [
      ['deploy', '--clustr', 'x', ...WHERE],
      'error: unknown flag --clustr; did you mean --cluster?'
    ],
    [['deplyo', ...WHERE], 'error: unknown command "deplyo"; did you mean deploy?'],
    [
      ['deploy', ...WHERE, '--wait-for-minutes', '0'],
      'error: --wait-for-minutes: 0 is below the minimum of 1.\nNothing was written to AWS.\n'
    ],
    [
      ['rollback', ...WHERE, '--rollback-to', 'latest'],
      'error: --rollback-to: "latest" is not "previous"'
    ],
    [['deploy', '--service', 'api'], 'error: --region: no region given.'],
    [
      ['status', '--region', 'us-east-1'],
      'error: --service: is required. Give the ECS service name.'
    ],
    [['status', ...WHERE, '--json=often'], 'error: --json: "often" is not a boolean.'],
    [
      ['deploy', ...WHERE, '--role-arn', 'deployer'],
      'error: --role-arn: "deployer" is not an IAM role ARN'
    ],
    [
      ['status', ...WHERE, '--profile', 'nope'],
      'error: --profile: "nope" is in neither the AWS config file'
    ]
  ])('%j: exit 2, nothing asked of AWS', async (argv, message) => {
    const r = runtime(argv)
    expect(await main(r.rt)).toBe(2)
    expect(r.err()).toContain(message)
    expect(r.out()).toBe('')
    expect(r.sent).toEqual([])
  })

  it('an error before any report: exit 1 with its message; --json prints no JSON', async () => {
    const r = runtime(['deploy', ...WHERE, '--json'], () => ({
      services: [],
      failures: [{ reason: 'MISSING' }]
    }))
    expect(await main(r.rt)).toBe(1)
    expect(r.err()).toContain('error: Service "api" was not found in cluster "default" (MISSING).')
    expect(r.out()).toBe('')
    expect(r.sent).toEqual(['DescribeServicesCommand'])
  })
})
