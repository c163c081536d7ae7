import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { rmSync } from 'node:fs'
import { createMegilanceWorkspace } from '../../../tools/harness/machine.js'
import {
  CLUSTER,
  REGION,
  deployInputs,
  seedMegilance,
  service,
  tdArn
} from '../../../tools/harness/megilance.js'
import { type OidcIssuer, startOidcIssuer } from '../../../tools/harness/oidc.js'
import { Job } from '../../../tools/harness/runner.js'
import { type StandIn, rollouts, startStandIn } from '../../../tools/stand-in/index.js'

/*
 * A rollout that outlasts the STS session, from the bundle (dist/ecs-deploy) under the runner's
 * contract. The stand-in ends every session after SESSION_SECONDS and refuses requests signed
 * with it afterwards (ExpiredTokenException); the step must renew the session (a new OIDC token,
 * a new AssumeRoleWithWebIdentity) and still see the rollout to its end.
 */

const SESSION_SECONDS = 3
const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e'

describe('a rollout that outlasts a short STS session', () => {
  let oidc: OidcIssuer
  let aws: StandIn
  let workspace: string

  beforeAll(async () => {
    oidc = await startOidcIssuer({
      repository: 'megilance/megilance',
      ref: 'refs/heads/main',
      sha: SHA,
      runId: '4242'
    })
    aws = await startStandIn({
      verifyOidc: token => oidc.verify(token),
      sessionSeconds: SESSION_SECONDS
    })
    workspace = createMegilanceWorkspace()
  })

  afterAll(async () => {
    await aws?.close()
    await oidc?.close()
    if (workspace) rmSync(workspace, { recursive: true, force: true })
  })

  it('renews the session and completes: no request is ever signed with an ended session', async () => {
    // Eight polls a second apart: the rollout lasts well past one 3-second session.
    seedMegilance(aws, { rollouts: { backend: [rollouts.succeeds(2, 8)] } })
    const job = new Job({ workspace, endpointEnv: aws.endpointEnv, oidc, sha: SHA, runId: '4242' })
    try {
      const step = await job.run('ecs-deploy', deployInputs('backend'))
      if (step.exitCode !== 0) throw new Error(`deploy failed:\n${step.log}`)
      expect(step.outputs).toMatchObject({
        outcome: 'succeeded',
        'task-definition-arn': tdArn('backend', 2)
      })
      expect(aws.ecs.running(CLUSTER, service('backend'))).toBe(tdArn('backend', 2))

      const sessions = aws.sts.issued
      const ecsCalls = aws.calls.filter(c => c.service === 'ecs')
      // The rollout outlasted the first session, and several sessions were taken.
      expect((ecsCalls.at(-1)?.at ?? 0) - (sessions[0]?.expiresAt ?? 0)).toBeGreaterThan(0)
      expect(sessions.length).toBeGreaterThan(1)
      expect(oidc.issued).toHaveLength(sessions.length)
      // Every ECS request was signed with a session that had not ended.
      for (const call of ecsCalls) {
        const session = sessions.find(s => s.accessKeyId === call.accessKeyId)
        expect(session).toBeDefined()
        expect(call.at).toBeLessThan(session?.expiresAt ?? 0)
      }
      expect(aws.calls.filter(c => c.error === 'ExpiredTokenException')).toEqual([])
      expect(step.log).toContain('Renewed the session of')
      // Every session's secrets were masked before use.
      for (const s of sessions) {
        expect(step.masks).toEqual(expect.arrayContaining([s.secretAccessKey, s.sessionToken]))
      }
      expect(
        step.log
          .split('\n')
          .filter(l => !l.startsWith('::add-mask::'))
          .join('\n')
      ).not.toContain(sessions[0]?.secretAccessKey ?? '?')

      // And the stand-in does refuse an ended session: what a step without renewal would meet.
      const first = sessions[0]
      if (!first) throw new Error('no session')
      const stale = new ECSClient({
        region: REGION,
        endpoint: aws.endpoint,
        maxAttempts: 1,
        credentials: {
          accessKeyId: first.accessKeyId,
          secretAccessKey: first.secretAccessKey,
          sessionToken: first.sessionToken
        }
      })
      await expect(
        stale.send(
          new DescribeServicesCommand({ cluster: CLUSTER, services: [service('backend')] })
        )
      ).rejects.toMatchObject({ name: 'ExpiredTokenException' })
    } finally {
      job.close()
    }
  }, 120_000)
})

