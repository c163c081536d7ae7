import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { dockerExec, execDocker } from '../../../../src/actions/build-push/exec.js'
import { readCommands } from '../../../../tools/harness/workflow-commands.js'
import { recordingLog } from '../../../support/recording-log.js'

/*
 * The action's docker exec with a `docker` on PATH that prints its argv and what a Dockerfile's
 * RUN could print: the log shows the command with build arguments by name only, and docker's
 * lines one by one through the log (which the runner port makes inert). With FAKE_BUILD_OUTPUT set,
 * it prints what a Dockerfile's `RUN echo` of workflow commands looks like in docker's output:
 * the classic builder's bare line, BuildKit's plain progress with a bare "\r" inside a line (the
 * runner ends a line there too), and the older `##[` form.
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
      'if [ -n "$FAKE_BUILD_OUTPUT" ]; then',
      "  printf 'Step 3/4 : RUN echo ::set-output name=x::y\\n'",
      "  printf '::set-output name=image-uri::attacker/image\\n'",
      "  printf '#7 0.215 migrating\\r::save-state name=isPost::false\\n'",
      "  printf '#7 0.216 done ##[set-output name=digest]sha256:0\\n'",
      '  exit 0',
      'fi',
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

describe('docker output reaches the runner inert (execDocker: exec.ts → runnerLog → inertText)', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it("a Dockerfile RUN's workflow commands, a bare \\r among them: shown, never obeyed", async () => {
    const written: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      written.push(String(chunk))
      return true
    })
    const result = await execDocker({ args: ['build', '.'], env: { FAKE_BUILD_OUTPUT: '1' } })
    jest.restoreAllMocks()
    // What docker printed, had it reached the log as it is, would set an output and the state.
    const raw = readCommands(result.stdout)
    expect(raw.outputs).toEqual({ 'image-uri': 'attacker/image', digest: 'sha256:0' })
    expect(raw.state).toEqual({ isPost: 'false' })
    // Through the runner port, the runner reads neither; a person still reads every line.
    const log = written.join('')
    const read = readCommands(log)
    expect(read.outputs).toEqual({})
    expect(read.state).toEqual({})
    expect(read.commands.filter(c => c.name !== 'stop-commands')).toEqual([])
    expect(log).toContain('::set-output name=image-uri::attacker/image')
    expect(log).toContain('#7 0.215 migrating::save-state name=isPost::false')
    expect(log).not.toContain('\r')
  })
})
