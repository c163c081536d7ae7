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
