import type { JobRecord, RunResult, StepRecord } from '../../workflow-runner/index.js'
import { mask, type Style } from './terminal.js'

/*
 * What `npm run demo` shows of a job by default: one line (the job, its result, what its action
 * did) and, where there is one, what a person needs next: the canary's stages, the cause of a
 * failure and its rollback, the revision a rollback chose and the rule it chose it by; for a
 * release, one line per service (its revisions, its migration's exit code, its outcome) with its
 * stages, its cause and what was put back under it. Made from the job's outputs, its summary and
 * its log; commits and digests short (7 characters).
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
  if (o.services) return [`${o.outcome} in ${seconds}`, ...releaseLines(step)]
  const ran = o['run-task-exit-code'] ? `, migration exited ${o['run-task-exit-code']}` : ''
  return [
    `${revision(o['previous-task-definition-arn'])} → ${revision(o['task-definition-arn'])}${ran}: ${o.outcome} in ${seconds}`,
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
  const m = /service deployment is (SUCCESSFUL|ROLLBACK_\w+|STOPPED)|\((ROLLBACK_\w+)\)/.exec(log)
  const alarms = /alarms in ALARM: ([\w.-]+(?:, [\w.-]+)*)/.exec(log)?.[1]
  const end = (m?.[1] ?? m?.[2] ?? '') + (alarms ? ` (alarm ${alarms})` : '')
  return seen.length === 0 ? [] : [`stages: ${[...seen, ...(end ? [end] : [])].join(' → ')}`]
}

/** Why a run failed, in one line: the cause its first failed job's summary leads with. */
export function failureCause(run: RunResult): string | undefined {
  const job = run.jobs.find(j => j.result === 'failure')
  const step = job ? actionStep(job) : undefined
  if (job === undefined || step === undefined) return undefined
  const text = plain(step.summary)
  const names = step.outputs.services ? servicesOf(step).map(x => x.service) : []
  const found = [...sectionsOf(text, names)].find(([, section]) => /^Cause: /m.test(section))
  const cause = /^Cause: (.*)$/m.exec(found?.[1] ?? text)?.[1]
  if (cause === undefined) return undefined
  return mask(found ? `${found[0]}: ${cause}` : cause, job.masks)
}

/** One service of a release, as its `services` output tells it. */
interface ServiceOutput {
  readonly service: string
  readonly outcome: string
  readonly 'task-definition-arn': string
  readonly 'previous-task-definition-arn': string
}

const servicesOf = (step: StepRecord): ServiceOutput[] =>
  JSON.parse(step.outputs.services ?? '[]') as ServiceOutput[]

/**
 * A release's services, in its file's order: each one's revisions, its migration and outcome,
 * then under it its stages (from its part of the log), its cause and what was put back (from its
 * section of the summary).
 */
function releaseLines(step: StepRecord): string[] {
  const services = servicesOf(step)
  const names = services.map(x => x.service)
  const sections = sectionsOf(plain(step.summary), names)
  const segments = logSegments(step.log, names)
  return services.flatMap(x => {
    const arn = x['task-definition-arn'] || undefined
    const change = `${revision(x['previous-task-definition-arn'] || undefined)} → ${revision(arn)}`
    const section = sections.get(x.service) ?? ''
    const back = /^Put back to (\S+) \((by ECS|by this step)\): ([\w-]+)/m.exec(section)
    return [
      `${change}${migration(step.log, arn)}: ${x.outcome}`,
      ...stages(segments.get(x.service) ?? ''),
      ...causeAndRollback(section),
      ...(back ? [`Put back to ${revision(back[1])} (${back[2] ?? ''}): ${back[3] ?? ''}`] : [])
    ].map((line, i) => (i === 0 ? line : `  ${line}`))
  })
}

/** The exit of the one-off task (the migration) the step ran with this revision, if it ran one. */
function migration(log: string, arn: string | undefined): string {
  const at = arn ? log.indexOf(`Running ${revision(arn)} once:`) : -1
  if (at < 0) return ''
  const m =
    /The one-off task\b[^\n]*?\) (?:exited (\d+);|exited with code (\S+):|(failed to start)|(did not stop))/m.exec(
      log.slice(at)
    )
  if (m === null) return ''
  return m[1] !== undefined || m[2] !== undefined
    ? `, migration exited ${m[1] ?? m[2] ?? ''}`
    : `, migration ${m[3] ?? 'timed out'}`
}

/** A release's summary, cut at each service's heading (### megilance-frontend). */
function sectionsOf(text: string, names: readonly string[]): Map<string, string> {
  const sections = new Map<string, string>()
  let current: string | undefined
  for (const line of text.split('\n')) {
    const heading = /^### (.*)$/.exec(line)?.[1]
    if (heading !== undefined && names.includes(heading)) current = heading
    else if (current !== undefined) sections.set(current, `${sections.get(current) ?? ''}${line}\n`)
  }
  return sections
}

/** A release's log, cut where the step updates each service (its group Update service NAME). */
function logSegments(log: string, names: readonly string[]): Map<string, string> {
  const segments = new Map<string, string>()
  let current: string | undefined
  for (const line of log.split('\n')) {
    const name = /^::group::Update service (\S+)/.exec(line)?.[1]
    if (name !== undefined && names.includes(name)) current = name
    if (current !== undefined) segments.set(current, `${segments.get(current) ?? ''}${line}\n`)
  }
  return segments
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
