import { describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLUSTER, REGION, ROLE, placeholderImage } from '../../../tools/harness/megilance.js'
import { STATIC_KEYS } from '../../../tools/stand-in/index.js'
import { BACKEND, DEPLOY, TIMING, WHERE, expectExit, world, writes } from '../support/cli-world.js'

/*
 * The CLI as a process against the stand-in, before any write: bad flags and bad input (exit 2,
 * not one AWS call, or reads only), diff, and the credentials it finds (--profile, --role-arn).
 */

describe('the CLI (dist/cli/index.js): input, diff and credentials', () => {
  it.each<[string, string[], RegExp]>([
    [
      'an unknown flag, with the nearest',
      ['deploy', ...WHERE, '--clustr', 'x'],
      /^error: unknown flag --clustr; did you mean --cluster\?/
    ],
    [
      'an unknown command',
      ['deplyo', ...WHERE],
      /^error: unknown command "deplyo"; did you mean deploy\?/
    ],
    [
      "another command's flag",
      ['status', ...WHERE, '--image', 'x'],
      /^error: --image is not a flag of status; deploy and diff take it\./
    ],
    [
      'a value out of range',
      [...DEPLOY, '--max-failed-tasks', '-1'],
      /^error: --max-failed-tasks: -1 is below the minimum of 0\.\nNothing was written to AWS\./
    ],
    ['no service', ['deploy', '--region', REGION], /^error: --service: is required/],
    [
      'an image without its container',
      ['deploy', ...WHERE, '--image', placeholderImage('backend', 'x')],
      /^error: --container-name: is required with image/
    ]
  ])('bad input: %s → exit 2, not one AWS call', async (_name, argv, message) => {
    await world({ rollouts: [] }, async ({ standIn, cli }) => {
      const r = await cli(argv)
      expectExit(r, 2)
      expect(r.stderr).toMatch(message)
      expect(r.stdout).toBe('')
      expect(standIn.calls).toEqual([])
    })
  })

  it('diff: what a deploy would change, exit 0, nothing written', async () => {
    await world({ rollouts: [] }, async ({ standIn, cli }) => {
      const r = await cli(['diff', ...DEPLOY.slice(1, -TIMING.length)])
      expectExit(r, 0)
      expect(r.stdout).toMatch(
        /^✔ dry-run: megilance-backend in megilance-cluster, megilance-backend:1/m
      )
      expect(r.stdout).toContain(
        `  backend: image ${placeholderImage('backend', 'release-1')} → ${placeholderImage('backend', 'release-2')}`
      )
      expect(writes(standIn)).toEqual([])
    })
  })

  it('a task definition file the engine refuses: exit 2, reads only, nothing written', async () => {
    await world({ rollouts: [] }, async ({ standIn, cli }) => {
      const r = await cli(['deploy', ...WHERE, '--task-definition', 'deploy/missing.json'])
      expectExit(r, 2)
      expect(r.stderr).toMatch(/^error: --task-definition: /m)
      expect(r.stderr).toContain('Nothing was written to AWS.')
      expect(writes(standIn)).toEqual([])
    })
  })

  it('--profile from the shared files (its keys and region), and --role-arn by AssumeRole', async () => {
    await world({ rollouts: [] }, async ({ standIn, cli, home }) => {
      writeFileSync(
        join(home, '.aws', 'credentials'),
        `[laptop]\naws_access_key_id = ${STATIC_KEYS.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${STATIC_KEYS.AWS_SECRET_ACCESS_KEY}\n`
      )
      writeFileSync(join(home, '.aws', 'config'), `[profile laptop]\nregion = ${REGION}\n`)
      const byProfile = await cli(
        ['status', '--cluster', CLUSTER, '--service', BACKEND, '--profile', 'laptop'],
        {},
        false
      )
      expectExit(byProfile, 0)
      expect(byProfile.stdout).toContain("AWS credentials: the AWS SDK's, from profile laptop.")
      expect(byProfile.stdout).toContain(`${BACKEND} in ${CLUSTER} (${REGION})`)

      const mark = standIn.calls.length
      const byRole = await cli(['status', ...WHERE, '--role-arn', ROLE, '--json'])
      expectExit(byRole, 0)
      expect(byRole.stderr).toContain(
        `Assumed arn:aws:sts::123456789012:assumed-role/megilance-deploy/ecs-deploy-cli`
      )
      const calls = standIn.calls.slice(mark)
      expect(calls[0]).toMatchObject({
        op: 'AssumeRole',
        accessKeyId: STATIC_KEYS.AWS_ACCESS_KEY_ID
      })
      expect(calls.slice(1).every(c => c.accessKeyId?.startsWith('ASIA'))).toBe(true)
      expect(standIn.answered('AssumeRole').map(c => c.input)).toEqual([
        expect.objectContaining({ RoleArn: ROLE, RoleSessionName: 'ecs-deploy-cli' })
      ])
    })
  })
})
