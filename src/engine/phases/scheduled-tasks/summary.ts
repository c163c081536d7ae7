import { code } from '../../../shared/markdown.js'
import { shortArn } from '../../common/task-definition-arn.js'
import { nameOf, type ScheduledTasks, type ScheduledTaskStatus } from './scheduled-task.js'

/*
 * What the report, the job summary and the output `scheduled-tasks` say of the scheduled tasks,
 * made from the record. Pure.
 */

/** One scheduled task as the report carries it. */
export interface ScheduledTaskRow {
  readonly kind: 'rule' | 'schedule'
  /** NAME, or NAME@EVENT_BUS / NAME@GROUP off the default. */
  readonly name: string
  /** A rule's target Id (a rule may have several targets). */
  readonly target?: string | undefined
  readonly from: string
  /** Where it was moved; before a move, where it would go (undefined: a revision not registered). */
  readonly to: string | undefined
  readonly status: ScheduledTaskStatus
  readonly note?: string | undefined
}

/** The record's scheduled tasks as rows; undefined when the run was given none to look for. */
export function scheduledTaskRows(
  scheduled: ScheduledTasks | undefined,
  targetArn: string | undefined
): ScheduledTaskRow[] | undefined {
  return scheduled?.tasks.map(({ task, from, status, to, note }) => ({
    kind: task.kind,
    name: nameOf(task),
    ...(task.kind === 'rule' ? { target: task.target.Id } : {}),
    from,
    to: to ?? targetArn,
    status,
    ...(note !== undefined ? { note } : {})
  }))
}

/** One entry of the output: `{kind, name, from, to}`, and `target` for a rule's target. */
export interface ScheduledTaskOutput {
  readonly kind: 'rule' | 'schedule'
  readonly name: string
  readonly target?: string
  readonly from: string
  /** null in a dry run whose revision is not registered yet. */
  readonly to: string | null
}

/**
 * The output `scheduled-tasks`: JSON of the tasks that run the new revision at the end (moved,
 * and not put back); in a dry run, of those that would move.
 */
export function scheduledTasksOutput(
  rows: readonly ScheduledTaskRow[] | undefined,
  dryRun: boolean
): string {
  const listed = (rows ?? []).filter(r =>
    dryRun ? r.status === 'found' : r.status === 'moved' || r.status === 'put-back-failed'
  )
  const entries: ScheduledTaskOutput[] = listed.map(r => ({
    kind: r.kind,
    name: r.name,
    ...(r.target !== undefined ? { target: r.target } : {}),
    from: r.from,
    to: r.to ?? null
  }))
  return JSON.stringify(entries)
}

const STATUS: Record<ScheduledTaskStatus, string> = {
  found: 'not moved',
  unchanged: 'unchanged',
  moved: '✅ moved',
  failed: '❌ not moved',
  'put-back': '↩️ put back',
  'put-back-failed': '🛑 not put back'
}

/** The job summary's table of scheduled tasks; no lines when none were looked for. */
export function renderScheduledTasks(
  rows: readonly ScheduledTaskRow[] | undefined,
  dryRun: boolean
): string[] {
  if (rows === undefined) return []
  const lines = ['### Scheduled tasks', '']
  if (rows.length === 0)
    return [
      ...lines,
      'No EventBridge rule or Scheduler schedule runs this family on the cluster.',
      ''
    ]
  lines.push('| Kind | Name | From | To | |', '|---|---|---|---|---|')
  for (const r of rows) {
    const name =
      r.target !== undefined ? `${code(r.name)} (target ${code(r.target)})` : code(r.name)
    const to = r.to !== undefined ? code(shortArn(r.to)) : 'the new revision'
    const status = dryRun && r.status === 'found' ? 'would move' : STATUS[r.status]
    const note = r.note !== undefined ? `: ${r.note.replace(/\|/g, '\\|')}` : ''
    lines.push(`| ${r.kind} | ${name} | ${code(shortArn(r.from))} | ${to} | ${status}${note} |`)
  }
  return [...lines, '']
}
