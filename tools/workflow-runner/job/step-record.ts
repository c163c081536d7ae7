import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index'
import type { Value } from '../expressions.js'
import type { StepRecord } from '../types.js'
import type { ProcessResult } from './process.js'

/*
 * A step: what it is given, and the record it leaves as its kind ends (a process that ran, a step
 * served here, a skip).
 */

/** Who a step is: its name, its id and, for an action step, its `uses:`. */
export interface StepName {
  readonly name: string
  readonly id: string
  readonly uses?: string | undefined
}

/** A step about to run: who it is and what it was given, evaluated in the job's contexts. */
export interface StepCall extends StepName {
  readonly contexts: Record<string, Value>
  readonly env: Record<string, string>
  readonly withs: Record<string, string>
  /** The step's `timeout-minutes`, if it has one. */
  readonly timeout: Value | undefined
  /** The folder for the step's files. */
  readonly dir: string
  /** The step's token, for the keys the converted template leaves out. */
  readonly raw: MappingToken | undefined
}

const who = ({ name, id, uses }: StepName) => ({ name, id, ...(uses ? { uses } : {}) })

/** A step whose process ran: it succeeded if it exited 0. */
export function processRecord(
  step: StepName,
  phase: 'main' | 'post',
  result: ProcessResult,
  inputs: Record<string, string>
): StepRecord {
  const timedOut = result.timedOut ? '\n##[error]The step has timed out (timeout-minutes).\n' : ''
  return {
    ...who(step),
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

/** A step the runner served itself (actions/checkout, actions/setup-node): it succeeded. */
export function servedRecord(
  step: StepName & { readonly uses: string },
  log: string,
  inputs: Record<string, string>
): StepRecord {
  return {
    name: step.name,
    id: step.id,
    uses: step.uses,
    phase: 'main',
    conclusion: 'success',
    exitCode: 0,
    log,
    outputs: {},
    summary: '',
    inputs,
    durationMs: 0
  }
}

/** A step whose `if:` did not hold. */
export function skippedRecord(step: StepName): StepRecord {
  return {
    ...who(step),
    phase: 'main',
    conclusion: 'skipped',
    exitCode: null,
    log: '',
    outputs: {},
    summary: '',
    inputs: {},
    durationMs: 0
  }
}
