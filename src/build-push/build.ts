import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BuildPlan } from './build-plan.js'
import {
  type BuildRequest,
  buildxBuildCommand,
  dockerBuildCommand,
  parseMetadataDigest,
  type SecretFile
} from './docker-commands.js'
import { push, readRepoDigest, runOrThrow } from './docker.js'
import { CACHE_TAG, type Settings } from './settings.js'
import { imageLabels } from './labels.js'
import type { BuildRuntime } from '../actions/build-push/runtime.js'

/**
 * Builds (and pushes, when asked) and returns the pushed digest. Build secrets live in files in
 * a private folder under RUNNER_TEMP for the length of the build; only their paths reach argv.
 */
export async function buildImage(
  settings: Settings,
  rt: Pick<BuildRuntime, 'docker' | 'tempRoot'>,
  plan: BuildPlan,
  uri: string,
  cacheFrom: string,
  created: Date
): Promise<string | undefined> {
  const dir = mkdtempSync(join(rt.tempRoot, 'build-push-'))
  try {
    const secrets: SecretFile[] = settings.secrets.map((s, i) => {
      const path = join(dir, `secret-${i}`)
      writeFileSync(path, s.value, { mode: 0o600 })
      return { id: s.key, path }
    })
    const request: BuildRequest = {
      context: settings.context,
      file: settings.file,
      tags: settings.tags.map(t => `${uri}:${t}`),
      labels: imageLabels(settings.git, created, settings.labels),
      buildArgs: settings.buildArgs,
      secrets,
      target: settings.target,
      platforms: settings.platforms,
      cache: plan.cache,
      cacheRef: `${uri}:${CACHE_TAG}`,
      cacheFrom,
      push: settings.push,
      metadataFile: join(dir, 'metadata.json')
    }
    const primaryRef = request.tags[0] as string
    if (plan.tool === 'buildx') {
      await runOrThrow(rt.docker, buildxBuildCommand(request), 'docker buildx build')
      if (!settings.push) return undefined
      const digest = parseMetadataDigest(readText(request.metadataFile))
      if (!digest) {
        throw new Error('docker buildx build pushed, but wrote no containerimage.digest.')
      }
      return digest
    }
    await runOrThrow(rt.docker, dockerBuildCommand(request), 'docker build')
    if (!settings.push) return undefined
    let digest: string | undefined
    for (const ref of request.tags) {
      const pushed = await push(rt.docker, ref)
      if (ref === primaryRef) digest = pushed
    }
    digest ??= await readRepoDigest(rt.docker, primaryRef, uri)
    if (!digest) throw new Error(`Pushed ${primaryRef}, but could not read its digest back.`)
    return digest
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}
