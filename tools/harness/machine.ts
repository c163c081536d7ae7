import { execFileSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { probeDocker as probeDockerCli } from './docker-env.js'
import { registryUnavailable } from './registry.js'

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

/**
 * A reachable engine, a CLI that builds with BuildKit (tools/harness/docker-env.ts), the registry
 * and busybox.
 */
export function probeDocker(): DockerSetup {
  const docker = probeDockerCli()
  if (docker.problem !== undefined) {
    return { problem: docker.problem, pathPrefix: [], description: docker.description }
  }
  const setup = {
    pathPrefix: docker.binDir ? [docker.binDir] : [],
    description: docker.description
  }
  const missing =
    registryUnavailable() ??
    (existsSync('/bin/busybox') ? undefined : '/bin/busybox is missing (busybox-static)')
  return missing === undefined ? setup : { ...setup, problem: missing }
}

/**
 * The MegiLance repository as the job checks it out: backend/ and frontend/ (the e2e fixtures,
 * with busybox copied in), deploy/*-task-definition.json and deploy/release.yml
 * (examples/megilance).
 */
export function createMegilanceWorkspace(root = process.cwd()): string {
  const workspace = mkdtempSync(join(tmpdir(), 'e2e-megilance-'))
  const fixtures = resolve(root, 'tools/harness/fixtures/megilance')
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
  copyFileSync(
    resolve(root, 'examples/megilance/release.yml'),
    join(workspace, 'deploy', 'release.yml')
  )
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
