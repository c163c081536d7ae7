import type { LogTail } from '../explain/log-tail.js'
import type { Report } from './report.js'

/*
 * The one line a failure's summary leads with, pure: which container exited, with what code, and
 * the last line it printed ("`backend` exited 1: RuntimeError: DATABASE_URL not set"), from the
 * one-off task or the first stopped task that says so; else the task's stopped reason.
 */
export function causeOf(r: Report): string | undefined {
  if (r.runTask !== undefined && r.runTask.status !== 'succeeded') {
    const last = r.runTask.lines.at(-1)
    const code = r.runTask.exitCode ?? 'no exit code'
    return `the one-off task's \`${r.runTask.container}\` exited ${code}${last ? `: ${last}` : ''}`
  }
  for (const task of r.diagnosis?.tasks ?? []) {
    const exited = task.containers.find(c => c.exitCode !== undefined && c.exitCode !== 0)
    if (exited === undefined) continue
    const last = lastLine(r.logTails, task.taskId, exited.name)
    return `\`${exited.name}\` exited ${exited.exitCode}${last ? `: ${last}` : exited.reason ? ` (${exited.reason})` : ''}`
  }
  const first = r.diagnosis?.tasks[0]
  return first === undefined ? undefined : `task ${first.taskId} stopped: ${first.stoppedReason}`
}

function lastLine(tails: readonly LogTail[] | undefined, taskId: string, container: string) {
  const tail = tails?.find(t => t.taskId === taskId && t.container === container)
  return tail?.status === 'read' ? tail.lines.at(-1) : undefined
}
