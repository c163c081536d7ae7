import { familyRevisionOf, shortArn } from '../../common/task-definition-arn.js'

/*
 * Which ACTIVE revisions of a family keep-revisions deregisters, given the list ListTaskDefinitions
 * answered and what uses them. Pure: the I/O is in in-use.ts and keep-revisions.ts.
 */

/** A revision something uses, and what (said in the log and the summary). */
export interface Use {
  readonly arn: string
  readonly why: string
}

export interface Decision {
  /** Beyond the newest `keep` and used by nothing: deregistered, newest first. */
  readonly deregister: readonly string[]
  /** Beyond the newest `keep`, kept for what uses them, newest first. */
  readonly kept: readonly Use[]
}

export interface Question {
  readonly family: string
  /** How many of the newest ACTIVE revisions stay whatever uses them. */
  readonly keep: number
  /** The revision the deploy rolled out: it and every newer one are never deregistered. */
  readonly deployed: string
  readonly inUse: readonly Use[]
}

/**
 * Of the family's ACTIVE revisions (any order; other families' are ignored): the newest `keep`
 * stay; beyond them, one that something uses, or newer than the one deployed (another run may be
 * about to roll it out), stays too; the rest are deregistered.
 */
export function chooseRevisions(active: readonly string[], q: Question): Decision {
  const deployed = familyRevisionOf(q.deployed)?.revision ?? Number.POSITIVE_INFINITY
  const beyond = newestFirst(active, q.family).slice(q.keep)
  const deregister: string[] = []
  const kept: Use[] = []
  for (const { arn, revision } of beyond) {
    const whys = q.inUse.filter(u => sameRevision(u.arn, arn)).map(u => u.why)
    if (revision > deployed) whys.unshift('newer than the revision deployed')
    if (whys.length === 0) deregister.push(arn)
    else kept.push({ arn, why: [...new Set(whys)].join('; ') })
  }
  return { deregister, kept }
}

/** The family's revisions, each once, newest first. */
function newestFirst(arns: readonly string[], family: string) {
  const byRevision = new Map<number, string>()
  for (const arn of arns) {
    const found = familyRevisionOf(arn)
    if (found?.family === family && !byRevision.has(found.revision))
      byRevision.set(found.revision, arn)
  }
  return [...byRevision.entries()]
    .sort(([a], [b]) => b - a)
    .map(([revision, arn]) => ({ arn, revision }))
}

/** Two references to one revision (full ARNs, or an ARN and FAMILY:REVISION). */
export function sameRevision(a: string, b: string): boolean {
  return a === b || (shortArn(a) === shortArn(b) && familyRevisionOf(b) !== undefined)
}
