import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { credentialProvider, MAX_ASSUME_ATTEMPTS } from '../../../src/aws/credentials.js'

const settings = {
  region: 'us-east-1',
  roleToAssume: 'arn:aws:iam::123456789012:role/megilance-deploy',
  roleSessionName: 'GitHubActions',
  audience: 'sts.amazonaws.com'
}

function deps(sts: STSClient) {
  const audiences: string[] = []
  const secrets: string[] = []
  const logs: string[] = []
  const sleeps: number[] = []
  return {
    audiences,
    secrets,
    logs,
    sleeps,
    deps: {
      getIdToken: async (aud: string) => {
        audiences.push(aud)
        return 'oidc.jwt.token'
      },
      sts,
      sleep: async (ms: number) => {
        sleeps.push(ms)
      },
      log: (m: string) => logs.push(m),
      setSecret: (s: string) => secrets.push(s),
      random: () => 0.5
    }
  }
}

const issued = {
  Credentials: {
    AccessKeyId: 'ASIAEXAMPLE',
    SecretAccessKey: 'secret-key-value',
    SessionToken: 'session-token-value',
    Expiration: new Date(Date.now() + 3600_000)
  },
  AssumedRoleUser: {
    Arn: 'arn:aws:sts::123456789012:assumed-role/megilance-deploy/GitHubActions',
    AssumedRoleId: 'x'
  }
}

/** STS answering every AssumeRoleWithWebIdentity with this error. */
function stsFailing(name: string, message: string) {
  const sts = mockClient(STSClient)
  sts.on(AssumeRoleWithWebIdentityCommand).rejects(Object.assign(new Error(message), { name }))
  return { sts, d: deps(sts as unknown as STSClient) }
}

/** The provider every client is given; resolves one session. */
function resolveCredentials(s: typeof settings, d: ReturnType<typeof deps>['deps']) {
  const provider = credentialProvider(s, d)
  return provider ? provider() : Promise.resolve(undefined)
}

