import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import type { Job } from '@actions/workflow-parser/model/workflow-template'
import { inputEnv } from '../harness/runner.js'
import { checkout, isCheckout } from './checkout.js'
import { truthy } from '@actions/expressions/result'
import {
  asString,
  asStrings,
  condition,
  evaluate,
  evaluateToken,
  type Value
} from './expressions.js'
import { field, type LoadedWorkflow, loadAction, rawJob, WorkflowError } from './load.js'
import { type Combination, legName } from './matrix.js'
import { type Permissions, permissionsOf, RESTRICTED_DEFAULT } from './permissions.js'
import { runProcess } from './process.js'
import { isSetupNode, setupNode } from './setup-node.js'
import type { Concurrency, Conclusion, JobRecord, RunnerOptions, StepRecord } from './types.js'

/*
 * One job on a fresh runner: its own workspace, RUNNER_TEMP and HOME; steps in order under
 * `if:` (success() by default); `run:` in bash; local node actions (main, then post steps in
 * reverse order); actions/checkout from local clones; step and job outputs; GITHUB_ENV and
 * GITHUB_PATH carried to later steps; timeout-minutes enforced.
 * Longer than most files here: one job's runner state (env, masks, steps context, post steps) is
 * shared by every kind of step, and splitting it would pass that state through every call.
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

/** The github context fields the runner also sets as GITHUB_<FIELD> variables. */
const CONTEXT_VARIABLES = [
  'repository',
  'repository_owner',
  'sha',
  'ref',
  'ref_name',
  'ref_type',
  'event_name',
  'run_id',
  'run_number',
  'run_attempt',
  'actor',
  'workflow',
  'workflow_ref',
  'workflow_sha'
] as const

const contextVariables = (github: Record<string, Value>): Record<string, string> =>
  Object.fromEntries(
    CONTEXT_VARIABLES.map(key => [`GITHUB_${key.toUpperCase()}`, asString(github[key] ?? '')])
  )

