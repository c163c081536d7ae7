import type {
  ReusableWorkflowJob,
  WorkflowJob
} from '@actions/workflow-parser/model/workflow-template'
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider'
import { asString, asStrings, condition, evaluateToken, type Value } from './expressions.js'
import { pushRuns } from './filters.js'
import { headSha, readAt, repositoryDir, resolveRef } from './git.js'
import { concurrencyOf, runJob, type Scope } from './job.js'
import { field, type LoadedWorkflow, loadWorkflow, rawJob, WorkflowError } from './load.js'
import { combineOutputs, strategyOf } from './matrix.js'
import { nestedViolation, permissionsOf, RESTRICTED_DEFAULT } from './permissions.js'
import type { Concurrency, Conclusion, JobRecord, RunnerOptions, RunResult } from './types.js'

/*
 * A workflow run: the event checked against `on:`, the `github` context, GitHub's start-up check
 * of called workflows' permissions, then the jobs one at a time in `needs` order (a job runs when
 * its `if:` holds, by default when every needed job succeeded). A job with `uses:` runs the
 * called workflow's jobs with the call's inputs and secrets, and its outputs are the called
 * workflow's `on.workflow_call.outputs`.
 * Over 250 lines: the event, the call and the start-up check share the caller's contexts; a split
 * is the natural next step (event.ts, call.ts) if it grows.
 */

