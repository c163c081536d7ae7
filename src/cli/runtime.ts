import { execFileSync } from 'node:child_process'
import { sdkClients, type AwsClientFactory } from '../aws/clients.js'
import { fetchStatus, type HttpGet } from '../engine/phases/health-check/health-check.js'
import type { Fetch } from '../github/rest-compare.js'
import { diskFiles, type Files } from '../shared/files.js'
import type { Sink } from './terminal/live.js'

/*
 * The CLI's composition root: the process's arguments, environment and streams, real time, the
 * AWS SDK's clients, HTTP, the disk. Tests hand in their own.
 */
export interface CliRuntime {
  readonly argv: readonly string[]
  readonly env: NodeJS.ProcessEnv
  readonly stdout: Sink
  readonly stderr: Sink
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly aws: AwsClientFactory
  readonly httpGet: HttpGet
  readonly fetch: Fetch
  /** The files the engine reads and writes (shared/files.ts). */
  readonly files: Files
  /** The commit checked out in the working directory (git rev-parse HEAD); '' outside a repository. */
  readonly localCommit: () => string
}

export function createCliRuntime(): CliRuntime {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    now: () => Date.now(),
    sleep: ms => new Promise(done => setTimeout(done, ms)),
    aws: sdkClients,
    httpGet: fetchStatus,
    fetch: (url, init) => fetch(url, init),
    files: diskFiles,
    localCommit
  }
}

function localCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--verify', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000
    }).trim()
    return /^[0-9a-f]{40}$/.test(sha) ? sha : ''
  } catch {
    return ''
  }
}
