import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { InputError } from '../../../shared/parse.js'
import type { DeployDeps } from '../../deps.js'
import { readBaseFromArn, unchangedByRender } from './base-from-arn.js'
import { diffTaskDefinitions, formatChanges, type Change } from './diff.js'
import type { DeploySettings } from '../../settings/settings.js'
import { chooseContainer } from '../one-off-task/request.js'
import { renderTaskDefinition, type ImageAssignment } from './render.js'
import {
  COMMIT_TAG,
  OUTCOME_TAG,
  RUN_TAG,
  resolveRollbackTarget
} from '../roll-back/rollback-target.js'
import { shortArn } from '../watch/verdict.js'
import {
  parseTaskDefinitionJson,
  withoutReadOnlyFields,
  type TaskDefinitionInput
} from './task-definition-file.js'
import { validateTaskDefinition } from '../validate/validate.js'

/*
 * Everything before the first write: read the service, then prepare a deploy (render and
 * validate) or a rollback (resolve and check the target). Read-only calls only.
 */

/** The service as it was when the step began. */
export interface CurrentService {
  readonly service: Service
  readonly arn: string | undefined
  readonly taskDefinition: TaskDefinition | undefined
  /** The running revision's outcome tag, if deploy mode set one. */
  readonly outcome: string | undefined
  /** One deployment, COMPLETED, running = desired: ECS had finished rolling it out. */
  readonly steady: boolean
}

/** What a deploy or rollback will roll out. */
export interface Prepared {
  /**
   * The revision to roll out; undefined for a deploy until it is registered (a
   * task-definition-arn the inputs leave unchanged is rolled out as it is).
   */
  readonly taskDefinitionArn: string | undefined
  /** The rendered task definition to register (deploy mode), unless rolled out as it is. */
  readonly toRegister: TaskDefinitionInput | undefined
  /** The revision rolled out, as far as its containers go (their awslogs streams). */
  readonly definition: Pick<TaskDefinition, 'containerDefinitions'>
  /** The container the one-off task runs in (run-task-command), if there is one. */
  readonly runTaskContainer: string | undefined
  readonly renderedPath: string | undefined
  readonly images: ImageAssignment[]
  readonly changes: Change[]
}

/*
 * "For services using the blue/green (CODE_DEPLOY) deployment controller, only the desired count,
 * deployment configuration, health check grace period, task placement constraints and
 * strategies, enable ECS managed tags option, and propagate tags can be updated using this API.
 * If the network configuration, platform version, task definition, or load balancer need to be
 * updated, create a new CodeDeploy deployment." / "For services using an external deployment
 * controller, you can update only the desired count, task placement constraints and strategies,
 * health check grace period, enable ECS managed tags option, and propagate tags option, using
 * this API. If the launch type, load balancer, network configuration, platform version, or task
 * definition need to be updated, create a new task set." (ECS API Reference, UpdateService)
 */
const OTHER_CONTROLLERS: Record<string, string> = {
  CODE_DEPLOY:
    'the CODE_DEPLOY (blue/green with AWS CodeDeploy) deployment controller, whose task definition UpdateService cannot change. Deploy it with a CodeDeploy deployment (for example aws-actions/amazon-ecs-deploy-task-definition with codedeploy-appspec), or move the service to the ECS controller, which does blue/green itself (strategy BLUE_GREEN).',
  EXTERNAL:
    'the EXTERNAL deployment controller, whose task sets a third-party controller manages (CreateTaskSet, UpdateServicePrimaryTaskSet); UpdateService cannot change its task definition. Deploy through that controller, or move the service to the ECS controller.'
}

export async function readService(s: DeploySettings, d: DeployDeps): Promise<CurrentService> {
  const { log, ecs } = d
  return log.group(`Read service ${s.service} in ${s.cluster}`, async () => {
    const service = await ecs.describeService(s.cluster, s.service)
    if (service.status !== undefined && service.status !== 'ACTIVE') {
      throw new InputError(
        'service',
        `${s.service} in ${s.cluster} is ${service.status}; only an ACTIVE service can be deployed to.`
      )
    }
    const controller = service.deploymentController?.type ?? 'ECS'
    if (controller !== 'ECS') {
      throw new InputError(
        'service',
        `${s.service} uses ${OTHER_CONTROLLERS[controller] ?? `the ${controller} deployment controller; only the ECS controller is supported.`} Nothing was registered or changed.`
      )
    }
    const arn = service.taskDefinition
    log.info(
      `Service ${service.serviceName ?? s.service}: ${service.status ?? ''}, running ${arn ?? 'nothing'}.`
    )
    const described = arn ? await ecs.describeTaskDefinition(arn) : undefined
    const deployments = service.deployments ?? []
    const only = deployments.length === 1 ? deployments[0] : undefined
    return {
      service,
      arn,
      taskDefinition: described?.taskDefinition,
      outcome: described?.tags.find(t => t.key === OUTCOME_TAG)?.value,
      steady:
        only !== undefined &&
        only.rolloutState === 'COMPLETED' &&
        (only.runningCount ?? 0) === (only.desiredCount ?? 0)
    }
  })
}

