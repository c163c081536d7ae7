import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../aws/ecs.js'

/** The tag deploy mode sets on a revision once its rollout has ended. */
export const OUTCOME_TAG = 'ecs-deploy-actions:outcome'
export const COMMIT_TAG = 'ecs-deploy-actions:commit'
export const RUN_TAG = 'ecs-deploy-actions:run'

export interface RevisionInfo {
  readonly arn: string
  readonly revision: number
  /** The outcome tag, if deploy mode set one. */
  readonly outcome: string | undefined
}

/**
 * `previous`: the newest revision older than the running one whose outcome tag is succeeded;
 * without such a tag, the newest older revision not tagged failed. Pure. `revisions` may come
 * in any order.
 */
export function pickPreviousRevision(
  revisions: readonly RevisionInfo[],
  runningRevision: number
): RevisionInfo | undefined {
  const older = revisions
    .filter(r => r.revision < runningRevision)
    .sort((a, b) => b.revision - a.revision)
  return older.find(r => r.outcome === 'succeeded') ?? older.find(r => r.outcome !== 'failed')
}

export function familyAndRevision(arn: string): { family: string; revision: number } {
  const m = /task-definition\/([^:/]+):(\d+)$/.exec(arn)
  if (!m) throw new Error(`"${arn}" is not a task definition ARN with a revision.`)
  return { family: m[1]!, revision: Number(m[2]) }
}

export class RollbackTargetError extends Error {
  constructor(message: string) {
    super(`Input "rollback-to": ${message}`)
    this.name = 'RollbackTargetError'
  }
}

/**
 * Resolves `rollback-to` to a task definition and checks it (same family, ACTIVE, not the one
 * running) with read-only calls only.
 */
export async function resolveRollbackTarget(
  ecs: EcsApi,
  rollbackTo: string,
  runningArn: string,
  log: (message: string) => void
): Promise<TaskDefinition & { taskDefinitionArn: string }> {
  const running = familyAndRevision(runningArn)
  let candidate: string
  if (rollbackTo === 'previous') {
    const arns = await ecs.listTaskDefinitions(running.family)
    const older = arns
      .map(arn => ({ arn, ...familyAndRevision(arn) }))
      .filter(r => r.family === running.family && r.revision < running.revision)
      .slice(0, 20)
    const infos: RevisionInfo[] = []
    for (const r of older) {
      const tags = await ecs.listTags(r.arn)
      const outcome = tags.find(t => t.key === OUTCOME_TAG)?.value
      infos.push({ arn: r.arn, revision: r.revision, outcome })
      if (outcome === 'succeeded') break
    }
    const picked = pickPreviousRevision(infos, running.revision)
    if (picked === undefined) {
      throw new RollbackTargetError(
        `no earlier ACTIVE revision of ${running.family} to go back to (running ${running.family}:${running.revision}).`
      )
    }
    log(
      `previous → ${running.family}:${picked.revision}` +
        (picked.outcome
          ? ` (outcome tag: ${picked.outcome})`
          : ' (no outcome tag; the newest earlier revision)')
    )
    candidate = picked.arn
  } else if (/^\d+$/.test(rollbackTo)) {
    candidate = `${running.family}:${rollbackTo}`
  } else {
    candidate = rollbackTo
  }
  const { taskDefinition } = await ecs.describeTaskDefinition(candidate).catch((error: unknown) => {
    throw new RollbackTargetError(
      `${candidate} could not be read (${error instanceof Error ? error.message : String(error)}).`
    )
  })
  const arn = taskDefinition.taskDefinitionArn ?? candidate
  if (taskDefinition.family !== running.family) {
    throw new RollbackTargetError(
      `${arn} is of family "${taskDefinition.family}", but the service runs family "${running.family}". Give a revision of ${running.family}.`
    )
  }
  if (taskDefinition.status !== 'ACTIVE') {
    throw new RollbackTargetError(
      `${arn} is ${taskDefinition.status}; only an ACTIVE revision can run.`
    )
  }
  if (arn === runningArn) {
    throw new RollbackTargetError(
      `${running.family}:${running.revision} is already what the service runs.`
    )
  }
  return { ...taskDefinition, taskDefinitionArn: arn }
}
