import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * What the Docker tests need of this machine: a reachable engine, and a docker CLI that can
 * build with BuildKit. Docker CLI 23+ builds with BuildKit only through the buildx plugin; an
 * older CLI (Debian's docker.io 20.10) has BuildKit built in. Where the CLI first on PATH has
 * neither, an older CLI found at /usr/bin/docker is put first on PATH for the test.
 */
export interface DockerEnv {
  /** Why Docker cannot be used, or undefined. */
  readonly problem?: string
  /** A folder to put first on PATH (a `docker` symlink), or undefined. */
  readonly binDir?: string
  readonly description: string
}

function run(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 })
      .toString()
      .trim()
  } catch {
    return undefined
  }
}

export function probeDocker(): DockerEnv {
  const server = run('docker', ['version', '--format', '{{.Server.Version}}'])
  if (!server) {
    return {
      problem: 'no Docker engine is reachable (`docker version` found no server)',
      description: ''
    }
  }
  const client = run('docker', ['version', '--format', '{{.Client.Version}}']) ?? '?'
  const description = `docker engine ${server}, CLI ${client}`
  if (run('docker', ['buildx', 'version']) !== undefined) {
    return { description: `${description} with buildx` }
  }
  if (major(client) < 23) return { description: `${description} (BuildKit built in)` }
  for (const candidate of ['/usr/bin/docker', '/usr/local/bin/docker']) {
    if (!existsSync(candidate)) continue
    const version = run(candidate, ['version', '--format', '{{.Client.Version}}'])
    if (version && major(version) < 23) {
      const binDir = mkdtempSync(join(tmpdir(), 'docker-cli-'))
      symlinkSync(candidate, join(binDir, 'docker'))
      return { binDir, description: `docker engine ${server}, CLI ${version} (${candidate})` }
    }
  }
  return {
    problem: `docker CLI ${client} has no buildx plugin and so cannot build with BuildKit`,
    description
  }
}

function major(version: string): number {
  const n = Number.parseInt(version, 10)
  return Number.isNaN(n) ? 0 : n
}
