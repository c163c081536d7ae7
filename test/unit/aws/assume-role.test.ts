import { afterEach, describe, expect, it } from '@jest/globals'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { assumeRoleProvider } from '../../../src/aws/assume-role.js'
import { createStsClient } from '../../../src/aws/clients.js'

const ROLE = 'arn:aws:iam::123456789012:role/megilance-deploy'
const HOUR = 3600_000

function answer(expiresAt: number) {
  return {
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(expiresAt)
    },
    AssumedRoleUser: {
      Arn: 'arn:aws:sts::123456789012:assumed-role/megilance-deploy/ecs-deploy-cli',
      AssumedRoleId: 'AROAEXAMPLE:ecs-deploy-cli'
    }
  }
}

describe('assumeRoleProvider: --role-arn through STS AssumeRole, one session renewed before its end', () => {
  const sts = mockClient(STSClient)
  afterEach(() => {
    sts.reset()
  })

  function provider(now: () => number) {
    const logs: string[] = []
    const p = assumeRoleProvider(
      { roleArn: ROLE, sessionName: 'ecs-deploy-cli' },
      {
        sts: sts as unknown as STSClient,
        sleep: async () => undefined,
        log: m => logs.push(m),
        now,
        random: () => 0
      }
    )
    return { p, logs }
  }

  it('asks AssumeRole once for every caller, then again 5 minutes before the hour ends', async () => {
    let t = 0
    sts.on(AssumeRoleCommand).callsFake(async () => answer(t + HOUR))
    const { p, logs } = provider(() => t)
    const first = await Promise.all([p(), p(), p()])
    expect(first.map(c => c.accessKeyId)).toEqual(['ASIAEXAMPLE', 'ASIAEXAMPLE', 'ASIAEXAMPLE'])
    expect(sts.commandCalls(AssumeRoleCommand).map(c => c.args[0].input)).toEqual([
      { RoleArn: ROLE, RoleSessionName: 'ecs-deploy-cli', DurationSeconds: 3600 }
    ])
    t = HOUR - 300_001
    await p()
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1)
    t = HOUR - 299_000
    await p()
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2)
    expect(logs[0]).toMatch(
      /^Assumed arn:aws:sts::123456789012:assumed-role\/megilance-deploy\/ecs-deploy-cli until /
    )
    expect(logs[1]).toMatch(/^Renewed the session of .*megilance-deploy \(session 2\)/)
  })

  it('a refusal names the role and what signs the request', async () => {
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(
        new Error(
          'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole'
        ),
        {
          name: 'AccessDenied'
        }
      )
    )
    const { p } = provider(() => 0)
    await expect(p()).rejects.toThrow(
      `Could not assume ${ROLE} with AssumeRole: AccessDenied: User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole. Check the credentials the SDK's default chain finds (or --profile)`
    )
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1) // not worth another try
  })

  it('the STS client of a profile reads that profile', async () => {
    const client = createStsClient('us-east-1', 'laptop')
    expect(client.config.profile).toBe('laptop')
    expect(createStsClient('us-east-1').config.profile).toBeUndefined()
  })
})
