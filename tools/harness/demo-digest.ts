import type { JobRecord, RunResult, StepRecord } from '../workflow-runner/index.js'
import { mask, type Style } from './terminal.js'

/*
 * What `npm run demo` shows of a job by default: one line (the job, its result, what its action
 * did) and, where there is one, what a person needs next: the canary's stages, the cause of a
 * failure and its rollback, the revision a rollback chose and the rule it chose it by. Made from
 * the job's outputs, its summary and its log; commits and digests short (7 characters).
 */

/** A commit or a digest as people read it. */
export const short = (sha: string): string => sha.replace(/^sha256:/, '').slice(0, 7)

/** family:revision of a task definition ARN. */
const revision = (arn: string | undefined): string =>
  arn ? arn.slice(arn.lastIndexOf('/') + 1) : 'none'

/** The job's action (build and push, deploy, roll back): its main step. */
const actionStep = (job: JobRecord): StepRecord | undefined =>
  job.steps.find(s => s.phase === 'main' && s.uses?.startsWith('./') === true)

/** The job's line and what follows it, indented under it. */
export function jobLines(job: JobRecord, s: Style): string[] {
  const mark = { success: s.green('✔'), failure: s.red('✖'), skipped: s.dim('–') }[job.result]
  const step = actionStep(job)
  const [what = '', ...more] = step ? stepLines(step).map(l => mask(l, job.masks)) : []
  const head = `     ${mark} ${s.bold(job.name)}${what ? `  ${what}` : job.result === 'success' ? '' : `: ${job.result}`}`
  return [head, ...more.map(l => `         ${l}`)]
}

function stepLines(step: StepRecord): string[] {
  const o = step.outputs
  if (o.image !== undefined) return [built(o)]
  if (o.outcome === undefined) return []
  const seconds = `${(step.durationMs / 1000).toFixed(0)} s`
  if (step.inputs.mode === 'rollback') return [rolledTo(o, seconds), ...rollbackTarget(step.log)]
  const migration = o['run-task-exit-code'] ? `, migration exited ${o['run-task-exit-code']}` : ''
  return [
    `${revision(o['previous-task-definition-arn'])} → ${revision(o['task-definition-arn'])}${migration}: ${o.outcome} in ${seconds}`,
    ...stages(step.log),
    ...causeAndRollback(step.summary)
  ]
}

function built(o: Readonly<Record<string, string>>): string {
  const [name = '', digest = ''] = (o.image ?? '').split('@')
  const repository = name.slice(name.lastIndexOf('/') + 1)
  const commit = short((o.tags ?? '').split(/[\s,]+/)[0] ?? '')
  return `${o.built === 'false' ? 'reused' : 'built'} ${repository}@sha256:${short(digest)} for ${commit}`
}

const rolledTo = (o: Readonly<Record<string, string>>, seconds: string) =>
  `${revision(o['previous-task-definition-arn'])} → ${revision(o['task-definition-arn'])}: ${o.outcome} in ${seconds}`

/** A blue/green, linear or canary deployment's stages as the watch logged them, in order. */
function stages(log: string): string[] {
  const seen: string[] = []
  for (const m of log.matchAll(/^\s*([A-Z_]+) \(IN_PROGRESS\);.*production traffic (\d+)%/gm)) {
    const step = `${m[1]} (${m[2]}%)`
    if (seen.at(-1) !== step) seen.push(step)
  }
  const end = /service deployment is (SUCCESSFUL|ROLLBACK_\w+|STOPPED)/.exec(log)?.[1]
  return seen.length === 0 ? [] : [`stages: ${[...seen, ...(end ? [end] : [])].join(' → ')}`]
}

/** Why a run failed, in one line: the cause its first failed job's summary leads with. */
export function failureCause(run: RunResult): string | undefined {
  const job = run.jobs.find(j => j.result === 'failure')
  const summary = job ? (actionStep(job)?.summary ?? '') : ''
  const cause = /^Cause: (.*)$/m.exec(plain(summary))?.[1]
  return cause === undefined || job === undefined ? undefined : mask(cause, job.masks)
}

/** The summary's cause line and its rollback line, without their Markdown. */
function causeAndRollback(summary: string): string[] {
  const text = plain(summary)
  const cause = /^Cause: (.*)$/m.exec(text)?.[1]
  const back = /^### Rollback\n+(.*)$/m.exec(text)?.[1]?.split(' — ')[0]
  return [...(cause ? [`Cause: ${cause}`] : []), ...(back ? [back] : [])]
}

/** The revision `rollback-to` chose, and the rule it chose it by. */
function rollbackTarget(log: string): string[] {
  const m = /^previous → (\S+) \((.*)\)$/m.exec(log)
  if (m === null) return []
  const by = m[2]?.startsWith('outcome tag')
    ? 'by the outcome tag deploy mode set on it'
    : "by ECS's SUCCESSFUL service deployments"
  return [
    `target: previous → ${m[1] ?? ''}`,
    `rule:   previous = the newest earlier revision whose deploy succeeded, ${by}`
  ]
}

/** Markdown as read: no bold, no code spans, links as their text. */
const plain = (markdown: string): string =>
  markdown
    .replace(/\*\*/g, '')
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
