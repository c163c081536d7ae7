import type {
  Job,
  ReusableWorkflowJob,
  WorkflowJob
} from '@actions/workflow-parser/model/workflow-template'
import { condition, evaluateToken, type Value } from './expressions.js'
import { type Called, callOutputs, callScope } from './call.js'
import { runJob, type Scope } from './job/run-job.js'
import { WorkflowError } from './load.js'
import { combineOutputs, type Strategy, strategyOf } from './matrix.js'
import type { Conclusion, JobRecord } from './types.js'

/*
 * A workflow's jobs one at a time in `needs` order: a job runs when its `if:` holds, by default
 * when every needed job succeeded; a matrix job runs its legs; a job with `uses:` runs the called
 * workflow's jobs, and its outputs are the called workflow's `on.workflow_call.outputs`.
 */

export interface JobsResult {
  readonly records: JobRecord[]
  readonly results: Record<string, Conclusion>
  readonly outputs: Record<string, Record<string, string>>
}

/** The records, conclusion and outputs of one job of the workflow (a matrix's legs, a call's jobs). */
interface Ran {
  readonly records: JobRecord[]
  readonly result: Conclusion
  readonly outputs: Record<string, string>
}

export async function runJobs(
  scope: Scope,
  jobs: readonly WorkflowJob[],
  calls: Map<string, Called>
): Promise<JobsResult> {
  const records: JobRecord[] = []
  const results: Record<string, Conclusion> = {}
  const outputs: Record<string, Record<string, string>> = {}
  const pending = [...jobs]
  while (pending.length > 0) {
    const index = pending.findIndex(j => (j.needs ?? []).every(n => n.value in results))
    if (index < 0) throw new WorkflowError('needs: a cycle, or a job that does not exist')
    const [job] = pending.splice(index, 1)
    if (job === undefined) break
    const id = job.id.value
    const needs: Record<string, Value> = {}
    for (const n of job.needs ?? []) {
      needs[n.value] = { result: results[n.value] ?? 'skipped', outputs: outputs[n.value] ?? {} }
    }
    const contexts = {
      github: scope.github,
      inputs: scope.inputs,
      needs,
      vars: scope.options.vars ?? {}
    }
    const needsOk = (job.needs ?? []).every(n => results[n.value] === 'success')
    if (!condition(job.if, contexts, { success: needsOk })) {
      results[id] = 'skipped'
      outputs[id] = {}
      continue
    }
    const ran = await runOne({ ...scope, needs }, job, contexts, calls)
    records.push(...ran.records)
    results[id] = ran.result
    outputs[id] = ran.outputs
  }
  return { records, results, outputs }
}

async function runOne(
  scope: Scope,
  job: WorkflowJob,
  contexts: Record<string, Value>,
  calls: Map<string, Called>
): Promise<Ran> {
  const id = job.id.value
  if (job.type === 'job' && job.strategy !== undefined) {
    const strategy = strategyOf(id, evaluateToken(job.strategy, contexts))
    return runMatrix(scope, job, strategy)
  }
  if (job.type === 'job') {
    const record = await runJob(scope, job)
    return { records: [record], result: record.result, outputs: { ...record.outputs } }
  }
  if (job.strategy !== undefined)
    throw new WorkflowError(`job ${id}: a matrix of reusable workflow calls is not modelled`)
  const called = calls.get(id)
  if (called === undefined) throw new WorkflowError(`no called workflow for ${id}`)
  return runCall(scope, job, called)
}

/** A matrix: its legs one after another; fail-fast stops the legs not yet started. */
async function runMatrix(scope: Scope, job: Job, strategy: Strategy): Promise<Ran> {
  const legs: JobRecord[] = []
  for (const [index, matrix] of strategy.combinations.entries()) {
    const leg = await runJob(scope, job, {
      matrix,
      strategy: {
        'fail-fast': strategy.failFast,
        'job-index': index,
        'job-total': strategy.combinations.length,
        'max-parallel': strategy.maxParallel ?? strategy.combinations.length
      }
    })
    legs.push(leg)
    if (leg.result === 'failure' && strategy.failFast) break
  }
  return {
    records: legs,
    result: legs.some(l => l.result === 'failure') ? 'failure' : 'success',
    outputs: combineOutputs(legs.map(l => l.outputs))
  }
}

async function runCall(scope: Scope, job: ReusableWorkflowJob, called: Called): Promise<Ran> {
  const inner = callScope(scope, job, called)
  const { records, results, outputs } = await runJobs(
    inner,
    called.workflow.template.jobs,
    new Map()
  )
  const failed = Object.values(results).some(r => r === 'failure')
  return {
    records,
    result: failed ? 'failure' : 'success',
    outputs: callOutputs(inner, results, outputs)
  }
}