describe('the refreshing credential provider', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('asks for an OIDC token with the audience and exchanges it at STS', async () => {
    const sts = mockClient(STSClient)
    sts.on(AssumeRoleWithWebIdentityCommand).resolves(issued)
    const d = deps(sts as unknown as STSClient)
    const creds = await resolveCredentials({ ...settings, audience: 'custom-aud' }, d.deps)
    expect(d.audiences).toEqual(['custom-aud'])
    expect(sts).toHaveReceivedCommandWith(AssumeRoleWithWebIdentityCommand, {
      RoleArn: settings.roleToAssume,
      RoleSessionName: 'GitHubActions',
      WebIdentityToken: 'oidc.jwt.token'
    })
    expect(creds).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', sessionToken: 'session-token-value' })
    expect(d.secrets).toEqual(
      expect.arrayContaining(['oidc.jwt.token', 'secret-key-value', 'session-token-value'])
    )
    expect(d.logs.join('\n')).not.toMatch(/secret-key-value|session-token-value|oidc\.jwt/)
  })

  it('shares one session among callers, and renews it (new token, new AssumeRole) before it expires', async () => {
    const sts = mockClient(STSClient)
    let now = Date.parse('2026-11-25T10:00:00Z')
    jest.spyOn(Date, 'now').mockImplementation(() => now)
    const session = (n: number, expiresAt: number) => ({
      ...issued,
      Credentials: {
        AccessKeyId: `ASIA${n}`,
        SecretAccessKey: `secret-${n}`,
        SessionToken: `token-${n}`,
        Expiration: new Date(expiresAt)
      }
    })
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .resolvesOnce(session(1, now + 3600_000))
      .resolvesOnce(session(2, now + 2 * 3600_000))
    const d = deps(sts as unknown as STSClient)
    const provider = credentialProvider(settings, d.deps)
    if (!provider) throw new Error('no provider')
    // Two clients (ECS and ECR) asking at once: one AssumeRole.
    const [a, b] = await Promise.all([provider(), provider()])
    expect(a.accessKeyId).toBe('ASIA1')
    expect(b.accessKeyId).toBe('ASIA1')
    // 54 minutes on, six minutes remain: still the same session.
    now += 54 * 60_000
    expect((await provider()).accessKeyId).toBe('ASIA1')
    // 56 minutes on, less than five minutes (the margin of a one-hour session) remain: renewed.
    now += 2 * 60_000
    expect((await provider()).accessKeyId).toBe('ASIA2')
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 2)
    expect(d.audiences).toEqual(['sts.amazonaws.com', 'sts.amazonaws.com'])
    expect(d.secrets).toEqual(expect.arrayContaining(['secret-2', 'token-2', 'ASIA2']))
    expect(d.logs.at(-1)).toMatch(/^Renewed the session of .* \(session 2\) until /)
  })

  it('with 20-second sessions, 200 requests over 45 s take one session each 15 s, not one each', async () => {
    const sts = mockClient(STSClient)
    let now = Date.parse('2026-11-25T10:00:00Z')
    let n = 0
    sts.on(AssumeRoleWithWebIdentityCommand).callsFake(async () => {
      n += 1
      return {
        ...issued,
        Credentials: {
          AccessKeyId: `ASIA${n}`,
          SecretAccessKey: `secret-${n}`,
          SessionToken: `token-${n}`,
          Expiration: new Date(now + 20_000)
        }
      }
    })
    const d = deps(sts as unknown as STSClient)
    const provider = credentialProvider(settings, { ...d.deps, now: () => now })
    if (!provider) throw new Error('no provider')
    for (let i = 0; i < 200; i++) {
      // Three clients asking at once, as the ECS, ECR and CloudWatch Logs clients do.
      const [a, b, c] = await Promise.all([provider(), provider(), provider()])
      expect(new Set([a.accessKeyId, b.accessKeyId, c.accessKeyId]).size).toBe(1)
      expect(a.expiration!.getTime()).toBeGreaterThan(now)
      now += 225
    }
    // 45 s: the sessions taken at 0, 15 and 30 s (renewed 5 s before each 20-second end).
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 3)
    expect(d.audiences).toHaveLength(3)
  })

  it('uses the default chain without a role and asks for no token', async () => {
    const sts = mockClient(STSClient)
    const d = deps(sts as unknown as STSClient)
    await expect(
      resolveCredentials({ ...settings, roleToAssume: '' }, d.deps)
    ).resolves.toBeUndefined()
    expect(d.audiences).toEqual([])
    expect(sts).not.toHaveReceivedCommand(AssumeRoleWithWebIdentityCommand)
  })

  it('retries IdP communication errors and throttling with growing, jittered delays', async () => {
    const sts = mockClient(STSClient)
    const idp = Object.assign(new Error('idp down'), { name: 'IDPCommunicationErrorException' })
    const throttled = Object.assign(new Error('slow down'), { name: 'Throttling' })
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejectsOnce(idp)
      .rejectsOnce(throttled)
      .resolves(issued)
    const d = deps(sts as unknown as STSClient)
    await resolveCredentials(settings, d.deps)
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 3)
    expect(d.sleeps).toEqual([500, 1000])
  })

  it('gives up after the last attempt with a message that says what to check', async () => {
    const { sts, d } = stsFailing('IDPCommunicationErrorException', 'idp')
    await expect(resolveCredentials(settings, d.deps)).rejects.toThrow(/id-token: write/)
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, MAX_ASSUME_ATTEMPTS)
  })

  it('does not retry an access denial', async () => {
    const { sts, d } = stsFailing('AccessDenied', 'Not authorized')
    await expect(resolveCredentials(settings, d.deps)).rejects.toThrow(
      /AccessDenied: Not authorized/
    )
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 1)
  })
})
