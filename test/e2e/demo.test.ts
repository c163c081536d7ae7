import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { probeDocker } from '../../tools/harness/machine.js'

/*
 * `npm run demo` as a person runs it (the README's first command), once: what it prints by
 * default. Under 150 lines; no npm warning, no raw docker command line, no full commit SHA or
 * image digest, no empty output; each act's outcome, the failing release's cause (the frontend's
 * crash) and what was put back (the backend by the step, the frontend by ECS), the target of the
 * manual rollback and the rule that chose it, the CLI's answer, and the table of what happened. Needs Docker (scripts/setup.sh starts it): skipped without it outside
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

  it("tells each act's outcome, the failing act's cause, what was put back and the rule the rollback chose by", () => {
    const text = demo.text
    const at = (line: string | RegExp, from = 0) => {
      const i = lines.findIndex(
        (l, n) => n >= from && (typeof line === 'string' ? l.includes(line) : line.test(l))
      )
      if (i < 0) throw new Error(`not in the demo's output: ${String(line)}\n${text}`)
      return i
    }
    const acts = [
      at('━━ 1. Push to main'),
      at('━━ 2. The release: the backend, then the frontend by canary'),
      at('━━ 3. A failing frontend, explained and rolled back'),
      at('━━ 4. A manual rollback'),
      at('━━ 5. The same engine from a terminal'),
      at('━━ What happened')
    ]
    expect([...acts].sort((a, b) => a - b)).toEqual(acts)
    // Acts 1 and 2: one release, the backend (its migration first), then the frontend's canary.
    const release = at(/✔ release \/ Release deploy\/release\.yml {2}succeeded in \d+ s/)
    expect(release).toBeGreaterThan(acts[1]!)
    expect(lines[release + 1]?.trim()).toBe(
      'megilance-backend:1 → megilance-backend:2, migration exited 0: succeeded'
    )
    expect(lines[release + 2]?.trim()).toBe(
      'megilance-frontend:1 → megilance-frontend:2: succeeded'
    )
    expect(lines[release + 3]?.trim()).toMatch(
      /^stages: .*PRODUCTION_TRAFFIC_SHIFT \(10%\) → BAKE_TIME \(100%\) → SUCCESSFUL$/
    )
    expect(at('✔ Deploy MegiLance: success')).toBeLessThan(acts[2]!)
    // Act 3: the backend succeeded and was put back; the frontend's cause, ECS's rollback.
    const failed = at(/✖ release \/ Release deploy\/release\.yml {2}rolled-back in \d+ s/, acts[2])
    expect(lines.slice(failed + 1, failed + 7).map(l => l.trim())).toEqual([
      'megilance-backend:2 → megilance-backend:3, migration exited 0: rolled-back',
      'Put back to megilance-backend:2 (by this step): succeeded',
      'megilance-frontend:2 → megilance-frontend:3: rolled-back',
      'stages: TEST_TRAFFIC_SHIFT (0%) → PRODUCTION_TRAFFIC_SHIFT (10%) → ROLLBACK_SUCCESSFUL (alarm megilance-frontend-5xx)',
      'Cause: frontend exited 1: Error: BACKEND_INTERNAL_URL is not set',
      'Put back to megilance-frontend:2 (by ECS): succeeded'
    ])
    expect(at('✖ Deploy MegiLance: failure', acts[2])).toBeLessThan(acts[3]!)
    // Act 4: the target, and the rule beside it.
    const target = at('target: previous → megilance-backend:1')
    expect(target).toBeGreaterThan(acts[3]!)
    expect(lines[target + 1]?.trim()).toBe(
      'rule:   previous = the newest earlier revision whose deploy succeeded, by the outcome tag deploy mode set on it'
    )
    expect(at('✔ Roll back an ECS service: success')).toBeLessThan(acts[4]!)
    // Act 5: one CLI call, read-only, short; the revision put back is tagged rolled-back.
    expect(at('$ ecs-deploy status --region us-east-1')).toBeGreaterThan(acts[4]!)
    expect(at(/^ {2}│ {4}megilance-backend:3 {2}rolled-back/)).toBeLessThan(acts[5]!)
    expect(at('└─ exit 0')).toBeLessThan(acts[5]!)
    // The table: every act as scripted, and the failure's one-line reason.
    const table = lines.slice(acts[5]! + 1, acts[5]! + 6)
    expect(table.map(l => l.trim().split(/\s{2,}/)[0])).toEqual([
      '✔ push to main',
      '✔ canary frontend',
      '✔ crashing push',
      '✔ manual rollback',
      '✔ CLI'
    ])
    expect(lines[acts[5]! + 6]).toBe(
      '  Why the crashing push failed: megilance-frontend: frontend exited 1: Error: BACKEND_INTERNAL_URL is not set'
    )
  })
})