/*
 * Sessions shorter than the SDK's five-minute refresh window: before, every request renewed the
 * session (200 AssumeRoleWithWebIdentity calls and 200 OIDC tokens in 45 s against 20-second
 * sessions). The step now renews each session once, a quarter of its length before its end.
 */
describe('a rollout of about 50 s against 20-second STS sessions', () => {
  const SESSION_MS = 20_000
  let oidc: OidcIssuer
  let aws: StandIn
  let workspace: string

  beforeAll(async () => {
    oidc = await startOidcIssuer({
      repository: 'megilance/megilance',
      ref: 'refs/heads/main',
      sha: SHA,
      runId: '4243'
    })
    aws = await startStandIn({
      verifyOidc: token => oidc.verify(token),
      sessionSeconds: SESSION_MS / 1000
    })
    workspace = createMegilanceWorkspace()
  })

  afterAll(async () => {
    await aws?.close()
    await oidc?.close()
    if (workspace) rmSync(workspace, { recursive: true, force: true })
  })

  it('takes one AssumeRoleWithWebIdentity (and one OIDC token) per session, never one per request', async () => {
    // 48 polls a second apart: the rollout outlasts two sessions and part of a third.
    seedMegilance(aws, { rollouts: { backend: [rollouts.succeeds(2, 48)] } })
    const job = new Job({ workspace, endpointEnv: aws.endpointEnv, oidc, sha: SHA, runId: '4243' })
    try {
      const step = await job.run('ecs-deploy', deployInputs('backend'))
      if (step.exitCode !== 0) throw new Error(`deploy failed:\n${step.log}`)
      expect(step.outputs).toMatchObject({
        outcome: 'succeeded',
        'task-definition-arn': tdArn('backend', 2)
      })
      expect(step.durationMs).toBeGreaterThan(45_000)

      const assumed = aws.calls.filter(c => c.op === 'AssumeRoleWithWebIdentity')
      const sessions = aws.sts.issued
      // Every AssumeRoleWithWebIdentity answered, one OIDC token each, and a session each.
      expect(assumed.map(c => c.status)).toEqual(assumed.map(() => 200))
      expect(aws.answered('AssumeRoleWithWebIdentity')).toHaveLength(sessions.length)
      expect(oidc.issued).toHaveLength(sessions.length)
      // Each session is renewed once, 5 s (a quarter) before its end: never sooner than 14 s
      // after it was issued (its Expiration is given in whole seconds), so at most one
      // AssumeRoleWithWebIdentity per 14 s of the step.
      const gaps = assumed.slice(1).map((c, i) => c.at - assumed[i]!.at)
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(14_000)
      expect(sessions.length).toBeGreaterThan(1)
      expect(sessions.length).toBeLessThanOrEqual(Math.floor(step.durationMs / 14_000) + 1)

      // Every ECS request was signed with a session that had not ended.
      const ecsCalls = aws.calls.filter(c => c.service === 'ecs')
      expect(ecsCalls.length).toBeGreaterThan(48)
      for (const call of ecsCalls) {
        const session = sessions.find(s => s.accessKeyId === call.accessKeyId)
        expect(session).toBeDefined()
        expect(call.at).toBeLessThan(session?.expiresAt ?? 0)
      }
      expect(aws.calls.filter(c => c.error === 'ExpiredTokenException')).toEqual([])
      expect(step.log.match(/Renewed the session of/g)).toHaveLength(sessions.length - 1)
    } finally {
      job.close()
    }
  }, 150_000)
})
