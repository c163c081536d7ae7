import { add, type Phase } from '../../record.js'
import { ensureLogGroups } from './log-group.js'

/*
 * The first writes of a deploy, once every check has passed: the awslogs groups the new revision
 * writes to (so its first tasks do not stop with ResourceInitializationError), then the revision
 * itself, unless task-definition-arn names one the inputs leave as it is.
 */
export const registerRevision: Phase = async (r, { s, io }) => {
  const prepared = r.prepared
  if (prepared === undefined) throw new Error('Nothing was rendered to register.')
  // The kind's start sends its request as prepared: ECS registers the revision (Express Mode).
  if (prepared.request !== undefined) return r
  await io.log.group('Log groups', () =>
    ensureLogGroups(io.logs, prepared.definition, io.region, s.logRetentionDays, io.log)
  )
  if (prepared.taskDefinitionArn !== undefined) return r
  if (prepared.toRegister === undefined) throw new Error('Nothing was rendered to register.')
  const input = prepared.toRegister
  const targetArn = await io.log.group('Register the task definition', async () => {
    const registered = await io.ecs.registerTaskDefinition(input)
    io.log.info(`Registered ${registered.taskDefinitionArn}.`)
    return registered.taskDefinitionArn!
  })
  return add(r, { targetArn })
}
