import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Runs an action's entry in-process under the runner's contract: INPUT_* variables, and the
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files that @actions/core writes. Reads back
 * what a user would see: outputs, summary, log lines, saved state and the exit code.
 */
export interface ActionRun {
  readonly outputs: Record<string, string>
  readonly summary: string
  readonly log: string
  readonly state: Record<string, string>
  readonly failed: boolean
  readonly dir: string
}

const RUNNER_VARS = [
  'GITHUB_OUTPUT',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_STATE',
  'RUNNER_TEMP',
  'GITHUB_SHA',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_SERVER_URL'
]

export async function runAction(
  inputs: Record<string, string>,
  entry: () => Promise<void>,
  extraEnv: Record<string, string> = {},
  state: Record<string, string> = {}
): Promise<ActionRun> {
  // @actions/core caches the summary file's path for the life of the process, as it may on a
  // runner (one step, one process); so every run in a test process uses the same file names.
  const dir = join(tmpdir(), `action-run-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const saved = { ...process.env }
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_') || key.startsWith('STATE_') || RUNNER_VARS.includes(key))
      delete process.env[key]
  }
  Object.assign(process.env, files, {
    RUNNER_TEMP: dir,
    GITHUB_SHA: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
    GITHUB_REPOSITORY: 'megilance/megilance',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com'
  })
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  for (const [name, value] of Object.entries(state)) process.env[`STATE_${name}`] = value
  Object.assign(process.env, extraEnv)

  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  process.exitCode = undefined
  try {
    await entry()
  } finally {
    process.stdout.write = write
  }
  const failed = process.exitCode === 1
  process.exitCode = undefined
  const result: ActionRun = {
    outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    log: chunks.join(''),
    state: parseFileCommand(readFileSync(files.GITHUB_STATE, 'utf8')),
    failed,
    dir
  }
  process.env = saved
  return result
}

export function cleanup(run: ActionRun): void {
  rmSync(run.dir, { recursive: true, force: true })
}

/** Parses the `name<<DELIMITER\nvalue\nDELIMITER` blocks @actions/core writes. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!)
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!)
    out[m[1]!] = value.join('\n')
  }
  return out
}
