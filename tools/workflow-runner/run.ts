import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider'
import { callViolation, type Called, loadCalled } from './call.js'
import { eventInputs, githubContext } from './event.js'
import { asString, evaluateToken } from './expressions.js'
import { headSha, readAt, repositoryDir, resolveRef } from './git.js'
import { type Scope, workflowConcurrency } from './job/run-job.js'
import { runJobs } from './jobs.js'
import { field, type LoadedWorkflow, loadWorkflow, WorkflowError } from './load.js'
import type { RunnerOptions, RunResult } from './types.js'

/*
 * A workflow run: the event checked against `on:` and the `github` context (event.ts), GitHub's
 * start-up check of called workflows' permissions (call.ts), then the jobs in `needs` order
 * (jobs.ts).
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
  const github = githubContext(options, name, ref, sha, inputs)
  const scope: Scope = {
    options,
    workflow,
    workflowRef: `${options.repository}/${options.workflow}@${ref}`,
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
    const violation = callViolation(options, workflow, job, called)
    if (violation !== undefined) return refused(name, violation)
  }
  const { records, results, outputs } = await runJobs(scope, workflow.template.jobs, calls)
  const failed = Object.values(results).some(r => r === 'failure')
  return { name, conclusion: failed ? 'failure' : 'success', jobs: records, outputs }
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

function workflowName(workflow: LoadedWorkflow): string {
  const token = field(workflow.root, 'name')
  return token === undefined ? workflow.file : asString(evaluateToken(token, {}))
}

function refused(name: string, error: string): RunResult {
  return { name, conclusion: 'failure', jobs: [], error, outputs: {} }
}
