import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { RunStep, Step } from '@actions/workflow-parser/model/workflow-template'
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index'
import { asString, asStrings, condition, evaluateToken, type Value } from '../expressions.js'
import { field, WorkflowError } from '../load.js'
import type { StepRecord } from '../types.js'
import { runLocalAction } from './action-step.js'
import { checkout, isCheckout } from './checkout.js'
import type { JobRun } from './job-run.js'
import { runProcess } from './process.js'
import { isSetupNode, setupNode } from './setup-node.js'
import { processRecord, servedRecord, skippedRecord, type StepCall } from './step-record.js'

/*
 * One step of a job, under its `if:` (success() by default): `run:` in bash, actions/setup-node
 * and actions/checkout served here, local node actions (action-step.ts). Anything else is a
 * mistake the runner names rather than a step it runs wrong.
 */

/** A key of the step's token, evaluated; undefined when the step has no such key. */
function rawValue(call: Pick<StepCall, 'raw' | 'contexts'>, key: string): Value | undefined {
  const token = call.raw ? field(call.raw, key) : undefined
  return token === undefined ? undefined : evaluateToken(token, call.contexts)
}

export async function runStep(run: JobRun, step: Step, raw: MappingToken | undefined) {
  if (!('run' in step) && !('uses' in step))
    throw new WorkflowError(`${run.frame.name}: step kind not modelled`)
  const contexts = run.contexts()
  const name = step.name
    ? asString(evaluateToken(step.name, contexts))
    : 'run' in step
      ? `Run ${asString(evaluateToken(step.run, contexts)).split('\n')[0] ?? ''}`
      : `Run ${step.uses.value}`
  const runIt = condition(step.if, contexts, { success: run.ok })
  const env = step.env ? asStrings(evaluateToken(step.env, contexts)) : {}
  const uses = 'uses' in step ? step.uses.value : undefined
  if (!runIt) {
    const record = skippedRecord({ name, id: step.id, uses })
    run.conclude(step.id, record)
    run.finish(record)
    return
  }
  const withs = rawValue({ raw, contexts }, 'with')
  const call: StepCall = {
    name,
    id: step.id,
    uses,
    contexts,
    env,
    withs: withs === undefined ? {} : asStrings(withs),
    timeout: rawValue({ raw, contexts }, 'timeout-minutes'),
    dir: join(run.frame.dirs.dir, 'steps', String(run.records.length + 1)),
    raw
  }
  const record =
    'run' in step ? await runScript(run, call, step.run) : await runUses(run, call, uses ?? '')
  run.conclude(step.id, record)
}

/** A `run:` step: its script in bash, in the workspace or its working-directory. */
async function runScript(run: JobRun, call: StepCall, script: RunStep['run']): Promise<StepRecord> {
  const text = asString(evaluateToken(script, call.contexts))
  const shellValue = rawValue(call, 'shell')
  const shell = shellValue === undefined ? undefined : asString(shellValue)
  if (shell !== undefined && shell !== 'bash')
    throw new WorkflowError(`${run.frame.name}: shell ${shell} is not modelled`)
  const file = join(run.frame.dirs.temp, `${randomUUID()}.sh`)
  writeFileSync(file, text)
  const workingDirectory = asString(rawValue(call, 'working-directory') ?? '.')
  // The runner's bash: `bash -e {0}` by default, `bash --noprofile --norc -eo pipefail {0}` when named.
  const args = shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail', file] : ['-e', file]
  const result = await runProcess({
    command: 'bash',
    args,
    cwd: resolve(run.frame.dirs.workspace, workingDirectory),
    env: run.stepEnv(call.env),
    dir: call.dir,
    timeoutMs: run.timeLeft(call.timeout)
  })
  const record = processRecord({ name: call.name, id: call.id }, 'main', result, {})
  run.finish(record, result)
  return record
}

/** A `uses:` step: the actions served here, or a local action. */
async function runUses(run: JobRun, call: StepCall, uses: string): Promise<StepRecord> {
  const { options, github, dirs } = run.frame
  if (isSetupNode(uses)) {
    const log = setupNode(call.withs, options.node ?? process.execPath)
    const record = servedRecord({ ...call, uses }, log, call.withs)
    run.finish(record)
    return record
  }
  if (isCheckout(uses)) {
    const log = checkout(options, github, dirs.workspace, call.withs)
    const record = servedRecord({ ...call, uses }, log, call.withs)
    if (call.withs.token) run.masks.push(call.withs.token)
    run.finish(record)
    return record
  }
  if (uses.startsWith('./')) return runLocalAction(run, call, uses)
  throw new WorkflowError(
    `${run.frame.name}: uses: ${uses} is not an action the local workflow runner serves`
  )
}
