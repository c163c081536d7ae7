import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate
} from '@actions/workflow-parser'
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import {
  type ActionRunsNode,
  type ActionTemplate,
  convertActionTemplate,
  parseAction
} from '@actions/workflow-parser/actions/index'
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider'

/*
 * Workflow and action files through GitHub's parser: its errors stop the run, as GitHub refuses an
 * invalid workflow before any job starts. The converted template (jobs, needs, if, steps) is what
 * the runner follows; the keys it leaves out (permissions, timeout-minutes, a step's with:,
 * shell:, working-directory:) are read from the parser's own token tree. Any key the runner does
 * not model makes the run fail here, loudly.
 */

export interface LoadedWorkflow {
  /** Path in its repository, as GitHub names it in errors. */
  readonly file: string
  readonly template: WorkflowTemplate
  /** The parser's token tree of the whole file. */
  readonly root: MappingToken
}

const WORKFLOW_KEYS = ['name', 'run-name', 'on', 'permissions', 'env', 'concurrency', 'jobs']
const JOB_KEYS = [
  'name',
  'needs',
  'if',
  'runs-on',
  'permissions',
  'environment',
  'concurrency',
  'outputs',
  'env',
  'steps',
  'timeout-minutes',
  'strategy',
  'uses',
  'with',
  'secrets'
]
const STEP_KEYS = [
  'id',
  'name',
  'if',
  'uses',
  'run',
  'with',
  'env',
  'shell',
  'working-directory',
  'timeout-minutes'
]

export class WorkflowError extends Error {}

/** Parses and converts one workflow; throws the parser's errors, or on a key not modelled. */
export async function loadWorkflow(
  file: string,
  content: string,
  provider?: FileProvider
): Promise<LoadedWorkflow> {
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map(e => e.message)
  if (parsed.value === undefined || !isMapping(parsed.value) || errors.length > 0) {
    throw new WorkflowError(`The workflow is not valid. ${errors.join(' ') || file}`)
  }
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, provider, {
    fetchReusableWorkflowDepth: provider ? 1 : 0
  })
  const converted = (template.errors ?? []).map(e => e.Message)
  if (converted.length > 0) {
    throw new WorkflowError(`The workflow is not valid. ${[...new Set(converted)].join(' ')}`)
  }
  const root = parsed.value
  unmodelled(file, root, WORKFLOW_KEYS, 'the workflow')
  const jobs = field(root, 'jobs')
  if (jobs && isMapping(jobs)) {
    for (const job of jobs) {
      const id = String(job.key)
      if (!isMapping(job.value)) continue
      unmodelled(file, job.value, JOB_KEYS, `job ${id}`)
      const steps = field(job.value, 'steps')
      if (steps && isSequence(steps)) {
        for (const [index, step] of [...steps].entries()) {
          if (isMapping(step)) unmodelled(file, step, STEP_KEYS, `job ${id} step ${index + 1}`)
        }
      }
    }
  }
  return { file, template, root }
}

function unmodelled(file: string, token: MappingToken, known: string[], where: string): void {
  for (const pair of token) {
    const key = String(pair.key)
    if (!known.includes(key)) {
      throw new WorkflowError(
        `${file}: ${where} uses "${key}", which the local workflow runner does not model.`
      )
    }
  }
}

/** The value of one key of a mapping token. */
export function field(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (token === undefined || !isMapping(token)) return undefined
  return token.find(key)
}

/** The raw token of job `id` and of its steps, in order. */
export function rawJob(
  workflow: LoadedWorkflow,
  id: string
): { job: MappingToken; steps: MappingToken[] } {
  const job = field(field(workflow.root, 'jobs'), id)
  if (job === undefined || !isMapping(job)) throw new WorkflowError(`no job ${id}`)
  const steps = field(job, 'steps')
  return {
    job,
    steps: steps && isSequence(steps) ? [...steps].filter(isMapping) : []
  }
}

export interface LoadedAction {
  readonly dir: string
  readonly template: ActionTemplate
  readonly runs: ActionRunsNode
}

/** A local action (action.yml in `dir`), through the parser's action schema. Node actions only. */
export function loadAction(dir: string): LoadedAction {
  const path = ['action.yml', 'action.yaml'].map(n => join(dir, n)).find(p => existsSync(p))
  if (path === undefined) {
    throw new WorkflowError(`Can't find 'action.yml' or 'action.yaml' under '${dir}'.`)
  }
  const parsed = parseAction(
    { name: path, content: readFileSync(path, 'utf8') },
    new NoOperationTraceWriter()
  )
  if (parsed.value === undefined) throw new WorkflowError(`${path} is not a valid action`)
  const template = convertActionTemplate(parsed.context, parsed.value)
  const errors = parsed.context.errors.getErrors().map(e => e.message)
  if (errors.length > 0) throw new WorkflowError(`${path}: ${errors.join(' ')}`)
  const runs = template.runs
  if (runs.using !== 'node20' && runs.using !== 'node24') {
    throw new WorkflowError(
      `${path}: runs.using ${runs.using} is not modelled by the local workflow runner.`
    )
  }
  return { dir, template, runs }
}
