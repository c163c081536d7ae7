import type { ReusableWorkflowJob } from '@actions/workflow-parser/model/workflow-template'
import { asString, asStrings, evaluateToken, type Value } from './expressions.js'
import { readAt, repositoryDir, resolveRef } from './git.js'
import { type Scope, workflowConcurrency } from './job/run-job.js'
import { field, type LoadedWorkflow, loadWorkflow, rawJob, WorkflowError } from './load.js'
import { nestedViolation, permissionsOf, RESTRICTED_DEFAULT } from './permissions.js'
import type { Conclusion, RunnerOptions } from './types.js'

/*
 * Reusable workflows: the called file (`./...` in the same commit, or `owner/repo/...@ref`),
 * GitHub's start-up check of what its jobs ask for, the scope its jobs run in (the call's inputs
 * and declared secrets, "caller / called" names) and the outputs of the call.
 */

export interface Called {
  readonly workflow: LoadedWorkflow
  readonly repository: string
  readonly ref: string
  readonly sha: string
}

export async function loadCalled(
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

/**
 * GitHub's start-up check of one call: a called job asking for more than the calling job grants
 * refuses the run, in GitHub's words. Undefined when the call asks for nothing more.
 */
export function callViolation(
  options: RunnerOptions,
  workflow: LoadedWorkflow,
  job: ReusableWorkflowJob,
  called: Called
): string | undefined {
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
      return `The workflow is not valid. ${options.workflow}${at}: Error calling workflow '${job.ref.value}'. ${violation}`
    }
  }
  return undefined
}

/** Where the called workflow's jobs run: the call's inputs, its declared secrets, its names. */
export function callScope(scope: Scope, job: ReusableWorkflowJob, called: Called): Scope {
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
  return {
    ...scope,
    workflow,
    workflowRef: `${called.repository}/${workflow.file}@${called.ref}`,
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
}

/** The outputs of a call: `on.workflow_call.outputs` of the called workflow, given its jobs'. */
export function callOutputs(
  inner: Scope,
  results: Record<string, Conclusion>,
  outputs: Record<string, Record<string, string>>
): Record<string, string> {
  const jobsContext: Record<string, Value> = {}
  for (const [id, result] of Object.entries(results))
    jobsContext[id] = { result, outputs: outputs[id] ?? {} }
  const declaredOutputs = field(field(field(inner.workflow.root, 'on'), 'workflow_call'), 'outputs')
  const values: Record<string, string> = {}
  if (declaredOutputs !== undefined) {
    const evaluated = evaluateToken(declaredOutputs, {
      github: inner.github,
      inputs: inner.inputs,
      jobs: jobsContext,
      vars: inner.options.vars ?? {}
    })
    for (const [name, spec] of Object.entries(asObject(evaluated)))
      values[name] = asString(asObject(spec).value ?? '')
  }
  return values
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

function jobPermissions(workflow: LoadedWorkflow, id: string): Value | undefined {
  const token = field(rawJob(workflow, id).job, 'permissions')
  return token === undefined ? workflowPermissions(workflow) : evaluateToken(token, {})
}

function workflowPermissions(workflow: LoadedWorkflow): Value | undefined {
  const token = field(workflow.root, 'permissions')
  return token === undefined ? undefined : evaluateToken(token, {})
}

function asObject(value: Value | undefined): Record<string, Value> {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? value
    : {}
}
