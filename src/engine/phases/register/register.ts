import type { DeployDeps } from '../../deps.js'
import type { DeploySettings } from '../../settings/settings.js'
import { ensureLogGroups } from './log-group.js'
import type { Prepared } from '../render/prepare.js'

/*
 * The first writes of a deploy, once every check has passed: the awslogs groups the new revision
 * writes to (so its first tasks do not stop with ResourceInitializationError), then the revision
 * itself, unless task-definition-arn names one the inputs leave as it is.
 */

/** The ARN of the revision to roll out. Rollback mode rolls out its target and writes nothing. */
export async function revisionToRollOut(
  s: DeploySettings,
  d: DeployDeps,
  prepared: Prepared
): Promise<string> {
  if (s.mode === 'rollback' && prepared.taskDefinitionArn !== undefined)
    return prepared.taskDefinitionArn
  await d.log.group('Log groups', () =>
    ensureLogGroups(d.logs, prepared.definition, d.region, s.logRetentionDays, d.log)
  )
  if (prepared.taskDefinitionArn !== undefined) return prepared.taskDefinitionArn
  return d.log.group('Register the task definition', async () => {
    const registered = await d.ecs.registerTaskDefinition(prepared.toRegister!)
    d.log.info(`Registered ${registered.taskDefinitionArn}.`)
    return registered.taskDefinitionArn!
  })
}
