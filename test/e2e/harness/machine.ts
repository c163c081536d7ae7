import { execFileSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { registryUnavailable } from '../../support/registry.js'

/*
 * What the Docker-dependent parts need of this machine, and the MegiLance checkout the steps
 * run in.
 */

export interface DockerSetup {
  /** Why the build stage cannot run here, or undefined when it can. */
  readonly problem?: string
  /** Folders to put first on PATH so `docker` can build with BuildKit. */
  readonly pathPrefix: readonly string[]
  readonly description: string
}

function output(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 })
      .toString()
      .trim()
  } catch {
    return undefined
  }
}

const major = (version: string) => Number.parseInt(version, 10) || 0

/**
 * A reachable engine, a CLI that builds with BuildKit (buildx, or a CLI older than 23 with
 * BuildKit built in: Debian's docker.io 20.10 at /usr/bin/docker), the registry, busybox.
 */
export function probeDocker(): DockerSetup {
  const server = output('docker', ['version', '--format', '{{.Server.Version}}'])
  if (!server) {
    return {
      problem: 'no Docker engine is reachable (`docker version` shows no server)',
      pathPrefix: [],
      description: ''
    }
  }
  const missing =
    registryUnavailable() ??
    (existsSync('/bin/busybox') ? undefined : '/bin/busybox is missing (busybox-static)')
  const client = output('docker', ['version', '--format', '{{.Client.Version}}']) ?? '?'
  let setup: DockerSetup | undefined
  if (output('docker', ['buildx', 'version']) !== undefined || major(client) < 23) {
    setup = { pathPrefix: [], description: `Docker engine ${server}, CLI ${client}` }
  } else {
    for (const candidate of ['/usr/bin/docker', '/usr/local/bin/docker']) {
      const version = existsSync(candidate)
        ? output(candidate, ['version', '--format', '{{.Client.Version}}'])
        : undefined
      if (version && major(version) < 23) {
        const bin = mkdtempSync(join(tmpdir(), 'e2e-docker-cli-'))
        symlinkSync(candidate, join(bin, 'docker'))
        setup = {
          pathPrefix: [bin],
          description: `Docker engine ${server}, CLI ${version} (${candidate})`
        }
        break
      }
    }
  }
  if (setup === undefined) {
    return {
      problem: `docker CLI ${client} has no buildx plugin, so it cannot build with BuildKit`,
      pathPrefix: [],
      description: `Docker engine ${server}`
    }
  }
  return missing === undefined ? setup : { ...setup, problem: missing }
}

/**
 * The MegiLance repository as the job checks it out: backend/ and frontend/ (the e2e fixtures,
 * with busybox copied in) and deploy/*-task-definition.json (examples/megilance).
 */
export function createMegilanceWorkspace(root = process.cwd()): string {
  const workspace = mkdtempSync(join(tmpdir(), 'e2e-megilance-'))
  const fixtures = resolve(root, 'test/e2e/fixtures/megilance')
  for (const app of ['backend', 'frontend']) {
    cpSync(join(fixtures, app), join(workspace, app), { recursive: true })
    if (existsSync('/bin/busybox')) copyFileSync('/bin/busybox', join(workspace, app, 'busybox'))
  }
  mkdirSync(join(workspace, 'deploy'))
  for (const app of ['backend', 'frontend']) {
    copyFileSync(
      resolve(root, `examples/megilance/${app}-task-definition.json`),
      join(workspace, 'deploy', `${app}-task-definition.json`)
    )
  }
  return workspace
}

/** Removes the local engine's images of a registry (what a run built and pushed there). */
export function removeImages(registryHost: string, pathPrefix: readonly string[] = []): void {
  const env = { ...process.env, PATH: [...pathPrefix, process.env.PATH ?? ''].join(delimiter) }
  try {
    const refs = execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'], { env })
      .toString()
      .split('\n')
      .filter(ref => ref.startsWith(`${registryHost}/`))
    if (refs.length > 0)
      execFileSync('docker', ['image', 'rm', '--force', ...refs], { env, stdio: 'ignore' })
  } catch {
    // best effort
  }
}
