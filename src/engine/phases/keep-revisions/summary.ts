import { shortArn } from '../../common/task-definition-arn.js'
import type { Use } from './decide.js'

/*
 * What keep-revisions did, as the record, the report, the job summary and the output
 * `deregistered-task-definitions` carry it. Pure.
 */

export interface KeptRevisions {
  readonly family: string
  /** keep-revisions: the newest N ACTIVE revisions kept whatever uses them. */
  readonly keep: number
  /** How many ACTIVE revisions the family had before. */
  readonly active: number
  /** Deregistered, newest first. */
  readonly deregistered: readonly string[]
  /** Beyond the newest N, kept for what uses them. */
  readonly kept: readonly Use[]
  /** DeregisterTaskDefinition refused, or not sent after a refusal of permission. */
  readonly failed: readonly Use[]
  /** Why none was deregistered when what uses them could not be read. */
  readonly notSearched?: string | undefined
}

/** The output: a JSON list of the ARNs deregistered (`[]` when none was). */
export function deregisteredOutput(k: KeptRevisions | undefined): string {
  return JSON.stringify(k?.deregistered ?? [])
}

const names = (arns: readonly string[]) => arns.map(shortArn).join(', ')

/** The one line the log ends with and the job summary shows (Markdown: its head in bold). */
export function keptLine(k: KeptRevisions, markdown = false): string {
  const head = `${markdown ? '**Old revisions**' : 'Old revisions'} (keep-revisions: ${k.keep}):`
  if (k.notSearched !== undefined)
    return `${head} none deregistered: what uses them could not be read (${k.notSearched}).`
  const done =
    k.deregistered.length === 0
      ? `none deregistered of the ${k.active} ACTIVE revisions of ${k.family}`
      : `deregistered ${names(k.deregistered)} (${k.active} ACTIVE before, ${k.active - k.deregistered.length} now)`
  const kept = k.kept.map(u => `${shortArn(u.arn)} (${u.why})`).join(', ')
  const failed = k.failed.map(u => `${shortArn(u.arn)} (${u.why})`).join(', ')
  return [
    `${head} ${done}.`,
    kept === '' ? '' : ` Kept beyond the newest ${k.keep}: ${kept}.`,
    failed === '' ? '' : ` Not deregistered: ${failed}.`
  ].join('')
}

/** The job summary's lines (none when keep-revisions was not given or did not act). */
export function renderKeptRevisions(k: KeptRevisions | undefined): string[] {
  return k === undefined ? [] : [keptLine(k, true), '']
}
