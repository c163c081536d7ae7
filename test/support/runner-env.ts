import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * The runner's contract for one step, on temp files: INPUT_* variables, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and GITHUB_STATE, and everything written to stdout. Restores the
 * environment and stdout on close().
 */
export interface RunnerEnv {
  readonly dir: string
  outputs(): Record<string, string>
  state(): Record<string, string>
  summary(): string
  /** Everything the step wrote to stdout (logs, ::commands::). */
  log(): string
  close(): void
}

/**
 * @actions/core caches the summary file path on first use, so every step of one test file
 * writes its summary to this one path; the file is created at each start and removed at close.
 */
const SUMMARY_DIR = join(tmpdir(), 'runner-env-summaries')
const SUMMARY_FILE = join(SUMMARY_DIR, `summary-${process.pid}-${randomUUID()}`)

export function startRunnerEnv(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): RunnerEnv {
  const dir = mkdtempSync(join(tmpdir(), 'runner-env-'))
  mkdirSync(SUMMARY_DIR, { recursive: true })
  const saved = { ...process.env }
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_') || key.startsWith('STATE_') || key.startsWith('GITHUB_')) {
      delete process.env[key]
    }
  }
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: SUMMARY_FILE,
    GITHUB_STATE: join(dir, 'state')
  }
  for (const [key, path] of Object.entries(files)) {
    writeFileSync(path, '')
    process.env[key] = path
  }
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  Object.assign(process.env, env)

  const chunks: string[] = []
  const originalWrite = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write

  return {
    dir,
    outputs: () => parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    state: () => parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
    summary: () => readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    log: () => chunks.join(''),
    close: () => {
      process.stdout.write = originalWrite
      for (const key of Object.keys(process.env)) {
        if (!(key in saved)) delete process.env[key]
      }
      Object.assign(process.env, saved)
      rmSync(dir, { recursive: true, force: true })
      rmSync(SUMMARY_FILE, { force: true })
    }
  }
}

/** Parses name<<delimiter / value / delimiter blocks, as the runner does. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const pattern = /^(.+?)<<(ghadelimiter_[0-9a-f-]+)\r?\n([\s\S]*?)\r?\n\2\r?$/gm
  for (const match of text.matchAll(pattern)) {
    result[match[1] as string] = match[3] as string
  }
  return result
}
