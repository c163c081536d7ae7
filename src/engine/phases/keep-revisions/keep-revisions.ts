import { describeError, isAccessDenied } from '../../../aws/errors.js'
import { warnIfDenied } from '../../common/permissions.js'
import { shortArn } from '../../common/task-definition-arn.js'
import type { Context } from '../../deps.js'
import { add, afterTheEnd, type RunRecord } from '../../record.js'
import { familyAndRevision } from '../roll-back/last-good.js'
import { chooseRevisions, type Use } from './decide.js'
import { revisionsInUse } from './in-use.js'
import { ReadFailed, whyNotRead } from './reads.js'
import { keptLine, type KeptRevisions } from './summary.js'

/*
 * keep-revisions: once the deploy has succeeded (and only then: never after a failure, a dry run,
 * a pause, a rollout not watched or a state unknown), the ACTIVE revisions of the family beyond the
 * newest N that nothing uses are deregistered (DeregisterTaskDefinition: "the task definition is
 * marked as INACTIVE. Existing tasks and services that reference an INACTIVE task definition
 * continue to run without disruption"). The deploy has succeeded: whatever fails here is a warning.
 */

export const keepRevisionsPhase = afterTheEnd(async (r, x) => {
  const keep = x.s.keepRevisions
  if (keep === undefined) return r
  const deployed = r.targetArn ?? (r.started?.target.taskDefinitionArn || undefined)
  if (r.outcome !== 'succeeded' || deployed === undefined) {
    const why =
      r.outcome === 'succeeded'
        ? 'the revision deployed is not known'
        : `the deploy did not succeed (outcome ${r.outcome ?? 'unknown'})`
    x.io.log.info(`keep-revisions: no revision is deregistered, as ${why}.`)
    return r
  }
  try {
    const { family } = familyAndRevision(deployed)
    const kept = await x.io.log.group(`Keep the newest ${keep} revisions of ${family}`, () =>
      keepNewest(r, x, { family, keep, deployed })
    )
    x.io.log.info(keptLine(kept))
    return add(r, { keptRevisions: kept })
  } catch (error) {
    // The deploy has succeeded: nothing here may make its outcome unknown (modes/run.ts).
    x.io.log.warning(
      `keep-revisions stopped (${describeError(error)}); the deploy succeeded all the same.`,
      'Old revisions kept'
    )
    return r
  }
})

interface Asked {
  readonly family: string
  readonly keep: number
  readonly deployed: string
}

async function keepNewest(r: RunRecord, x: Context, q: Asked): Promise<KeptRevisions> {
  const none = { family: q.family, keep: q.keep, active: 0, deregistered: [], kept: [], failed: [] }
  let active: string[]
  let inUse: Use[]
  try {
    active = await x.io.ecs.listActiveRevisions(q.family)
    if (active.length <= q.keep) return { ...none, active: active.length }
    const found = await revisionsInUse(r, x, q.deployed)
    x.io.log.info(found.searched)
    inUse = found.uses
  } catch (error) {
    return { ...none, notSearched: warnNotSearched(x, q.family, error) }
  }
  const decision = chooseRevisions(active, { ...q, inUse })
  for (const u of decision.kept) x.io.log.info(`Kept ${shortArn(u.arn)}: ${u.why}.`)
  return {
    ...none,
    active: active.length,
    kept: decision.kept,
    ...(await deregister(x, decision.deregister))
  }
}

/** The warning of a search that did not finish (nothing is deregistered); returns why. */
function warnNotSearched({ io }: Context, family: string, error: unknown): string {
  const why = whyNotRead(error)
  const grant =
    error instanceof ReadFailed && error.denied
      ? ` Grant ${error.action} to the deploy role (docs/iam/README.md).`
      : ''
  io.log.warning(
    `No revision of ${family} is deregistered: what uses them could not be read (${why}).${grant} The deploy succeeded all the same.`,
    'Old revisions kept'
  )
  return why
}

/** Each in turn; one refused is a warning, and after a refusal of permission none more is sent. */
async function deregister(
  { io }: Context,
  arns: readonly string[]
): Promise<{ deregistered: string[]; failed: Use[] }> {
  const deregistered: string[] = []
  const failed: Use[] = []
  let denied = false
  for (const arn of arns) {
    if (denied) {
      failed.push({ arn, why: 'not sent: the role may not deregister' })
      continue
    }
    try {
      await io.ecs.deregisterTaskDefinition(arn)
      deregistered.push(arn)
      io.log.info(`Deregistered ${shortArn(arn)}.`)
    } catch (error) {
      denied = isAccessDenied(error)
      failed.push({ arn, why: describeError(error) })
      const without = 'The revision stays ACTIVE; the deploy succeeded all the same.'
      if (!warnIfDenied(io.log, error, 'ecs:DeregisterTaskDefinition', arn, without))
        io.log.warning(
          `Could not deregister ${shortArn(arn)} (${describeError(error)}). ${without}`,
          'Old revision kept'
        )
    }
  }
  return { deregistered, failed }
}
