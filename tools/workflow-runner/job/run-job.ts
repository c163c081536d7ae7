import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import type { Job } from '@actions/workflow-parser/model/workflow-template'
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index'
import { asString, asStrings, evaluateToken, type Value } from '../expressions.js'
import { field, type LoadedWorkflow, rawJob, WorkflowError } from '../load.js'
import { type Combination, legName } from '../matrix.js'
import { type Permissions, permissionsOf, RESTRICTED_DEFAULT } from '../permissions.js'
import type { Concurrency, JobRecord, RunnerOptions } from '../types.js'
import { JobRun } from './job-run.js'
import { freshRunnerDirs, runnerEnv } from './runner-env.js'
import { runStep } from './steps.js'

/*
 * One job on a fresh runner: its own workspace, RUNNER_TEMP and HOME; steps in order under
 * `if:` (steps.ts); post steps in reverse order at the end; step and job outputs; GITHUB_ENV and
 * GITHUB_PATH carried to later steps (job-run.ts); timeout-minutes enforced.
 */

/** Where a job runs: its workflow, the caller's contexts, and what a called workflow inherits. */
export interface Scope {
  readonly options: RunnerOptions
  readonly workflow: LoadedWorkflow
  /** "owner/repo/.github/workflows/x.yml@refs/tags/v1" */
  readonly workflowRef: string
  readonly workflowSha: string
  readonly workflowRepository: string
  readonly github: Readonly<Record<string, Value>>
  readonly inputs: Readonly<Record<string, Value>>
  readonly secrets: Readonly<Record<string, string>>
  readonly needs: Readonly<Record<string, Value>>
  /** The calling job's permissions, for a called workflow. */
  readonly allowed?: Permissions
  /** "backend / " for the jobs of a called workflow. */
  readonly prefix: string
  readonly pathPrefix: string
  /** The `concurrency:` of the workflow file, evaluated. */
  readonly workflowConcurrency?: Concurrency | undefined
}

/** One leg of a matrix job: its combination and the `strategy` context. */
export interface Leg {
  readonly matrix: Combination
  readonly strategy: Readonly<Record<string, Value>>
}

const DEFAULT_TIMEOUT_MINUTES = 360

/** What the job's own keys say, evaluated before its steps run. */
interface JobSettings {
  readonly permissions: Permissions
  readonly environment: { name: string; url: string } | undefined
  readonly concurrency: Concurrency | undefined
  readonly timeoutMinutes: number
  readonly runsOn: Value
}

export async function runJob(scope: Scope, job: Job, leg?: Leg): Promise<JobRecord> {
  const { options, workflow } = scope
  const id = job.id.value
  const raw = rawJob(workflow, id)
  const dirs = freshRunnerDirs()
  const github: Record<string, Value> = { ...scope.github, job: id, workspace: dirs.workspace }
  const base: Record<string, Value> = {
    github,
    inputs: scope.inputs,
    needs: scope.needs,
    vars: options.vars ?? {},
    strategy: leg ? { ...leg.strategy } : {},
    matrix: leg ? { ...leg.matrix } : null
  }
  const name =
    scope.prefix +
    (job.name ? asString(evaluateToken(job.name, base)) : leg ? legName(id, leg.matrix) : id)
  options.reporter?.jobStarted?.(name, scope.pathPrefix + id)
  const settings = jobSettings(scope, job, raw.job, base, name)
  const jobContext = jobContextOf(scope)
  const githubToken = `ghs_${randomUUID().replace(/-/g, '')}`
  github.token = githubToken
  const masks = [githubToken, ...Object.values(scope.secrets).filter(v => v !== '')]
  const env = runnerEnv(options, dirs, github, oidcEnv(scope, settings))
  writeFileSync(dirs.eventPath, JSON.stringify(github.event ?? {}))
  const envContexts = { ...base, secrets: { ...scope.secrets, GITHUB_TOKEN: githubToken } }
  const frame = {
    options,
    name,
    dirs,
    github,
    runnerEnv: env,
    workflowEnv: workflow.template.env
      ? asStrings(evaluateToken(workflow.template.env, envContexts))
      : {},
    jobEnv: job.env ? asStrings(evaluateToken(job.env, envContexts)) : {},
    envContexts,
    jobContext,
    deadline: Date.now() + settings.timeoutMinutes * 60_000
  }
  const run = new JobRun(frame, masks)
  for (const [index, step] of job.steps.entries()) await runStep(run, step, raw.steps[index])
  await run.runPosts()
  const outputs = job.outputs ? asStrings(evaluateToken(job.outputs, run.contexts())) : {}
  const record = jobRecord(scope, id, leg, run, settings, outputs)
  options.reporter?.jobDone?.(record)
  return record
}

