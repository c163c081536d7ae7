import { join } from 'node:path'
import { InputError } from '../../../shared/parse.js'
import { runTags } from '../../common/tags.js'
import { shortArn } from '../../common/task-definition-arn.js'
import type { Context } from '../../deps.js'
import { add, type Phase } from '../../record.js'
import { dryRunNote, oneOffTaskPlan } from '../one-off-task/one-off-task.js'
import { chooseContainer } from '../one-off-task/request.js'
import type { CurrentService } from '../read-service/current-service.js'
import { checkTaskDefinition } from '../validate/validate.js'
import { readBase } from './base.js'
import { readBaseFromArn, unchangedByRender } from './base-from-arn.js'
import { diffTaskDefinitions, formatChanges } from './diff.js'
import { imagesOf, type Prepared } from './prepared.js'
import { renderTaskDefinition } from './render.js'
import type { TaskDefinitionInput } from './task-definition-file.js'

/*
 * Deploy mode, before any write: the base (file, registered revision, or what runs), rendered
 * with the inputs, validated as RegisterTaskDefinition would, written to RUNNER_TEMP, and diffed
 * against what runs. A kind that registers nothing itself prepares its own request instead
 * (kind.prepare: Express Mode).
 */
export const prepareDeploy: Phase = async (r, x) => {
  // No service was read for a family without one (modes/family.ts): nothing runs to diff against.
  const current = r.current
  const own = r.kind?.prepare
  const prepared = await (own && current
    ? x.io.log.group('Check the inputs and prepare the request', () => own.deploy(x, current))
    : x.io.log.group('Render and validate the task definition', () => prepare(x, current)))
  return add(r, { prepared, targetArn: prepared.taskDefinitionArn })
}

async function prepare(x: Context, current: CurrentService | undefined): Promise<Prepared> {
  const { s, io } = x
  const fromArn = s.taskDefinitionArn
    ? await readBaseFromArn(io.ecs, s.taskDefinitionArn)
    : undefined
  const next = renderTaskDefinition(
    fromArn?.input ?? readBase(s, current?.taskDefinition, io.files),
    {
      ...s.render,
      region: io.region,
      tags: runTags(io.run)
    }
  )
  refuseInvalid(next, io.log)
  const path = writeRendered(x, next)
  const changes = diffTaskDefinitions(current?.taskDefinition, next)
  io.log.info(`Changes against ${current?.arn ? shortArn(current.arn) : 'nothing (first deploy)'}:`)
  for (const line of formatChanges(changes)) io.log.info(`  ${line}`)
  const asIs = fromArn && unchangedByRender(fromArn.input, next) ? fromArn.arn : undefined
  if (asIs) io.log.info(`The inputs change nothing in ${shortArn(asIs)}: it is deployed as it is.`)
  const runTaskContainer =
    s.runTask && chooseContainer(next, s.runTask.container, s.runTask.defaultContainer)
  const plan = { definition: next, runTaskContainer }
  return {
    taskDefinitionArn: asIs,
    toRegister: asIs ? undefined : next,
    definition: next,
    runTaskContainer,
    renderedPath: path,
    images: imagesOf(next),
    changes,
    dryRun: [
      ...(runTaskContainer !== undefined && current !== undefined
        ? [dryRunNote(oneOffTaskPlan(x, current.service, plan, ''))]
        : []),
      `dry-run: nothing registered${current ? ', the service is not updated' : ''}.`
    ]
  }
}

function refuseInvalid(next: TaskDefinitionInput, log: Context['io']['log']): void {
  const { problems, warnings } = checkTaskDefinition(next)
  for (const warning of warnings) log.warning(warning.message, warning.title)
  if (problems.length === 0) return
  throw new InputError(
    'task-definition',
    `the task definition is not valid; nothing was registered:\n- ${problems.join('\n- ')}`,
    problems
  )
}

function writeRendered({ io }: Context, next: TaskDefinitionInput): string {
  const path = join(io.tempDir, `${next.family}-task-definition.json`)
  io.files.writeText(path, `${JSON.stringify(next, null, 2)}\n`)
  io.log.info(`Rendered ${next.family} to ${path}.`)
  return path
}
