import { connectAws } from '../../aws/connection.js'
import type { EcrApi } from '../../aws/ecr.js'
import { buildAndPush } from '../../build-push/build-and-push.js'
import type { Deps } from '../../build-push/deps.js'
import { outputsOf } from '../../build-push/outputs.js'
import type { Report } from '../../build-push/report.js'
import type { Settings } from '../../build-push/settings.js'
import { renderSummary } from '../../build-push/summary.js'
import { awsDeps } from '../runtime.js'
import { STATE_REGISTRY } from './post.js'
import { createRuntime, type Runtime } from './runtime.js'
import { readInputs } from './start.js'
import { stopped } from './stopped.js'

/**
 * Entry of action-build-push: the runner's inputs (or the settings start.ts read from them) →
 * credentials → the engine (build-and-push.ts) → outputs, summary and result. Every failure
 * fails the step through the runner, with a summary.
 */
export async function run(rt: Runtime = createRuntime(), read?: Settings): Promise<void> {
  const { runner } = rt
  let repository = ''
  try {
    const settings = read ?? (await readInputs(rt))
    repository = settings.repository
    const aws = await runner.log.group('AWS credentials', () =>
      connectAws(awsDeps(rt), settings.credentials)
    )
    const report = await buildAndPush(settings, engineDeps(rt, aws.ecr))
    await finishReport(report, rt)
  } catch (error) {
    await stopped(runner, error, repository)
  }
}

/** What the engine gets of the runner, Docker, the files and AWS. */
function engineDeps(rt: Runtime, ecr: EcrApi): Deps {
  return {
    ecr,
    docker: rt.docker,
    log: rt.runner.log,
    now: rt.now,
    sleep: rt.sleep,
    setSecret: value => rt.runner.setSecret(value),
    saveRegistry: registry => rt.runner.state.save(STATE_REGISTRY, registry),
    tempDir: rt.tempDir,
    files: rt.files
  }
}

/** Everything a report ends in: the outputs first, the result line, the summary. */
async function finishReport(report: Report, { runner }: Runtime): Promise<void> {
  for (const [name, value] of outputsOf(report)) runner.setOutput(name, value)
  runner.log.info(resultLine(report))
  await runner.summary(renderSummary(report))
}

function resultLine(report: Report): string {
  return report.outcome === 'built'
    ? `Built ${report.image || report.taggedImage} in ${report.buildSeconds.toFixed(1)} s.`
    : `Using the existing ${report.image}.`
}
