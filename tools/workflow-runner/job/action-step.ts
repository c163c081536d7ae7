import { resolve } from 'node:path'
import { truthy } from '@actions/expressions/result'
import { inputEnv } from '../../harness/step-contract.js'
import { asString, evaluate, evaluateToken } from '../expressions.js'
import { type LoadedAction, loadAction, WorkflowError } from '../load.js'
import type { StepRecord } from '../types.js'
import type { JobRun } from './job-run.js'
import { runProcess } from './process.js'
import { processRecord, type StepCall } from './step-record.js'

/*
 * A local node action (`uses: ./path`): its inputs with their defaults as INPUT_*, its main now,
 * and its `post` (under `post-if`, with the STATE_* its main saved) queued for the end of the job,
 * the last registered first.
 */

export async function runLocalAction(
  run: JobRun,
  call: StepCall,
  uses: string
): Promise<StepRecord> {
  const { workspace } = run.frame.dirs
  const action = loadAction(resolve(workspace, uses))
  const inputs = actionInputs(run.frame.name, uses, action, call)
  const env = (state: Record<string, string>) =>
    run.stepEnv({
      ...call.env,
      ...inputEnv(inputs),
      GITHUB_ACTION: call.id,
      GITHUB_ACTION_PATH: action.dir,
      GITHUB_ACTION_REPOSITORY: '',
      ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]))
    })
  const node = run.frame.options.node ?? process.execPath
  const result = await runProcess({
    command: node,
    args: [resolve(action.dir, action.runs.main)],
    cwd: workspace,
    env: env({}),
    dir: call.dir,
    timeoutMs: run.timeLeft(call.timeout)
  })
  const record = processRecord({ ...call, uses }, 'main', result, inputs)
  run.finish(record, result)
  const post = action.runs.post
  if (post === undefined) return record
  run.posts.unshift(async () => {
    const postIf = action.runs.postIf ?? 'always()'
    if (!truthy(evaluate(postIf, run.contexts(), { success: run.ok }))) return
    const postResult = await runProcess({
      command: node,
      args: [resolve(action.dir, post)],
      cwd: workspace,
      env: env(result.state),
      dir: `${call.dir}-post`,
      timeoutMs: run.timeLeft(undefined)
    })
    const name = { name: `Post ${call.name}`, id: call.id, uses }
    const postRecord = processRecord(name, 'post', postResult, inputs)
    if (postRecord.conclusion === 'failure') run.ok = false
    run.finish(postRecord, postResult)
  })
  return record
}

/** The action's inputs: its defaults, then the step's `with:`, which may name only declared ones. */
function actionInputs(
  job: string,
  uses: string,
  action: LoadedAction,
  call: StepCall
): Record<string, string> {
  const declared = action.template.inputs ?? []
  const inputs: Record<string, string> = {}
  for (const input of declared) {
    if (input.default !== undefined)
      inputs[input.id] = asString(evaluateToken(input.default, call.contexts))
  }
  const unknown = Object.keys(call.withs).filter(k => !declared.some(i => i.id === k))
  // GitHub only warns about these; here they are a mistake in our own workflows.
  if (unknown.length > 0)
    throw new WorkflowError(`${job}: ${uses} has no input(s) ${unknown.join(', ')}`)
  return { ...inputs, ...call.withs }
}
