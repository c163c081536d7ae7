import { asString, type Value } from './expressions.js'
import { pushRuns } from './filters.js'
import { type LoadedWorkflow, WorkflowError } from './load.js'
import type { RunnerOptions } from './types.js'

/*
 * The event a run is for: checked against the workflow's `on:` (push filters, workflow_dispatch
 * inputs), its payload, and the `github` context every job starts from.
 */

/** The run's `github` context. */
export function githubContext(
  options: RunnerOptions,
  workflowName: string,
  ref: string,
  sha: string,
  inputs: Record<string, Value>
): Record<string, Value> {
  const [owner = ''] = options.repository.split('/')
  return {
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
    workflow: workflowName,
    workflow_ref: `${options.repository}/${options.workflow}@${ref}`,
    workflow_sha: sha,
    server_url: 'https://github.com',
    api_url: options.githubApiUrl ?? 'https://api.github.com',
    head_ref: '',
    base_ref: ''
  }
}

/** The run's `inputs`: none for a push (which must match `on.push`), the dispatch's checked against `on.workflow_dispatch.inputs`. */
export function eventInputs(
  workflow: LoadedWorkflow,
  options: RunnerOptions
): Record<string, Value> {
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
