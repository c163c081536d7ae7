import { delimiter } from 'node:path'
import type { Value } from '../expressions.js'
import type { RunnerOptions, StepRecord } from '../types.js'
import { runnerContext, type RunnerDirs } from './runner-env.js'

/*
 * One job's runner state while its steps run, shared by every kind of step: the env and PATH
 * carried by GITHUB_ENV and GITHUB_PATH, the masks, the `steps` context, the post steps still to
 * run, and whether the job has failed so far.
 */

/** What stays fixed while a job's steps run. */
export interface JobFrame {
  readonly options: RunnerOptions
  /** The job's name as GitHub shows it. */
  readonly name: string
  readonly dirs: RunnerDirs
  readonly github: Record<string, Value>
  readonly runnerEnv: Readonly<Record<string, string>>
  readonly workflowEnv: Readonly<Record<string, string>>
  readonly jobEnv: Readonly<Record<string, string>>
  /** The contexts `env:` is evaluated in: github, inputs, needs, vars, strategy, matrix, secrets. */
  readonly envContexts: Readonly<Record<string, Value>>
  readonly jobContext: Readonly<Record<string, Value>>
  /** When `timeout-minutes` of the job runs out (ms since the epoch). */
  readonly deadline: number
}

/** What a step's process leaves for the steps after it. */
export interface Carried {
  readonly env: Record<string, string>
  readonly path: string[]
  readonly masks: string[]
}

export class JobRun {
  readonly carriedEnv: Record<string, string> = {}
  readonly addedPath: string[] = []
  readonly steps: Record<string, Value> = {}
  readonly records: StepRecord[] = []
  /** Post steps, the last registered first. */
  readonly posts: (() => Promise<void>)[] = []
  ok = true

  constructor(
    readonly frame: JobFrame,
    /** Values masked in the job's logs; grows with ::add-mask:: and tokens given to checkout. */
    readonly masks: string[]
  ) {}

  /** The contexts a step's expressions see now. */
  contexts(): Record<string, Value> {
    const { frame } = this
    return {
      ...frame.envContexts,
      job: { ...frame.jobContext, status: this.ok ? 'success' : 'failure' },
      runner: runnerContext(frame.dirs),
      env: { ...frame.workflowEnv, ...frame.jobEnv, ...this.carriedEnv },
      steps: this.steps
    }
  }

  /** A step process's environment: the runner's, workflow, job, carried and step env, PATH. */
  stepEnv(extra: Record<string, string>): Record<string, string> {
    const { frame } = this
    const path = [
      ...this.addedPath,
      ...(frame.options.pathPrefix ?? []),
      process.env.PATH ?? '/usr/bin:/bin'
    ]
    return {
      ...frame.runnerEnv,
      ...frame.workflowEnv,
      ...frame.jobEnv,
      ...this.carriedEnv,
      ...extra,
      PATH: path.join(delimiter)
    }
  }

  /** The time a step may take: what is left of the job's, capped by the step's timeout-minutes. */
  timeLeft(stepMinutes: Value | undefined): number {
    const step = stepMinutes === undefined ? Infinity : Number(stepMinutes) * 60_000
    return Math.max(1, Math.min(this.frame.deadline - Date.now(), step))
  }

  /** Records a step (main or post), carries what its process left and reports it. */
  finish(record: StepRecord, carried?: Carried): void {
    if (carried) {
      Object.assign(this.carriedEnv, carried.env)
      this.addedPath.unshift(...carried.path)
      this.masks.push(...carried.masks)
    }
    this.records.push(record)
    this.frame.options.reporter?.stepDone?.(this.frame.name, record, this.masks)
  }

  /** A main step's outcome in the `steps` context; a failure fails the job. */
  conclude(stepId: string, record: StepRecord): void {
    this.steps[stepId] = {
      outputs: record.outputs,
      outcome: record.conclusion,
      conclusion: record.conclusion
    }
    if (record.conclusion === 'failure') this.ok = false
  }

  async runPosts(): Promise<void> {
    for (const post of this.posts) await post()
  }
}
