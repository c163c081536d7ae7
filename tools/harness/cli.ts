import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/*
 * The CLI as a terminal or a CI job runs it: `node dist/cli/index.js <command> [flags]` in a
 * working directory, with an environment of its own (a HOME without AWS files, the stand-in's
 * AWS_ENDPOINT_URL_* and whatever the caller adds), its standard output and error apart.
 */

export interface CliResult {
  readonly args: readonly string[]
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
  readonly durationMs: number
}

export interface CliOptions {
  /** The working directory (relative paths in flags are read from it). */
  readonly cwd: string
  /** AWS_ENDPOINT_URL_* of the stand-in, keys, CI variables... */
  readonly env?: Readonly<Record<string, string>>
  /** The repository holding dist/cli (default: the current directory). */
  readonly root?: string
  readonly timeoutMs?: number
}

/** A HOME with no AWS config or credentials, and the SDK kept off the instance metadata service. */
export function cliHome(): { readonly env: Record<string, string>; readonly remove: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'cli-home-'))
  mkdirSync(join(home, '.aws'))
  return {
    env: {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: home,
      LANG: 'C.UTF-8',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials')
    },
    remove: () => rmSync(home, { recursive: true, force: true })
  }
}

export function runCli(args: readonly string[], o: CliOptions): Promise<CliResult> {
  const entry = resolve(o.root ?? process.cwd(), 'dist', 'cli', 'index.js')
  const started = performance.now()
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: o.cwd,
    env: { ...(o.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 120_000)
  return new Promise(done =>
    child.once('close', code => {
      clearTimeout(timer)
      done({ args, exitCode: code, stdout, stderr, durationMs: performance.now() - started })
    })
  )
}