export async function runWorkflow(options: RunnerOptions): Promise<RunResult> {
  const dir = repositoryDir(options.repositories, options.repository)
  const ref = options.event.ref ?? 'refs/heads/main'
  const sha = options.event.sha ? resolveRef(dir, options.event.sha).sha : headSha(dir)
  const content = readAt(dir, sha, options.workflow)
  const provider = fileProvider(options, dir, sha)
  let workflow: LoadedWorkflow
  try {
    workflow = await loadWorkflow(options.workflow, content, provider)
  } catch (error) {
    if (error instanceof WorkflowError) return refused(options.workflow, error.message)
    throw error
  }
  const name = workflowName(workflow)
  const inputs = eventInputs(workflow, options)
  const [owner = ''] = options.repository.split('/')
  const workflowRef = `${options.repository}/${options.workflow}@${ref}`
  const github: Record<string, Value> = {
    event_name: options.event.name,
    event: eventPayload(options, ref, sha, inputs),
    ref,
    ref_name: ref.replace(/^refs\/(heads|tags)\//, ''),
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha,
    repository: options.repository,
    repository_owner: owner,
    run_id: options.runId ?? '7312345678',
    run_number: '42',
    run_attempt: String(options.runAttempt ?? 1),
    actor: 'megilance-dev',
    triggering_actor: 'megilance-dev',
    workflow: name,
    workflow_ref: workflowRef,
    workflow_sha: sha,
    server_url: 'https://github.com',
    api_url: options.githubApiUrl ?? 'https://api.github.com',
    head_ref: '',
    base_ref: ''
  }
  const scope: Scope = {
    options,
    workflow,
    workflowRef,
    workflowSha: sha,
    workflowRepository: options.repository,
    github,
    inputs,
    secrets: options.secrets ?? {},
    needs: {},
    prefix: '',
    pathPrefix: '',
    workflowConcurrency: workflowConcurrency(workflow, { github, inputs, vars: options.vars ?? {} })
  }
  // GitHub checks what called workflows ask for before any job starts.
  const calls = new Map<string, Called>()
  for (const job of workflow.template.jobs) {
    if (job.type !== 'reusableWorkflowJob') continue
    const called = await loadCalled(options, dir, sha, job)
    calls.set(job.id.value, called)
    const allowed = permissionsOf(jobPermissions(workflow, job.id.value), RESTRICTED_DEFAULT)
    for (const calledJob of called.workflow.template.jobs) {
      const requested = permissionsOf(
        jobPermissions(called.workflow, calledJob.id.value) ?? workflowPermissions(called.workflow),
        allowed
      )
      const violation = nestedViolation(calledJob.id.value, requested, allowed)
      if (violation) {
        const at = job.ref.range
          ? ` (Line: ${job.ref.range.start.line}, Col: ${job.ref.range.start.column})`
          : ''
        return refused(
          name,
          `The workflow is not valid. ${options.workflow}${at}: Error calling workflow '${job.ref.value}'. ${violation}`
        )
      }
    }
  }
  const { records, results, outputs } = await runJobs(scope, workflow.template.jobs, calls)
  const failed = Object.values(results).some(r => r === 'failure')
  return { name, conclusion: failed ? 'failure' : 'success', jobs: records, outputs }
}

interface Called {
  readonly workflow: LoadedWorkflow
  readonly repository: string
  readonly ref: string
  readonly sha: string
}

async function runJobs(
  scope: Scope,
  jobs: readonly WorkflowJob[],
  calls: Map<string, Called>
): Promise<{
  records: JobRecord[]
  results: Record<string, Conclusion>
  outputs: Record<string, Record<string, string>>
}> {
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
    const jobScope = { ...scope, needs }
    if (job.type === 'job' && job.strategy !== undefined) {
      // A matrix: its legs one after another; fail-fast stops the legs not yet started.
      const strategy = strategyOf(id, evaluateToken(job.strategy, contexts))
      const legs: JobRecord[] = []
      for (const [index, matrix] of strategy.combinations.entries()) {
        const leg = await runJob(jobScope, job, {
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
      records.push(...legs)
      results[id] = legs.some(l => l.result === 'failure') ? 'failure' : 'success'
      outputs[id] = combineOutputs(legs.map(l => l.outputs))
    } else if (job.type === 'job') {
      const record = await runJob(jobScope, job)
      records.push(record)
      results[id] = record.result
      outputs[id] = { ...record.outputs }
    } else {
      if (job.strategy !== undefined)
        throw new WorkflowError(`job ${id}: a matrix of reusable workflow calls is not modelled`)
      const called = calls.get(id)
      if (called === undefined) throw new WorkflowError(`no called workflow for ${id}`)
      const result = await runCall(jobScope, job, called)
      records.push(...result.records)
      results[id] = result.result
      outputs[id] = result.outputs
    }
  }
  return { records, results, outputs }
}

async function runCall(scope: Scope, job: ReusableWorkflowJob, called: Called) {
  const { workflow } = called
  const contexts = {
    github: scope.github,
    inputs: scope.inputs,
    needs: scope.needs,
    vars: scope.options.vars ?? {}
  }
  const given = job['input-values'] ? evaluateToken(job['input-values'], contexts) : {}
  const inputs = callInputs(workflow, given)
  const declared = Object.keys(workflow.template.events.workflow_call?.secrets ?? {})
  const passed = job['inherit-secrets']
    ? scope.secrets
    : job['secret-values']
      ? asStrings(evaluateToken(job['secret-values'], { ...contexts, secrets: scope.secrets }))
      : {}
  const secrets = Object.fromEntries(Object.entries(passed).filter(([k]) => declared.includes(k)))
  const callerName = asString(job.name ? evaluateToken(job.name, contexts) : job.id.value)
  const file = `${called.repository}/${workflow.file}@${called.ref}`
  const inner: Scope = {
    ...scope,
    workflow,
    workflowRef: file,
    workflowSha: called.sha,
    workflowRepository: called.repository,
    inputs,
    secrets,
    needs: {},
    allowed: permissionsOf(jobPermissions(scope.workflow, job.id.value), RESTRICTED_DEFAULT),
    prefix: `${scope.prefix}${callerName} / `,
    pathPrefix: `${scope.pathPrefix}${job.id.value}/`,
    workflowConcurrency: workflowConcurrency(workflow, {
      github: scope.github,
      inputs,
      vars: scope.options.vars ?? {}
    })
  }
  const { records, results, outputs } = await runJobs(inner, workflow.template.jobs, new Map())
  const jobsContext: Record<string, Value> = {}
  for (const [id, result] of Object.entries(results))
    jobsContext[id] = { result, outputs: outputs[id] ?? {} }
  const declaredOutputs = field(field(field(workflow.root, 'on'), 'workflow_call'), 'outputs')
  const values: Record<string, string> = {}
  if (declaredOutputs !== undefined) {
    const evaluated = evaluateToken(declaredOutputs, {
      github: scope.github,
      inputs,
      jobs: jobsContext,
      vars: scope.options.vars ?? {}
    })
    for (const [name, spec] of Object.entries(asObject(evaluated)))
      values[name] = asString(asObject(spec).value ?? '')
  }
  const failed = Object.values(results).some(r => r === 'failure')
  return { records, result: (failed ? 'failure' : 'success') as Conclusion, outputs: values }
}

/**
 * The inputs of a call: declared types, defaults, and nothing missing. (The converted template
 * keeps only descriptions of workflow_call inputs, so they are read from the token tree.)
 */
function callInputs(workflow: LoadedWorkflow, given: Value): Record<string, Value> {
  const declaredToken = field(field(field(workflow.root, 'on'), 'workflow_call'), 'inputs')
  const declared = asObject(declaredToken ? evaluateToken(declaredToken, {}) : {})
  const values = asObject(given)
  const out: Record<string, Value> = {}
  for (const [name, specValue] of Object.entries(declared)) {
    const spec = asObject(specValue)
    let value: Value | undefined = values[name] ?? spec.default
    if (value === undefined) {
      if (spec.required === true) {
        throw new WorkflowError(`Input ${name} is required, but not provided while calling.`)
      }
      value = spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : ''
    }
    if (spec.type === 'number') value = Number(value)
    else if (spec.type === 'boolean') value = value === true || value === 'true'
    else value = asString(value)
    out[name] = value
  }
  return out
}

function eventInputs(workflow: LoadedWorkflow, options: RunnerOptions): Record<string, Value> {
  const events = workflow.template.events
  if (options.event.name === 'push') {
    const push = events.push
    if (push === undefined) throw new WorkflowError(`${options.workflow} does not run on push`)
    const ref = options.event.ref ?? 'refs/heads/main'
    if (!pushRuns(options.workflow, push, ref)) {
      throw new WorkflowError(
        `${options.workflow}: a push of ${ref} does not match on.push (branches, tags)`
      )
    }
    return {}
  }
  const dispatch = events.workflow_dispatch
  if (dispatch === undefined)
    throw new WorkflowError(`${options.workflow} has no workflow_dispatch trigger`)
  const out: Record<string, Value> = {}
  for (const [name, spec] of Object.entries(dispatch.inputs ?? {})) {
    const value =
      options.event.inputs[name] ?? (spec.default === undefined ? undefined : String(spec.default))
    if (value === undefined && spec.required) throw new WorkflowError(`Input ${name} is required`)
    if (spec.type === 'choice' && value !== undefined && !(spec.options ?? []).includes(value)) {
      throw new WorkflowError(
        `Input ${name}: ${value} is not one of ${(spec.options ?? []).join(', ')}`
      )
    }
    out[name] = spec.type === 'boolean' ? value === 'true' : (value ?? '')
  }
  const unknown = Object.keys(options.event.inputs).filter(k => !(k in out))
  if (unknown.length > 0)
    throw new WorkflowError(`Unexpected inputs provided: ${unknown.join(', ')}`)
  return out
}

function eventPayload(
  options: RunnerOptions,
  ref: string,
  sha: string,
  inputs: Record<string, Value>
): Value {
  const [owner = '', repo = ''] = options.repository.split('/')
  const repository = {
    full_name: options.repository,
    name: repo,
    owner: { login: owner },
    default_branch: 'main'
  }
  const sender = { login: 'megilance-dev' }
  if (options.event.name === 'workflow_dispatch') {
    const strings = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, asString(v)]))
    return { inputs: strings, ref, repository, sender, workflow: options.workflow }
  }
  return {
    ref,
    after: sha,
    repository,
    sender,
    pusher: { name: 'megilance-dev' },
    head_commit: { id: sha, message: 'Deploy' }
  }
}

