import { connectAws } from '../../aws/connection.js'
import type { EcrApi } from '../../aws/ecr.js'
import { buildAndPush } from '../../build-push/build-and-push.js'
import type { BuildDeps } from '../../build-push/deps.js'
import type { Report } from '../../build-push/report.js'
import { OUTPUTS, type Settings } from '../../build-push/settings.js'
import { renderSummary } from '../../build-push/summary.js'
import { awsDeps } from '../runtime.js'
import { STATE_REGISTRY } from './post.js'
import { type BuildRuntime, createBuildRuntime } from './runtime.js'
import { failed, readInputs } from './start.js'

/**
 * Entry of action-build-push: the runner's inputs → credentials → the engine (build-and-push.ts)
 * → outputs, summary and result. Every failure fails the step through the runner, with a summary.
 */
export async function run(rt: BuildRuntime = createBuildRuntime(), read?: Settings): Promise<void> {
  const { runner } = rt
  let repository = ''
  try {
    const settings = read ?? (await readInputs(runner, rt.env))
    repository = settings.repository
    const aws = await runner.log.group('AWS credentials', () =>
      connectAws(awsDeps(rt), settings.credentials)
    )
    const report = await buildAndPush(settings, engineDeps(rt, aws.ecr))
    for (const [name, value] of outputsOf(report)) runner.setOutput(name, value)
    runner.log.info(resultLine(report))
    await runner.summary(renderSummary(report))
  } catch (error) {
    await failed(runner, repository, error)
  }
}

/** What the engine gets of the runner, Docker and AWS. */
function engineDeps(rt: BuildRuntime, ecr: EcrApi): BuildDeps {
  return {
    ecr,
    docker: rt.docker,
    log: rt.runner.log,
    now: rt.now,
    sleep: rt.sleep,
    setSecret: value => rt.runner.setSecret(value),
    saveRegistry: registry => rt.runner.state.save(STATE_REGISTRY, registry),
    tempRoot: rt.tempRoot
  }
}

/** Every output, always set. */
export function outputsOf(report: Report): [string, string][] {
  return [
    [OUTPUTS.image, report.image],
    [OUTPUTS.taggedImage, report.taggedImage],
    [OUTPUTS.digest, report.digest],
    [OUTPUTS.registry, report.registry],
    [OUTPUTS.tags, report.tags.join('\n')],
    [OUTPUTS.built, String(report.outcome === 'built')]
  ]
}

function resultLine(report: Report): string {
  return report.outcome === 'built'
    ? `Built ${report.image || report.taggedImage} in ${report.buildSeconds.toFixed(1)} s.`
    : `Using the existing ${report.image}.`
}