export async function runJob(scope: Scope, job: Job, leg?: Leg): Promise<JobRecord> {
  const { options, workflow } = scope
  const id = job.id.value
  const raw = rawJob(workflow, id)
  const dir = mkdtempSync(join(tmpdir(), 'workflow-job-'))
  const workspace = join(dir, 'workspace')
  const runnerTemp = join(dir, 'temp')
  for (const d of [workspace, runnerTemp, join(dir, 'home'), join(dir, 'docker')]) mkdirSync(d)
  const github: Record<string, Value> = { ...scope.github, job: id, workspace }
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
  const value = (key: string, contexts: Record<string, Value> = base): Value | undefined => {
    const token = field(raw.job, key)
    return token === undefined ? undefined : evaluateToken(token, contexts)
  }
  const permissions = permissionsOf(
    value('permissions') ?? evaluateWorkflowPermissions(workflow),
    scope.allowed ?? RESTRICTED_DEFAULT
  )
  const environmentValue = job.environment ? evaluateToken(job.environment, base) : undefined
  const environment = environmentOf(environmentValue)
  const concurrency = concurrencyOf(
    job.concurrency ? evaluateToken(job.concurrency, base) : undefined
  )
  const timeoutMinutes = Number(value('timeout-minutes') ?? DEFAULT_TIMEOUT_MINUTES)
  if (!(timeoutMinutes > 0)) throw new WorkflowError(`${name}: timeout-minutes ${timeoutMinutes}`)
  const deadline = Date.now() + timeoutMinutes * 60_000
  const runsOn = value('runs-on') ?? null

  const jobContext: Record<string, Value> = { status: 'success', services: {}, container: {} }
  if (options.jobWorkflowFields !== false) {
    Object.assign(jobContext, {
      workflow_ref: scope.workflowRef,
      workflow_sha: scope.workflowSha,
      workflow_repository: scope.workflowRepository,
      workflow_file_path: workflow.file
    })
  }
  const githubToken = `ghs_${randomUUID().replace(/-/g, '')}`
  github.token = githubToken
  const masks = [githubToken, ...Object.values(scope.secrets).filter(v => v !== '')]
  const oidc =
    permissions['id-token'] === 'write'
      ? {
          ACTIONS_ID_TOKEN_REQUEST_URL: options.oidc.requestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: options.oidc.grant({
            environment: environment?.name,
            eventName: asString(scope.github.event_name ?? 'push'),
            workflowRef: asString(scope.github.workflow_ref ?? ''),
            jobWorkflowRef: scope.workflowRef,
            jobWorkflowSha: scope.workflowSha
          })
        }
      : {}
  const runnerEnv: Record<string, string> = {
    ...(options.env ?? {}),
    HOME: join(dir, 'home'),
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'local-workflow-runner',
    RUNNER_ENVIRONMENT: 'self-hosted',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(dir, 'toolcache'),
    DOCKER_CONFIG: join(dir, 'docker'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_JOB: id,
    ...contextVariables(github),
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: asString(github.api_url ?? 'https://api.github.com'),
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    ...oidc
  }
  writeFileSync(runnerEnv.GITHUB_EVENT_PATH ?? '', JSON.stringify(github.event ?? {}))
  const jobEnvContexts = { ...base, secrets: { ...scope.secrets, GITHUB_TOKEN: githubToken } }
  const workflowEnv = workflow.template.env
    ? asStrings(evaluateToken(workflow.template.env, jobEnvContexts))
    : {}
  const jobEnv = job.env ? asStrings(evaluateToken(job.env, jobEnvContexts)) : {}
  const carriedEnv: Record<string, string> = {}
  const addedPath: string[] = []
  const steps: Record<string, Value> = {}
  const records: StepRecord[] = []
  const posts: (() => Promise<void>)[] = []
  let ok = true

  const contexts = (): Record<string, Value> => ({
    ...jobEnvContexts,
    job: { ...jobContext, status: ok ? 'success' : 'failure' },
    runner: {
      os: 'Linux',
      arch: 'X64',
      name: 'local-workflow-runner',
      temp: runnerTemp,
      tool_cache: join(dir, 'toolcache')
    },
    env: { ...workflowEnv, ...jobEnv, ...carriedEnv },
    steps
  })
  const stepEnv = (extra: Record<string, string>): Record<string, string> => ({
    ...runnerEnv,
    ...workflowEnv,
    ...jobEnv,
    ...carriedEnv,
    ...extra,
    PATH: [...addedPath, ...(options.pathPrefix ?? []), process.env.PATH ?? '/usr/bin:/bin'].join(
      delimiter
    )
  })
  const timeLeft = (stepMinutes: Value | undefined): number =>
    Math.max(
      1,
      Math.min(
        deadline - Date.now(),
        stepMinutes === undefined ? Infinity : Number(stepMinutes) * 60_000
      )
    )
  const finish = (
    record: StepRecord,
    result?: { env: Record<string, string>; path: string[]; masks: string[] }
  ) => {
    if (result) {
      Object.assign(carriedEnv, result.env)
      addedPath.unshift(...result.path)
      masks.push(...result.masks)
    }
    records.push(record)
    options.reporter?.stepDone?.(name, record, masks)
  }

  for (const [index, step] of job.steps.entries()) {
    const rawStep = raw.steps[index]
    if (!('run' in step) && !('uses' in step))
      throw new WorkflowError(`${name}: step kind not modelled`)
    const c = contexts()
    const stepName = step.name
      ? asString(evaluateToken(step.name, c))
      : 'run' in step
        ? `Run ${asString(evaluateToken(step.run, c)).split('\n')[0] ?? ''}`
        : `Run ${step.uses.value}`
    const stepId = step.id
    const runIt = condition(step.if, c, { success: ok })
    const env = step.env ? asStrings(evaluateToken(step.env, c)) : {}
    const uses = 'uses' in step ? step.uses.value : undefined
    const skipped = (): StepRecord => ({
      name: stepName,
      id: stepId,
      ...(uses ? { uses } : {}),
      phase: 'main',
      conclusion: 'skipped',
      exitCode: null,
      log: '',
      outputs: {},
      summary: '',
      inputs: {},
      durationMs: 0
    })
    if (!runIt) {
      steps[stepId] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' }
      finish(skipped())
      continue
    }
    const withs =
      rawStep && field(rawStep, 'with') ? asStrings(evaluateToken(field(rawStep, 'with')!, c)) : {}
    const stepTimeout =
      rawStep && field(rawStep, 'timeout-minutes')
        ? evaluateToken(field(rawStep, 'timeout-minutes')!, c)
        : undefined
    const stepDir = join(dir, 'steps', String(records.length + 1))
    let record: StepRecord
    if ('run' in step) {
      const script = asString(evaluateToken(step.run, c))
      const shell =
        rawStep && field(rawStep, 'shell')
          ? asString(evaluateToken(field(rawStep, 'shell')!, c))
          : undefined
      if (shell !== undefined && shell !== 'bash')
        throw new WorkflowError(`${name}: shell ${shell} is not modelled`)
      const file = join(runnerTemp, `${randomUUID()}.sh`)
      writeFileSync(file, script)
      const workingDirectory =
        rawStep && field(rawStep, 'working-directory')
          ? asString(evaluateToken(field(rawStep, 'working-directory')!, c))
          : '.'
      // The runner's bash: `bash -e {0}` by default, `bash --noprofile --norc -eo pipefail {0}` when named.
      const args =
        shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail', file] : ['-e', file]
      const result = await runProcess({
        command: 'bash',
        args,
        cwd: resolve(workspace, workingDirectory),
        env: stepEnv(env),
        dir: stepDir,
        timeoutMs: timeLeft(stepTimeout)
      })
      record = stepRecord(stepName, stepId, undefined, 'main', result, {})
      finish(record, result)
    } else if (isSetupNode(uses ?? '')) {
      const log = setupNode(withs, options.node ?? process.execPath)
      record = {
        name: stepName,
        id: stepId,
        uses: uses ?? '',
        phase: 'main',
        conclusion: 'success',
        exitCode: 0,
        log,
        outputs: {},
        summary: '',
        inputs: withs,
        durationMs: 0
      }
      finish(record)
    } else if (isCheckout(uses ?? '')) {
      const log = checkout(options, github, workspace, withs)
      record = {
        name: stepName,
        id: stepId,
        uses: uses ?? '',
        phase: 'main',
        conclusion: 'success',
        exitCode: 0,
        log,
        outputs: {},
        summary: '',
        inputs: withs,
        durationMs: 0
      }
      if (withs.token) masks.push(withs.token)
      finish(record)
    } else if (uses?.startsWith('./')) {
      const action = loadAction(resolve(workspace, uses))
      const inputs: Record<string, string> = {}
      for (const input of action.template.inputs ?? []) {
        if (input.default !== undefined)
          inputs[input.id] = asString(evaluateToken(input.default, c))
      }
      const unknown = Object.keys(withs).filter(
        k => !(action.template.inputs ?? []).some(i => i.id === k)
      )
      // GitHub only warns about these; here they are a mistake in our own workflows.
      if (unknown.length > 0)
        throw new WorkflowError(`${name}: ${uses} has no input(s) ${unknown.join(', ')}`)
      Object.assign(inputs, withs)
      const actionEnv = (phase: 'main' | 'post', state: Record<string, string>) =>
        stepEnv({
          ...env,
          ...inputEnv(inputs),
          GITHUB_ACTION: stepId,
          GITHUB_ACTION_PATH: action.dir,
          GITHUB_ACTION_REPOSITORY: '',
          ...Object.fromEntries(
            Object.entries(phase === 'post' ? state : {}).map(([k, v]) => [`STATE_${k}`, v])
          )
        })
      const node = options.node ?? process.execPath
      const result = await runProcess({
        command: node,
        args: [resolve(action.dir, action.runs.main)],
        cwd: workspace,
        env: actionEnv('main', {}),
        dir: stepDir,
        timeoutMs: timeLeft(stepTimeout)
      })
      record = stepRecord(stepName, stepId, uses, 'main', result, inputs)
      finish(record, result)
      const post = action.runs.post
      if (post !== undefined) {
        posts.unshift(async () => {
          const postIf = action.runs.postIf ?? 'always()'
          if (!truthy(evaluate(postIf, contexts(), { success: ok }))) return
          const postResult = await runProcess({
            command: node,
            args: [resolve(action.dir, post)],
            cwd: workspace,
            env: actionEnv('post', result.state),
            dir: `${stepDir}-post`,
            timeoutMs: timeLeft(undefined)
          })
          const postRecord = stepRecord(
            `Post ${stepName}`,
            stepId,
            uses,
            'post',
            postResult,
            inputs
          )
          if (postRecord.conclusion === 'failure') ok = false
          finish(postRecord, postResult)
        })
      }
    } else {
      throw new WorkflowError(
        `${name}: uses: ${uses ?? ''} is not an action the local workflow runner serves`
      )
    }
    steps[stepId] = {
      outputs: record.outputs,
      outcome: record.conclusion,
      conclusion: record.conclusion
    }
    if (record.conclusion === 'failure') ok = false
  }
  for (const post of posts) await post()

  const outputs = job.outputs ? asStrings(evaluateToken(job.outputs, contexts())) : {}
  const result: Conclusion = ok ? 'success' : 'failure'
  const record: JobRecord = {
    path: scope.pathPrefix + id,
    name,
    workflow: scope.workflowRef,
    result,
    outputs,
    steps: records,
    permissions,
    ...(environment ? { environment } : {}),
    ...(concurrency ? { concurrency } : {}),
    ...(scope.workflowConcurrency ? { workflowConcurrency: scope.workflowConcurrency } : {}),
    ...(leg ? { matrix: leg.matrix } : {}),
    timeoutMinutes,
    runsOn,
    jobContext,
    masks
  }
  options.reporter?.jobDone?.(record)
  return record
}

function evaluateWorkflowPermissions(workflow: LoadedWorkflow): Value | undefined {
  const token = field(workflow.root, 'permissions')
  return token === undefined ? undefined : evaluateToken(token, {})
}

function stepRecord(
  name: string,
  id: string,
  uses: string | undefined,
  phase: 'main' | 'post',
  result: Awaited<ReturnType<typeof runProcess>>,
  inputs: Record<string, string>
): StepRecord {
  const timedOut = result.timedOut ? '\n##[error]The step has timed out (timeout-minutes).\n' : ''
  return {
    name,
    id,
    ...(uses ? { uses } : {}),
    phase,
    conclusion: result.exitCode === 0 ? 'success' : 'failure',
    exitCode: result.exitCode,
    log: result.log + timedOut,
    outputs: result.outputs,
    summary: result.summary,
    inputs,
    durationMs: result.durationMs
  }
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
