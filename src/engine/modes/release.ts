import type { Context } from '../deps.js'
import { toReport } from '../phases/report/to-report.js'
import { putBack } from '../phases/roll-back/put-back.js'
import { add, type RunRecord } from '../record.js'
import { alignedSleep } from '../release/aligned-sleep.js'
import { releaseOutcome } from '../release/outcome.js'
import { afterWaves, skippedAfter } from '../release/plan.js'
import { readReleaseFile, type ReleaseFile } from '../release/release-file.js'
import type { ReleaseReport } from '../release/report.js'
import { serviceSettings } from '../release/service-settings.js'
import { InputError } from '../../shared/parse.js'
import { PREPARE_DEPLOY, ROLL_OUT } from './deploy.js'
import { runPhases } from './run.js'

/*
 * Release mode (input `release`): several services released as one. Every service is read,
 * rendered and validated before the first write; then the waves roll out in order, each service
 * through the deploy's own phases and its own kind; a wave's services poll on one beat, read
 * together. When a service fails, no later wave starts, and every service already changed goes
 * back to the revision it ran before, in reverse order (rollback-on-failure). Each service's post
 * state says where it stands as it changes (not started, in progress, succeeded, being put back),
 * so that a cancelled job's post step reports each truthfully.
 */

interface ServiceRun {
  readonly service: string
  readonly x: Context
}

export interface ReleaseHooks {
  /** Once every service was read, rendered and validated, before the release's first write. */
  readonly beforeFirstWrite?: () => Promise<void>
}

export async function release(
  x: Context,
  file: ReleaseFile = readReleaseFile(x.s.release, x.io.files),
  hooks: ReleaseHooks = {}
): Promise<ReleaseReport> {
  if (!x.s.waitForServiceStability)
    throw new InputError(
      'wait-for-service-stability',
      'must be true for a release: each wave waits for the one before it.'
    )
  const runs = file.entries.map(entry => serviceRun(x, file, entry.service))
  x.io.post.release(file.waves.flat(), x.s.rollbackOnCancel)
  for (const run of runs) run.x.io.post.releaseStage('not-started')
  const records = new Map<string, RunRecord>()
  try {
    for (const run of runs) records.set(run.service, await runPhases(run.x, PREPARE_DEPLOY))
    await hooks.beforeFirstWrite?.()
    if (![...records.values()].some(r => r.outcome !== undefined))
      await rollWaves(file, runs, records)
    else endUnwritten(records)
    await putBackChanged(x, file, runs, records)
  } finally {
    for (const run of runs) {
      run.x.io.post.clear()
      run.x.io.post.releaseStage('')
    }
  }
  return reportOf(x, file, runs, records)
}

/** One service's context: its settings, its post state, the wave's shared beat. */
function serviceRun(x: Context, file: ReleaseFile, service: string): ServiceRun {
  const entry = file.entries.find(e => e.service === service)!
  const beat = x.s.pollIntervalSeconds * 1000
  const io = {
    ...x.io,
    post: x.io.post.forService(service),
    sleep: alignedSleep(x.io.sleep, x.io.now, beat, x.io.now())
  }
  return { service, x: { s: serviceSettings(x.s, file, entry), io } }
}

/** Nothing is written when a service ends before its first write (dry-run, skipped): none goes on. */
function endUnwritten(records: Map<string, RunRecord>): void {
  const ended = [...records.values()].find(r => r.outcome !== undefined)?.outcome ?? 'dry-run'
  for (const [service, r] of records) records.set(service, add(r, { outcome: r.outcome ?? ended }))
}

async function rollWaves(file: ReleaseFile, runs: ServiceRun[], records: Map<string, RunRecord>) {
  const outcomeOf = (service: string) => records.get(service)?.outcome
  for (const [i, wave] of file.waves.entries()) {
    await Promise.all(wave.map(service => rollService(runOf(runs, service), records)))
    const skipped = skippedAfter(file.waves, i, outcomeOf)
    for (const later of skipped)
      records.set(later, add(records.get(later)!, { outcome: 'skipped' }))
    if (skipped.length > 0) return
  }
}

/**
 * One service from its first write to its verdict; an error before the write fails it alone. Its
 * post state says where it stands: in progress, then the outcome it ended with.
 */
async function rollService(run: ServiceRun, records: Map<string, RunRecord>): Promise<void> {
  const prepared = records.get(run.service)!
  const { post } = run.x.io
  post.releaseStage('in-progress')
  let r: RunRecord
  try {
    r = await runPhases(run.x, ROLL_OUT, prepared)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    run.x.io.log.error(reason, `${run.service}: failed before its rollout`)
    const verdict = { status: 'failed', kind: 'error', reason, ecsRollingBack: false } as const
    r = add(prepared, { verdict, outcome: 'failed' })
  }
  records.set(run.service, r)
  post.releaseStage(r.outcome ?? 'unknown')
}

/** After a failure: every service that succeeded goes back, the latest wave first. */
async function putBackChanged(
  x: Context,
  file: ReleaseFile,
  runs: ServiceRun[],
  records: Map<string, RunRecord>
): Promise<void> {
  const next = afterWaves(file.waves, s => records.get(s)?.outcome, x.s.rollbackOnFailure)
  if (next.then === 'leave')
    x.io.log.info(
      'rollback-on-failure is false: the services this release changed are left as they are.'
    )
  if (next.then !== 'put-back') return
  for (const service of next.services) {
    const run = runOf(runs, service)
    run.x.io.post.releaseStage('putting-back')
    const back = await putBack(records.get(service)!, run.x)
    records.set(service, back)
    run.x.io.post.releaseStage(back.outcome ?? 'unknown')
  }
}

function reportOf(
  x: Context,
  file: ReleaseFile,
  runs: ServiceRun[],
  records: Map<string, RunRecord>
): ReleaseReport {
  const reports = runs.map(run => toReport(records.get(run.service)!, run.x))
  return {
    outcome: releaseOutcome(reports.map(r => r.outcome)),
    path: file.path,
    cluster: file.cluster ?? x.s.cluster,
    region: x.io.region,
    reports,
    startedAt: Math.min(...reports.map(r => r.startedAt)),
    finishedAt: x.io.now()
  }
}

function runOf(runs: ServiceRun[], service: string): ServiceRun {
  return runs.find(r => r.service === service)!
}