async function loadCalled(
  options: RunnerOptions,
  dir: string,
  sha: string,
  job: ReusableWorkflowJob
): Promise<Called> {
  const uses = job.ref.value
  if (uses.startsWith('./')) {
    const path = uses.slice(2)
    return {
      workflow: await loadWorkflow(path, readAt(dir, sha, path)),
      repository: options.repository,
      ref: asString(options.event.ref ?? 'refs/heads/main'),
      sha
    }
  }
  const match = /^([\w.-]+\/[\w.-]+)\/(\.github\/workflows\/[\w.-]+\.ya?ml)@(.+)$/.exec(uses)
  if (match === null) throw new WorkflowError(`uses: ${uses} is not a reusable workflow reference`)
  const [, repository = '', path = '', version = ''] = match
  const calledDir = repositoryDir(options.repositories, repository)
  const resolved = resolveRef(calledDir, version)
  const workflow = await loadWorkflow(path, readAt(calledDir, resolved.sha, path))
  return { workflow, repository, ref: resolved.ref, sha: resolved.sha }
}

function fileProvider(options: RunnerOptions, dir: string, sha: string): FileProvider {
  return {
    getFileContent(ref) {
      try {
        if (!('repository' in ref))
          return Promise.resolve({
            name: ref.path,
            content: readAt(dir, sha, ref.path.replace(/^\.\//, ''))
          })
        const calledDir = repositoryDir(options.repositories, `${ref.owner}/${ref.repository}`)
        const content = readAt(calledDir, resolveRef(calledDir, ref.version).sha, ref.path)
        return Promise.resolve({ name: ref.path, content })
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)))
      }
    }
  }
}

function jobPermissions(workflow: LoadedWorkflow, id: string): Value | undefined {
  const token = field(rawJob(workflow, id).job, 'permissions')
  return token === undefined ? workflowPermissions(workflow) : evaluateToken(token, {})
}

function workflowPermissions(workflow: LoadedWorkflow): Value | undefined {
  const token = field(workflow.root, 'permissions')
  return token === undefined ? undefined : evaluateToken(token, {})
}

/** The workflow's own `concurrency:` (contexts github, inputs and vars), if it has one. */
function workflowConcurrency(
  workflow: LoadedWorkflow,
  contexts: Record<string, Value>
): Concurrency | undefined {
  const token = field(workflow.root, 'concurrency')
  return token === undefined ? undefined : concurrencyOf(evaluateToken(token, contexts))
}

function workflowName(workflow: LoadedWorkflow): string {
  const token = field(workflow.root, 'name')
  return token === undefined ? workflow.file : asString(evaluateToken(token, {}))
}

function refused(name: string, error: string): RunResult {
  return { name, conclusion: 'failure', jobs: [], error, outputs: {} }
}

function asObject(value: Value | undefined): Record<string, Value> {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? value
    : {}
}
