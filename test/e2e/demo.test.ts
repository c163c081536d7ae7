import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { probeDocker } from '../../tools/harness/machine.js'

/*
 * `npm run demo` as a person runs it (the README's first command), once: what it prints by
 * default. Under 150 lines; no npm warning, no raw docker command line, no full commit SHA or
 * image digest, no empty output; each act's outcome, the failing act's cause (its migration
 * succeeded, its rollout failed), the target of the rollback and the rule that chose it, and the
 * table of what happened. Needs Docker (scripts/setup.sh starts it): skipped without it outside
 * CI, failed in CI.
 */

const inCi = process.env.CI === 'true'
const docker = probeDocker()
if (docker.problem && !inCi)
  console.warn(`demo: SKIPPED here: ${docker.problem}. Run \`bash scripts/setup.sh\`.`)

interface Ran {
  readonly code: number | null
  /** stdout and stderr as the terminal shows them, interleaved. */
  readonly text: string
}

/** npm run demo in a person's shell: no npm_* variables of the npm that runs these tests. */
function runDemo(): Promise<Ran> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_OPTIONS')
  )
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', 'demo'], {
      env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.on('error', fail)
    child.on('close', code => done({ code, text }))
  })
}

const run = docker.problem && !inCi ? describe.skip : describe

run('npm run demo, by default', () => {
  let demo: Ran
  let lines: string[]
  beforeAll(async () => {
    demo = await runDemo()
    lines = demo.text.replace(/\n$/, '').split('\n')
  }, 300_000)

  it('prints at most 150 lines, without npm warnings, docker commands, long SHAs or empty outputs', () => {
    expect(demo.code).toBe(0)
    expect(lines.length).toBeLessThanOrEqual(150)
    expect(demo.text).not.toMatch(/npm (warn|WARN|ERR)/)
    expect(demo.text).not.toMatch(/\(node:\d+\) \w*Warning/)
    expect(demo.text).not.toMatch(/\[command\]|docker build --|docker push /)
    expect(demo.text).not.toMatch(/[0-9a-f]{40}/)
    // An output printed with nothing after its name.
    expect(lines.filter(l => /^\s+[a-z][a-z-]+-[a-z-]+\s*$/.test(l))).toEqual([])
  })

  it("tells each act's outcome, the failing act's cause, and the rule the rollback chose by", () => {
    const text = demo.text
    const at = (line: string | RegExp) => {
      const i = lines.findIndex(l => (typeof line === 'string' ? l.includes(line) : line.test(l)))
      if (i < 0) throw new Error(`not in the demo's output: ${String(line)}\n${text}`)
      return i
    }
    const acts = [
      at('━━ 1. Push to main'),
      at('━━ 2. The frontend, by canary'),
      at('━━ 3. A failing deploy, explained and rolled back'),
      at('━━ 4. A manual rollback'),
      at('━━ What happened')
    ]
    expect([...acts].sort((a, b) => a - b)).toEqual(acts)
    // Act 1: the backend's migration, then its rollout.
    expect(
      at(
        /✔ backend \/ Deploy megilance-backend {2}megilance-backend:1 → megilance-backend:2, migration exited 0: succeeded/
      )
    ).toBeLessThan(acts[1]!)
    // Act 2: the canary's stages, the run's outcome.
    expect(
      at(/stages: .*PRODUCTION_TRAFFIC_SHIFT \(10%\) → BAKE_TIME \(100%\) → SUCCESSFUL/)
    ).toBeLessThan(acts[2]!)
    expect(at('✔ Deploy MegiLance: success')).toBeLessThan(acts[2]!)
    // Act 3: the migration succeeded, the rollout failed; its cause, its rollback.
    const failed = at(
      /✖ backend \/ Deploy megilance-backend {2}megilance-backend:2 → megilance-backend:3, migration exited 0: rolled-back/
    )
    expect(failed).toBeGreaterThan(acts[2]!)
    expect(lines[failed + 1]?.trim()).toBe(
      'Cause: backend exited 1: RuntimeError: FILE_STORAGE_MODE=s3 needs S3_BUCKET_NAME'
    )
    expect(lines[failed + 2]?.trim()).toMatch(/^Rolled back to megilance-backend:2 .*: succeeded$/)
    expect(at('✖ Deploy MegiLance: failure')).toBeLessThan(acts[3]!)
    // Act 4: the target, and the rule beside it.
    const target = at('target: previous → megilance-backend:1')
    expect(target).toBeGreaterThan(acts[3]!)
    expect(lines[target + 1]?.trim()).toBe(
      "rule:   previous = the newest earlier revision whose deploy succeeded, by ECS's SUCCESSFUL service deployments"
    )
    expect(at('✔ Roll back an ECS service: success')).toBeLessThan(acts[4]!)
    // The table: every act as scripted, and the failure's one-line reason.
    const table = lines.slice(acts[4]! + 1, acts[4]! + 5)
    expect(table.map(l => l.trim().split(/\s{2,}/)[0])).toEqual([
      '✔ push to main',
      '✔ canary frontend',
      '✔ crashing push',
      '✔ manual rollback'
    ])
    expect(lines[acts[4]! + 5]).toBe(
      '  Why the crashing push failed: backend exited 1: RuntimeError: FILE_STORAGE_MODE=s3 needs S3_BUCKET_NAME'
    )
  })
})
