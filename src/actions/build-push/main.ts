import { connectAws } from '../../aws/connection.js'
import type { EcrApi } from '../../aws/ecr.js'
import { buildAndPush } from '../../build-push/build-and-push.js'
import type { BuildDeps } from '../../build-push/deps.js'
import type { Report } from '../../build-push/report.js'
import {
  INPUTS,
  maskSecretValues,
  OUTPUTS,
  readSettings,
  type Settings
} from '../../build-push/settings.js'
import { renderFailure, renderSummary } from '../../build-push/summary.js'
import { awsDeps } from '../runtime.js'
import { STATE_REGISTRY } from './post.js'
import { type BuildRuntime, createBuildRuntime } from './runtime.js'

/**
 * Entry of action-build-push: the runner's inputs → credentials → the engine (build-and-push.ts)
 * → outputs, summary and result. Every failure fails the step through the runner, with a summary.
 */
export async function run(rt: BuildRuntime = createBuildRuntime()): Promise<void> {
  const { runner } = rt
  let repository = ''
  try {
    const settings = await runner.log.group('Inputs', async () => readInputs(rt))
    repository = settings.repository
    const aws = await runner.log.group('AWS credentials', () =>
      connectAws(awsDeps(rt), settings.credentials)
    )
    const report = await buildAndPush(settings, engineDeps(rt, aws.ecr))
    for (const [name, value] of outputsOf(report)) runner.setOutput(name, value)
    runner.log.info(resultLine(report))
    await runner.summary(renderSummary(report))
  } catch (error) {
    const message = runner.fail(error, 'Build and push failed')
    await runner.summary(renderFailure(repository, message))
  }
}

/** The build secrets masked first, then every input read and checked. */
function readInputs({ runner, env }: BuildRuntime): Settings {
  maskSecretValues(runner.input(INPUTS.secrets), value => runner.setSecret(value))
  return readSettings(name => runner.input(name), env)
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
