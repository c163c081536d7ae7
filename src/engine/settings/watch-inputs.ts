import { InputError, parseBoolean, parseChoice, parseInteger } from '../../shared/parse.js'
import { isTaskDefinitionArn } from '../common/task-definition-arn.js'
import { INPUTS } from './inputs.js'
import type { Mode } from './mode.js'

/**
 * Blue/green, linear, canary: wait for the end (completed), or for production traffic wholly
 * shifted. CodeDeploy: the end (completed), or traffic on the replacement task set before the
 * termination wait (ready; traffic-shifted means the same there).
 */
export type WaitUntil = 'completed' | 'traffic-shifted' | 'ready'

/** How the rollout is started and watched, and what follows a failure. */
export interface WatchSettings {
  readonly desiredCount: number | undefined
  readonly forceNewDeployment: boolean
  readonly waitForServiceStability: boolean
  readonly waitForMinutes: number
  /** The end (completed), or production traffic wholly on the new revision. */
  readonly waitUntil: WaitUntil
  readonly pollIntervalSeconds: number
  readonly maxFailedTasks: number
  readonly rollbackOnFailure: boolean
  /** A cancelled job's post step puts the revision that ran before back. */
  readonly rollbackOnCancel: boolean
  readonly healthCheckUrl: string
  readonly dryRun: boolean
}

export function readWatchSettings(get: (name: string) => string): WatchSettings {
  const int = (input: string, fallback: number, min: number, max?: number) =>
    parseInteger(input, get(input), fallback, max === undefined ? { min } : { min, max })
  const flag = (input: string, fallback: boolean) => parseBoolean(input, get(input), fallback)
  return {
    desiredCount: parseInteger(INPUTS.desiredCount, get(INPUTS.desiredCount), undefined, {
      min: 0
    }),
    forceNewDeployment: flag(INPUTS.forceNewDeployment, false),
    waitForServiceStability: flag(INPUTS.waitForServiceStability, true),
    waitForMinutes: int(INPUTS.waitForMinutes, 30, 1, 360),
    waitUntil: parseChoice<WaitUntil>(
      INPUTS.waitUntil,
      get(INPUTS.waitUntil),
      ['completed', 'traffic-shifted', 'ready'],
      'completed'
    ),
    pollIntervalSeconds: int(INPUTS.pollIntervalSeconds, 10, 1, 300),
    maxFailedTasks: int(INPUTS.maxFailedTasks, 3, 0),
    rollbackOnFailure: flag(INPUTS.rollbackOnFailure, true),
    rollbackOnCancel: flag(INPUTS.rollbackOnCancel, false),
    healthCheckUrl: httpUrl(INPUTS.healthCheckUrl, get(INPUTS.healthCheckUrl)),
    dryRun: flag(INPUTS.dryRun, false)
  }
}

/** rollback-to: previous, a revision number or a task definition ARN. */
export function readRollbackTo(get: (name: string) => string, mode: Mode): string {
  const rollbackTo = get(INPUTS.rollbackTo).trim() || 'previous'
  // The rollback workflow passes its `to` here in every mode; `continue` is a mode of its own.
  if (mode === 'continue' && rollbackTo === 'continue') return rollbackTo
  if (rollbackTo === 'previous' || /^\d+$/.test(rollbackTo) || isTaskDefinitionArn(rollbackTo))
    return rollbackTo
  throw new InputError(
    INPUTS.rollbackTo,
    `"${rollbackTo}" is not "previous", a revision number or a task definition ARN (arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION).`
  )
}

/** An http(s) URL, or ''. */
export function httpUrl(input: string, text: string): string {
  const value = text.trim()
  if (value !== '' && !isHttpUrl(value)) {
    throw new InputError(input, `"${value}" is not an http(s) URL.`)
  }
  return value
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
