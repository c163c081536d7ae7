import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../../../aws/ecs/ecs.js'
import type { Log } from '../../../shared/log.js'
import { InputError } from '../../../shared/parse.js'
import { OUTCOME_TAG } from '../../common/tags.js'
import { shortArn } from '../../common/task-definition-arn.js'
import { add, currentOf, kindOf, type Phase } from '../../record.js'
import { diffTaskDefinitions, formatChanges } from '../render/diff.js'
import { imagesOf, type Prepared } from '../render/prepared.js'
import { familyAndRevision, findLastGoodRevision } from './last-good.js'

/*
 * Rollback mode's target: `rollback-to` (previous, a revision number, or a task definition ARN)
 * resolved and checked with read-only calls.
 */

/**
 * Resolves `rollback-to` to a task definition and checks it (same family, ACTIVE, not the one
 * running) with read-only calls only.
 */
export async function resolveRollbackTarget(
  ecs: EcsApi,
  where: { readonly cluster: string; readonly service: string },
  rollbackTo: string,
  runningArn: string,
  log: Pick<Log, 'info' | 'warning'>
): Promise<TaskDefinition & { taskDefinitionArn: string }> {
  const running = familyAndRevision(runningArn)
  let candidate: string
  if (rollbackTo === 'previous') {
    const found = await findLastGoodRevision(
      ecs,
      { ...where, family: running.family, belowRevision: running.revision, exclude: [runningArn] },
      log
    )
    if (found === undefined) {
      throw new InputError(
        'rollback-to',
        `no earlier revision of ${running.family} is known to have succeeded (running ${running.family}:${running.revision}): none is tagged ${OUTCOME_TAG}=succeeded and ECS reports no SUCCESSFUL service deployment of one. Give a revision number.`
      )
    }
    log.info(`previous → ${running.family}:${familyAndRevision(found.arn).revision} (${found.why})`)
    candidate = found.arn
  } else if (/^\d+$/.test(rollbackTo)) {
    candidate = `${running.family}:${rollbackTo}`
  } else {
    candidate = rollbackTo
  }
  const { taskDefinition } = await ecs.describeTaskDefinition(candidate).catch((error: unknown) => {
    throw new InputError(
      'rollback-to',
      `${candidate} could not be read (${error instanceof Error ? error.message : String(error)}).`
    )
  })
  const arn = taskDefinition.taskDefinitionArn ?? candidate
  if (taskDefinition.family !== running.family) {
    throw new InputError(
      'rollback-to',
      `${arn} is of family "${taskDefinition.family}", but the service runs family "${running.family}". Give a revision of ${running.family}.`
    )
  }
  if (taskDefinition.status !== 'ACTIVE') {
    throw new InputError(
      'rollback-to',
      `${arn} is ${taskDefinition.status}; only an ACTIVE revision can run.`
    )
  }
  if (arn === runningArn) {
    throw new InputError(
      'rollback-to',
      `${running.family}:${running.revision} is already what the service runs.`
    )
  }
  return { ...taskDefinition, taskDefinitionArn: arn }
}

/**
 * Rollback mode: resolve `rollback-to` and check it; diff it against what runs. A kind that
 * registers nothing itself prepares its own request back (kind.prepare: Express Mode).
 */
export const chooseRollbackTarget: Phase = async (r, x) => {
  const { s, io } = x
  const current = currentOf(r)
  const plan = kindOf(r).prepare
  if (plan !== undefined) {
    const prepared = await io.log.group('Choose the configuration to roll back to', () =>
      plan.rollback(x, current)
    )
    return add(r, { prepared, targetArn: prepared.taskDefinitionArn })
  }
  const target = await io.log.group('Choose the revision to roll back to', () => {
    if (current.arn === undefined)
      throw new Error(`Service ${s.service} runs no task definition to roll back from.`)
    const where = { cluster: s.cluster, service: s.service }
    return resolveRollbackTarget(io.ecs, where, s.rollbackTo, current.arn, io.log)
  })
  const changes = diffTaskDefinitions(current.taskDefinition, target)
  io.log.info(formatChanges(changes).join('\n'))
  const prepared: Prepared = {
    taskDefinitionArn: target.taskDefinitionArn,
    toRegister: undefined,
    definition: target,
    runTaskContainer: undefined,
    renderedPath: undefined,
    images: imagesOf(target),
    changes,
    dryRun: [`dry-run: the service is not rolled back to ${shortArn(target.taskDefinitionArn)}.`]
  }
  return add(r, { prepared, targetArn: target.taskDefinitionArn })
}
