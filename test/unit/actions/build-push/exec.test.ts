import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { dockerExec } from '../../../../src/actions/build-push/exec.js'
import { recordingLog } from '../../../support/recording-log.js'

/*
 * The action's docker exec with a `docker` on PATH that prints its argv and what a Dockerfile's
 * RUN could print: the log shows the command with build arguments by name only, and docker's
 * lines one by one through the log (which the runner port makes inert).
 */

let bin: string
const savedPath = process.env.PATH

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fake-docker-'))
  writeFileSync(
    join(bin, 'docker'),
    [
      '#!/bin/sh',
      'echo "argv: $*"',
      "printf '#7 0.21 ##[set-output name=injected]yes\\n#7 0.22 partial'",
      "printf 'warning on stderr\\n' >&2",
      'exit 3'
    ].join('\n')
  )
  chmodSync(join(bin, 'docker'), 0o755)
  process.env.PATH = `${bin}${delimiter}${savedPath ?? ''}`
})

afterAll(() => {
  process.env.PATH = savedPath
  rmSync(bin, { recursive: true, force: true })
})

describe('dockerExec', () => {
  it('echoes the command without build argument values; docker is given them', async () => {
    const { seen, log } = recordingLog()
    const result = await dockerExec(log)({
      args: ['build', '--build-arg', 'NPM_TOKEN=npm_s3cr3t', '--label', 'team=web', '.']
    })
    expect(result.exitCode).toBe(3)
    expect(result.stdout).toContain(
      'argv: build --build-arg NPM_TOKEN=npm_s3cr3t --label team=web .'
    )
    expect(seen[0]).toBe('info [command]docker build --build-arg NPM_TOKEN --label team=web .')
    expect(seen.slice(1).sort()).toEqual(
      [
        'info argv: build --build-arg NPM_TOKEN=npm_s3cr3t --label team=web .',
        'info #7 0.21 ##[set-output name=injected]yes',
        'info #7 0.22 partial',
        'info warning on stderr'
      ].sort()
    )
    expect(seen.filter(line => !line.startsWith('info argv')).join('\n')).not.toContain(
      'npm_s3cr3t'
    )
  })

  it('a silent command shows nothing', async () => {
    const { seen, log } = recordingLog()
    const result = await dockerExec(log)({ args: ['login', '--password-stdin'], silent: true })
    expect(result.stdout).toContain('argv: login --password-stdin')
    expect(seen).toEqual([])
  })
})
