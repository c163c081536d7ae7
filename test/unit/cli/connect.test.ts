import { afterEach, describe, expect, it } from '@jest/globals'
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AwsClientFactory, ClientOptions } from '../../../src/aws/clients.js'
import { connectCli, profileRegion, withProfile } from '../../../src/cli/connect.js'
import { InputError } from '../../../src/shared/parse.js'

const ROLE = 'arn:aws:iam::123456789012:role/megilance-deploy'
const settings = (roleToAssume = '') => ({
  region: 'us-east-1',
  roleToAssume,
  roleSessionName: 'ecs-deploy-cli',
  audience: 'sts.amazonaws.com'
})
const session = {
  Credentials: {
    AccessKeyId: 'ASIAEXAMPLE',
    SecretAccessKey: 's',
    SessionToken: 't',
    Expiration: new Date(Date.now() + 3600_000)
  }
}

/** Client builders that record what each client was built with. */
function factory(sts: Pick<STSClient, 'send'>) {
  const built: { client: string; options: ClientOptions | { region: string; profile?: string } }[] =
    []
  const client = (name: string) => (options: ClientOptions) => {
    built.push({ client: name, options })
    return { send: async () => ({}) } as never
  }
  const aws: AwsClientFactory = {
    ecs: client('ecs'),
    ecr: client('ecr'),
    logs: client('logs'),
    events: client('events'),
    scheduler: client('scheduler'),
    client: (Client, options) => client(Client.name)(options),
    sts: (region, profile) => {
      built.push({ client: 'sts', options: { region, ...(profile ? { profile } : {}) } })
      return sts
    }
  }
  return { aws, built }
}

describe("the CLI's credentials", () => {
  const sts = mockClient(STSClient)
  afterEach(() => {
    sts.reset()
  })

  function deps(env: NodeJS.ProcessEnv = {}, fetched: string[] = []) {
    const f = factory(sts as unknown as STSClient)
    const logs: string[] = []
    return {
      ...f,
      logs,
      deps: {
        aws: f.aws,
        env,
        sleep: async () => undefined,
        log: (m: string) => logs.push(m),
        fetch: async (url: string, init: { headers: Record<string, string> }) => {
          fetched.push(`${url} ${init.headers.authorization}`)
          return new Response(JSON.stringify({ value: 'github.oidc.jwt' }))
        }
      }
    }
  }

  it("without a role: the SDK's default chain, no STS call", async () => {
    const d = deps()
    const aws = await connectCli(settings(), '', d.deps)
    expect(aws.credentials).toBeUndefined()
    expect(d.logs).toEqual(["AWS credentials: the AWS SDK's, from its default chain."])
    expect(sts.calls()).toHaveLength(0)
  })

  it('--profile: every client is built with it', async () => {
    const d = deps()
    const aws = await connectCli(settings(), 'laptop', d.deps)
    void aws.ecs
    void aws.logs
    expect(d.built).toEqual([
      {
        client: 'ecs',
        options: { region: 'us-east-1', credentials: undefined, profile: 'laptop' }
      },
      {
        client: 'logs',
        options: { region: 'us-east-1', credentials: undefined, profile: 'laptop' }
      }
    ])
    expect(d.logs).toEqual(["AWS credentials: the AWS SDK's, from profile laptop."])
  })

  it('--role-arn: AssumeRole, signed by the profile, its session handed to every client', async () => {
    sts.on(AssumeRoleCommand).resolves(session)
    const d = deps()
    const aws = await connectCli(settings(ROLE), 'laptop', d.deps)
    expect(sts.commandCalls(AssumeRoleCommand).map(c => c.args[0].input.RoleArn)).toEqual([ROLE])
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(0)
    expect(d.built[0]).toEqual({
      client: 'sts',
      options: { region: 'us-east-1', profile: 'laptop' }
    })
    expect((await aws.credentials!()).accessKeyId).toBe('ASIAEXAMPLE')
  })

  it("--role-arn in a GitHub Actions job that may ask for OIDC tokens: GitHub's token, AssumeRoleWithWebIdentity", async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).resolves(session)
    const fetched: string[] = []
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
    }
    const d = deps(env, fetched)
    await connectCli(settings(ROLE), '', d.deps)
    expect(fetched).toEqual([
      'http://127.0.0.1:1/token?api-version=2.0&audience=sts.amazonaws.com Bearer request-token'
    ])
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand).map(c => c.args[0].input)).toEqual([
      {
        RoleArn: ROLE,
        RoleSessionName: 'ecs-deploy-cli',
        WebIdentityToken: 'github.oidc.jwt',
        DurationSeconds: 3600
      }
    ])
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0)
  })

  it('withProfile leaves the builders as they are without one', () => {
    const { aws } = factory(sts as unknown as STSClient)
    expect(withProfile(aws, '')).toBe(aws)
  })
})

describe("a profile's region", () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-profiles-'))
  writeFileSync(
    join(dir, 'config'),
    '[default]\nregion = us-west-2\n\n[profile dev]\nregion = eu-west-1\n'
  )
  writeFileSync(join(dir, 'credentials'), '[keys-only]\naws_access_key_id = AKIAEXAMPLE\n')
  const env = {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials')
  }

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['dev', {}, 'eu-west-1'],
    ['', {}, 'us-west-2'],
    ['', { AWS_PROFILE: 'dev' }, 'eu-west-1'],
    ['keys-only', {}, '']
  ])('profile %j', async (profile, extra, region) => {
    expect(await profileRegion(profile, { ...env, ...extra })).toBe(region)
  })

  it('a --profile in neither file is bad input', async () => {
    await expect(profileRegion('prod', env)).rejects.toThrow(InputError)
    await expect(profileRegion('prod', env)).rejects.toThrow(
      '"prod" is in neither the AWS config file nor the credentials file'
    )
  })
})
