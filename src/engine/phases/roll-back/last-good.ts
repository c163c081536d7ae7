import type { EcsApi } from '../../../aws/ecs/ecs.js'
import { describeError, isRetryableAwsError } from '../../../aws/errors.js'
import type { Log } from '../../../shared/log.js'
import { warnIfDenied } from '../../common/permissions.js'
import { OUTCOME_TAG } from '../../common/tags.js'
import { familyRevisionOf, type FamilyRevision } from '../../common/task-definition-arn.js'

/*
 * Which revision to go back to: the newest earlier revision whose deploy succeeded (the outcome
 * tag this action sets); without tags, the revision of the newest service deployment ECS reports
 * SUCCESSFUL. Never a revision that was still rolling out, never one tagged failed. Deploy mode's
 * target (here) and rollback mode's `previous` (rollback-to.ts) share the one search.
 */

export interface RevisionInfo {
  readonly arn: string
  readonly revision: number
  /** The outcome tag, if deploy mode set one. */
  readonly outcome: string | undefined
}

/** The newest revision below `belowRevision` tagged succeeded. Pure; any order. */
export function pickPreviousRevision(
  revisions: readonly RevisionInfo[],
  belowRevision: number
): RevisionInfo | undefined {
  return revisions
    .filter(r => r.revision < belowRevision)
    .sort((a, b) => b.revision - a.revision)
    .find(r => r.outcome === 'succeeded')
}

export interface SuccessfulDeployment {
  readonly createdAt: Date
  readonly taskDefinitionArn: string | undefined
}

/** The task definition of the newest SUCCESSFUL service deployment not excluded. Pure. */
export function pickSuccessfulDeployment(
  deployments: readonly SuccessfulDeployment[],
  family: string,
  exclude: readonly string[]
): string | undefined {
  return [...deployments]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map(d => d.taskDefinitionArn)
    .find(
      arn => arn !== undefined && !exclude.includes(arn) && familyAndRevision(arn).family === family
    )
}

/** What deploy mode knows of the revision the service ran when it began. */
export interface RunningRevision {
  readonly arn: string | undefined
  /** Its outcome tag (DescribeTaskDefinition with TAGS). */
  readonly outcome: string | undefined
  /** One deployment, COMPLETED, running = desired: ECS finished rolling it out. */
  readonly steady: boolean
}

/**
 * Deploy mode: the revision that ran when the deploy began is the target when it is known good
 * (tagged succeeded, or steady and not tagged failed). Otherwise undefined: search further back.
 * Pure.
 */
export function runningIfGood(running: RunningRevision): string | undefined {
  if (running.arn === undefined || running.outcome === 'failed') return undefined
  if (running.outcome === 'succeeded' || running.steady) return running.arn
  return undefined
}

export function familyAndRevision(arn: string): FamilyRevision {
  const found = familyRevisionOf(arn)
  if (!found) throw new Error(`"${arn}" is not a task definition ARN with a revision.`)
  return found
}

export interface LastGoodQuery {
  readonly cluster: string
  readonly service: string
  readonly family: string
  /** Only revisions below this number are looked at by tag. */
  readonly belowRevision: number
  /** Never these (ours, the running one when it is not known good). */
  readonly exclude: readonly string[]
}

/**
 * The last revision known to have succeeded, with read-only calls: outcome tags first, then
 * ECS's SUCCESSFUL service deployments. Undefined when neither knows one.
 */
export async function findLastGoodRevision(
  ecs: EcsApi,
  q: LastGoodQuery,
  log: Pick<Log, 'info' | 'warning'>
): Promise<{ arn: string; why: string } | undefined> {
  const arns = await ecs.listTaskDefinitions(q.family)
  const older = arns
    .map(arn => ({ arn, ...familyAndRevision(arn) }))
    .filter(
      r => r.family === q.family && r.revision < q.belowRevision && !q.exclude.includes(r.arn)
    )
    .slice(0, 20)
  const infos: RevisionInfo[] = []
  for (const r of older) {
    const tags = await ecs.listTags(r.arn)
    const outcome = tags.find(t => t.key === OUTCOME_TAG)?.value
    infos.push({ arn: r.arn, revision: r.revision, outcome })
    if (outcome === 'succeeded') break
  }
  const tagged = pickPreviousRevision(infos, q.belowRevision)
  if (tagged !== undefined) return { arn: tagged.arn, why: 'outcome tag: succeeded' }

  let briefs
  try {
    briefs = await ecs.listServiceDeployments(q.cluster, q.service, { status: ['SUCCESSFUL'] })
  } catch (error) {
    if (isRetryableAwsError(error)) throw error
    const without = 'Without outcome tags, no revision is known to have succeeded.'
    if (
      !warnIfDenied(log, error, 'ecs:ListServiceDeployments', `${q.cluster}/${q.service}`, without)
    )
      log.info(`ListServiceDeployments is not available here (${describeError(error)}). ${without}`)
    return undefined
  }
  const successful: SuccessfulDeployment[] = []
  const newest = briefs
    .filter(b => b.createdAt !== undefined && b.targetServiceRevisionArn !== undefined)
    .sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime())
    .slice(0, 10)
  for (const brief of newest) {
    try {
      const revision = await ecs.describeServiceRevision(brief.targetServiceRevisionArn!)
      successful.push({ createdAt: brief.createdAt!, taskDefinitionArn: revision?.taskDefinition })
    } catch (error) {
      if (isRetryableAwsError(error)) throw error
      const without = 'The revisions of SUCCESSFUL service deployments cannot be read.'
      if (
        !warnIfDenied(
          log,
          error,
          'ecs:DescribeServiceRevisions',
          brief.targetServiceRevisionArn!,
          without
        )
      )
        log.info(`DescribeServiceRevisions failed (${describeError(error)}). ${without}`)
      break
    }
    const picked = pickSuccessfulDeployment(successful, q.family, q.exclude)
    if (picked !== undefined)
      return { arn: picked, why: 'the newest service deployment ECS reports SUCCESSFUL' }
  }
  return undefined
}

/**
 * Deploy mode's rollback target: the revision that ran when the deploy began if it is known good,
 * else the last revision known to have succeeded; undefined (said in the log) when none is.
 */
export async function deployRollbackTarget(
  ecs: EcsApi,
  log: Pick<Log, 'info' | 'warning'>,
  where: { readonly cluster: string; readonly service: string },
  running: RunningRevision,
  targetArn: string
): Promise<string | undefined> {
  const good = runningIfGood(running)
  if (good !== undefined && good !== targetArn) return good
  if (running.arn !== undefined && running.arn !== targetArn) {
    log.info(
      `${shortName(running.arn)} was still rolling out (or had failed) when the deploy began: it is no rollback target.`
    )
  }
  try {
    const { family, revision } = familyAndRevision(targetArn)
    const exclude = [targetArn, ...(running.arn ? [running.arn] : [])]
    const found = await findLastGoodRevision(
      ecs,
      { ...where, family, belowRevision: revision, exclude },
      log
    )
    if (found !== undefined) {
      log.info(`The last revision that succeeded is ${shortName(found.arn)} (${found.why}).`)
      return found.arn
    }
    log.warning('No earlier revision is known to have succeeded: not rolling back.')
  } catch (error) {
    log.warning(
      `Could not find a revision to roll back to (${describeError(error)}): not rolling back.`
    )
  }
  return undefined
}

const shortName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1)