/** Deploy mode: render and validate the task definition, write it to RUNNER_TEMP, diff it. */
export async function prepareDeploy(
  s: DeploySettings,
  d: DeployDeps,
  current: CurrentService
): Promise<Prepared> {
  const { log } = d
  return log.group('Render and validate the task definition', async () => {
    const fromArn = s.taskDefinitionArn
      ? await readBaseFromArn(d.ecs, s.taskDefinitionArn)
      : undefined
    const next = renderTaskDefinition(fromArn?.input ?? readBase(s, current.taskDefinition), {
      ...s.render,
      region: d.region,
      tags: runTags(d.run)
    })
    const problems = validateTaskDefinition(next)
    if (problems.length > 0) {
      throw new InputError(
        'task-definition',
        `the task definition is not valid; nothing was registered:\n- ${problems.join('\n- ')}`,
        problems
      )
    }
    const path = join(d.tempDir, `${next.family}-task-definition.json`)
    writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`)
    log.info(`Rendered ${next.family} to ${path}.`)
    const changes = diffTaskDefinitions(current.taskDefinition, next)
    log.info(`Changes against ${current.arn ? shortArn(current.arn) : 'nothing (first deploy)'}:`)
    for (const line of formatChanges(changes)) log.info(`  ${line}`)
    const asIs = fromArn && unchangedByRender(fromArn.input, next) ? fromArn.arn : undefined
    if (asIs) log.info(`The inputs change nothing in ${shortArn(asIs)}: it is deployed as it is.`)
    return {
      taskDefinitionArn: asIs,
      toRegister: asIs ? undefined : next,
      definition: next,
      runTaskContainer:
        s.runTask && chooseContainer(next, s.runTask.container, s.runTask.defaultContainer),
      renderedPath: path,
      images: imagesOf(next),
      changes
    }
  })
}

/** Rollback mode: resolve `rollback-to` and check it; diff it against what runs. */
export async function prepareRollback(
  s: DeploySettings,
  d: DeployDeps,
  current: CurrentService
): Promise<Prepared> {
  const { log } = d
  const target = await log.group('Choose the revision to roll back to', () => {
    if (current.arn === undefined)
      throw new Error(`Service ${s.service} runs no task definition to roll back from.`)
    return resolveRollbackTarget(
      d.ecs,
      { cluster: s.cluster, service: s.service },
      s.rollbackTo,
      current.arn,
      log
    )
  })
  const changes = diffTaskDefinitions(current.taskDefinition, target)
  log.info(formatChanges(changes).join('\n'))
  return {
    taskDefinitionArn: target.taskDefinitionArn,
    toRegister: undefined,
    definition: target,
    runTaskContainer: undefined,
    renderedPath: undefined,
    images: imagesOf(target),
    changes
  }
}

/** The tags that tie what a deploy creates (a revision, a one-off task) to the commit and run. */
export function runTags(run: DeployDeps['run']): { key: string; value: string }[] {
  return [
    ...(run.sha ? [{ key: COMMIT_TAG, value: run.sha }] : []),
    ...(run.runUrl ? [{ key: RUN_TAG, value: run.runUrl }] : [])
  ]
}

function readBase(s: DeploySettings, running: TaskDefinition | undefined): TaskDefinitionInput {
  if (s.taskDefinitionFile !== '') {
    let text: string
    try {
      text = readFileSync(s.taskDefinitionFile, 'utf8')
    } catch {
      throw new InputError(
        'task-definition',
        `cannot read ${s.taskDefinitionFile}. Give a path relative to the workspace.`
      )
    }
    return parseTaskDefinitionJson(text, s.taskDefinitionFile)
  }
  if (running === undefined) {
    throw new InputError(
      'task-definition',
      'the service runs no task definition to start from. Give a task definition file.'
    )
  }
  return withoutReadOnlyFields(running)
}

function imagesOf(td: Pick<TaskDefinition, 'containerDefinitions'>): ImageAssignment[] {
  return (td.containerDefinitions ?? []).map(c => ({
    container: c.name ?? '',
    image: c.image ?? ''
  }))
}