function jobSettings(
  scope: Scope,
  job: Job,
  token: MappingToken,
  base: Record<string, Value>,
  name: string
): JobSettings {
  const value = (key: string): Value | undefined => {
    const found = field(token, key)
    return found === undefined ? undefined : evaluateToken(found, base)
  }
  const permissions = permissionsOf(
    value('permissions') ?? evaluateWorkflowPermissions(scope.workflow),
    scope.allowed ?? RESTRICTED_DEFAULT
  )
  const environment = environmentOf(
    job.environment ? evaluateToken(job.environment, base) : undefined
  )
  const concurrency = concurrencyOf(
    job.concurrency ? evaluateToken(job.concurrency, base) : undefined
  )
  const timeoutMinutes = Number(value('timeout-minutes') ?? DEFAULT_TIMEOUT_MINUTES)
  if (!(timeoutMinutes > 0)) throw new WorkflowError(`${name}: timeout-minutes ${timeoutMinutes}`)
  return { permissions, environment, concurrency, timeoutMinutes, runsOn: value('runs-on') ?? null }
}

/** The `job` context: newer runners add where the job's workflow file comes from. */
function jobContextOf(scope: Scope): Record<string, Value> {
  const jobContext: Record<string, Value> = { status: 'success', services: {}, container: {} }
  if (scope.options.jobWorkflowFields === false) return jobContext
  return {
    ...jobContext,
    workflow_ref: scope.workflowRef,
    workflow_sha: scope.workflowSha,
    workflow_repository: scope.workflowRepository,
    workflow_file_path: scope.workflow.file
  }
}

/** With `id-token: write`, the pair a step asks the OIDC issuer for a token with. */
function oidcEnv(scope: Scope, settings: JobSettings): Record<string, string> {
  if (settings.permissions['id-token'] !== 'write') return {}
  const { oidc } = scope.options
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.grant({
      environment: settings.environment?.name,
      eventName: asString(scope.github.event_name ?? 'push'),
      workflowRef: asString(scope.github.workflow_ref ?? ''),
      jobWorkflowRef: scope.workflowRef,
      jobWorkflowSha: scope.workflowSha
    })
  }
}

function jobRecord(
  scope: Scope,
  id: string,
  leg: Leg | undefined,
  run: JobRun,
  settings: JobSettings,
  outputs: Record<string, string>
): JobRecord {
  const { environment, concurrency } = settings
  return {
    path: scope.pathPrefix + id,
    name: run.frame.name,
    workflow: scope.workflowRef,
    result: run.ok ? 'success' : 'failure',
    outputs,
    steps: run.records,
    permissions: settings.permissions,
    ...(environment ? { environment } : {}),
    ...(concurrency ? { concurrency } : {}),
    ...(scope.workflowConcurrency ? { workflowConcurrency: scope.workflowConcurrency } : {}),
    ...(leg ? { matrix: leg.matrix } : {}),
    timeoutMinutes: settings.timeoutMinutes,
    runsOn: settings.runsOn,
    jobContext: run.frame.jobContext,
    masks: run.masks
  }
}

function evaluateWorkflowPermissions(workflow: LoadedWorkflow): Value | undefined {
  const token = field(workflow.root, 'permissions')
  return token === undefined ? undefined : evaluateToken(token, {})
}

/** `environment:` as a name or { name, url }; an empty name means no environment. */
function environmentOf(value: Value | undefined): { name: string; url: string } | undefined {
  if (value === undefined || value === null) return undefined
  const mapping = typeof value === 'object' && !Array.isArray(value) ? value : { name: value }
  const name = asString(mapping.name ?? '')
  return name === '' ? undefined : { name, url: asString(mapping.url ?? '') }
}

export function concurrencyOf(value: Value | undefined): Concurrency | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return { group: value, cancelInProgress: false, queue: 'single' }
  if (typeof value !== 'object' || Array.isArray(value))
    throw new WorkflowError('concurrency not modelled')
  return {
    group: asString(value.group ?? ''),
    cancelInProgress: value['cancel-in-progress'] === true,
    queue: asString(value.queue ?? 'single')
  }
}

/** The workflow's own `concurrency:` (contexts github, inputs and vars), if it has one. */
export function workflowConcurrency(
  workflow: LoadedWorkflow,
  contexts: Record<string, Value>
): Concurrency | undefined {
  const token = field(workflow.root, 'concurrency')
  return token === undefined ? undefined : concurrencyOf(evaluateToken(token, contexts))
}
