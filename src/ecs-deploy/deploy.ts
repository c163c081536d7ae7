import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Service, Tag, TaskDefinition } from '@aws-sdk/client-ecs'
import type { EcsApi } from '../aws/ecs.js'
import type { LogsApi } from '../aws/logs.js'
import type { Log } from '../common/log.js'
import { InputError } from '../common/parse.js'
import { diagnose, formatTask, type Diagnosis } from './diagnose.js'
import { diffTaskDefinitions, formatChanges, type Change } from './diff.js'
import { waitForHealthy, type HealthResult, type HttpGet } from './health-check.js'
import type { DeploySettings } from './inputs.js'
import { renderTaskDefinition, type ImageAssignment } from './render.js'
import { COMMIT_TAG, OUTCOME_TAG, RUN_TAG, resolveRollbackTarget } from './rollback-target.js'
import { createRolloutPoller } from './rollout-source.js'
import { shortArn, watchRollout, type RolloutTarget, type Verdict } from './rollout.js'
import {
  parseTaskDefinitionJson,
  withoutReadOnlyFields,
  type TaskDefinitionInput
} from './task-definition-file.js'
import { validateTaskDefinition } from './validate.js'
import { readBaseFromArn, unchangedByRender } from './base-from-arn.js'
import { ensureLogGroups } from './log-group.js'
import { lastLineNote, reportLogTails, tailStoppedTasks, type LogTail } from './log-tail.js'
import type { OneOffTaskResult } from './one-off-task.js'
import { chooseContainer } from './one-off-task-request.js'
import {
  dryRunNote,
  oneOffTaskVerdict,
  runOneOffTaskStep,
  type OneOffTaskStep
} from './one-off-task-step.js'

export type Outcome = 'succeeded' | 'failed' | 'rolled-back' | 'dry-run' | 'started'

export type { Log }

export interface DeployDeps {
  readonly ecs: EcsApi
  readonly logs: LogsApi
  readonly log: Log
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly httpGet: HttpGet
  /** Where the rendered task definition is written (RUNNER_TEMP). */
  readonly tempDir: string
  /** Keeps a value for the post step (core.saveState). */
  readonly saveState: (name: string, value: string) => void
  readonly run: { readonly sha: string; readonly runUrl: string }
  readonly region: string
}

export interface RollbackReport {
  readonly by: 'ecs' | 'action'
  readonly taskDefinitionArn: string | undefined
  readonly deploymentId?: string | undefined
  readonly verdict?: Verdict | undefined
}

/** Everything the outputs and the job summary say. */
export interface DeployReport {
  readonly mode: 'deploy' | 'rollback'
  readonly outcome: Outcome
  readonly cluster: string
  readonly service: string
  readonly region: string
  readonly taskDefinitionArn: string | undefined
  readonly previousTaskDefinitionArn: string | undefined
  readonly deploymentId: string | undefined
  readonly renderedPath: string | undefined
  readonly images: readonly ImageAssignment[]
  readonly changes: readonly Change[]
  readonly verdict: Verdict | undefined
  readonly health: HealthResult | undefined
  readonly diagnosis: Diagnosis | undefined
  readonly rollback: RollbackReport | undefined
  readonly startedAt: number
  readonly finishedAt: number
  /** The one-off task run before the rollout (run-task-command). */
  readonly runTask?: OneOffTaskResult | undefined
  /** The last log lines of the stopped containers that explain a failure. */
  readonly logTails?: readonly LogTail[] | undefined
}

/** The post step reads these to report a rollout the job was cancelled in. */
export const STATE = {
  cluster: 'cluster',
  service: 'service',
  region: 'region',
  deploymentId: 'deployment-id',
  taskDefinitionArn: 'task-definition-arn',
  watching: 'watching'
} as const

export class ValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The task definition is not valid; nothing was registered:\n- ${problems.join('\n- ')}`)
    this.name = 'ValidationError'
  }
}

/**
 * Deploy mode: base → render → validate → (dry run) → register → update → watch → diagnose →
 * roll back. Rollback mode: resolve the target → update → watch → diagnose. Nothing is written
 * to AWS before every check has passed.
 */
export async function runDeployment(s: DeploySettings, d: DeployDeps): Promise<DeployReport> {
  const startedAt = d.now()
  const { log, ecs } = d
  /** The revision deployed (its containers' logs) and the container a one-off task runs in. */
  let targetDefinition: {
    definition: Pick<TaskDefinition, 'containerDefinitions'>
    runTaskContainer?: string | undefined
  } = { definition: {} }
  let runTask: OneOffTaskResult | undefined
  let logTails: LogTail[] | undefined

  const current = await log.group(`Read service ${s.service} in ${s.cluster}`, async () => {
    const service = await ecs.describeService(s.cluster, s.service)
    if (service.status !== undefined && service.status !== 'ACTIVE') {
      throw new InputError(
        'service',
        `${s.service} in ${s.cluster} is ${service.status}; only an ACTIVE service can be deployed to.`
      )
    }
    const arn = service.taskDefinition
    log.info(
      `Service ${service.serviceName ?? s.service}: ${service.status ?? ''}, running ${arn ?? 'nothing'}.`
    )
    const described = arn ? await ecs.describeTaskDefinition(arn) : undefined
    return { service, arn, taskDefinition: described?.taskDefinition }
  })

  let targetArn: string
  let renderedPath: string | undefined
  let images: ImageAssignment[]
  let changes: Change[]
  const base = {
    mode: s.mode,
    cluster: s.cluster,
    service: s.service,
    region: d.region,
    previousTaskDefinitionArn: current.arn,
    startedAt
  }

  if (s.mode === 'rollback') {
    const target = await log.group('Choose the revision to roll back to', () => {
      if (current.arn === undefined)
        throw new Error(`Service ${s.service} runs no task definition to roll back from.`)
      return resolveRollbackTarget(ecs, s.rollbackTo, current.arn, m => log.info(m))
    })
    targetArn = target.taskDefinitionArn
    targetDefinition = { definition: target }
    images = imagesOf(target)
    changes = diffTaskDefinitions(current.taskDefinition, target)
    log.info(formatChanges(changes).join('\n'))
    if (s.dryRun) {
      log.info(`dry-run: the service is not rolled back to ${shortArn(targetArn)}.`)
      return finish({ ...base, outcome: 'dry-run', taskDefinitionArn: targetArn, images, changes })
    }
  } else {
    const rendered = await log.group('Render and validate the task definition', async () => {
      const fromArn = s.taskDefinitionArn
        ? await readBaseFromArn(ecs, s.taskDefinitionArn)
        : undefined
      const baseDefinition = fromArn?.input ?? readBase(s, current.taskDefinition)
      const next = renderTaskDefinition(baseDefinition, {
        ...s.render,
        region: d.region,
        tags: runTags(d)
      })
      const problems = validateTaskDefinition(next)
      if (problems.length > 0) throw new ValidationError(problems)
      const path = join(d.tempDir, `${next.family}-task-definition.json`)
      writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`)
      log.info(`Rendered ${next.family} to ${path}.`)
      const diff = diffTaskDefinitions(current.taskDefinition, next)
      log.info(`Changes against ${current.arn ? shortArn(current.arn) : 'nothing (first deploy)'}:`)
      for (const line of formatChanges(diff)) log.info(`  ${line}`)
      const asIs = fromArn && unchangedByRender(fromArn.input, next) ? fromArn.arn : undefined
      const runTaskContainer =
        s.runTask && chooseContainer(next, s.runTask.container, s.runTask.defaultContainer)
      return { next, path, diff, asIs, runTaskContainer }
    })
    renderedPath = rendered.path
    targetDefinition = { definition: rendered.next, runTaskContainer: rendered.runTaskContainer }
    images = imagesOf(rendered.next)
    changes = rendered.diff
    if (s.dryRun) {
      if (s.runTask)
        log.info(dryRunNote(oneOffTask(s, d, current.service, targetDefinition, startedAt)))
      log.info('dry-run: nothing registered, the service is not updated.')
      return finish({
        ...base,
        outcome: 'dry-run',
        taskDefinitionArn: undefined,
        renderedPath,
        images,
        changes
      })
    }
    await log.group('Log groups', () =>
      ensureLogGroups(d.logs, rendered.next, d.region, s.logRetentionDays, log)
    )
    targetArn =
      rendered.asIs ??
      (await log.group('Register the task definition', async () => {
        const registered = await ecs.registerTaskDefinition(rendered.next)
        log.info(`Registered ${registered.taskDefinitionArn}.`)
        return registered.taskDefinitionArn!
      }))
  }

  if (s.mode === 'deploy' && s.runTask && targetDefinition.runTaskContainer) {
    runTask = await runOneOffTaskStep(
      d,
      oneOffTask(s, d, current.service, targetDefinition, startedAt, targetArn)
    )
    const verdict = oneOffTaskVerdict(runTask)
    if (verdict) {
      const failed = { ...base, outcome: 'failed' as const, taskDefinitionArn: targetArn }
      return finish({ ...failed, renderedPath, images, changes, verdict })
    }
  }
  const started = await updateService(s, d, targetArn)
  if (!s.waitForServiceStability) {
    log.info(
      'wait-for-service-stability is false: the rollout is not watched, so its outcome is not known.'
    )
    return finish({
      ...base,
      outcome: 'started',
      taskDefinitionArn: targetArn,
      deploymentId: started.deploymentId,
      renderedPath,
      images,
      changes
    })
  }

  const deadline = startedAt + s.waitForMinutes * 60000
  const target: RolloutTarget = {
    deploymentId: started.deploymentId,
    taskDefinitionArn: targetArn,
    previousTaskDefinitionArn: current.arn,
    maxFailedTasks: s.maxFailedTasks
  }
  d.saveState(STATE.watching, 'true')
  let result = await log.group(`Watch deployment ${started.deploymentId}`, () =>
    watch(s, d, target, deadline)
  )
  let verdict = result.verdict
  let health: HealthResult | undefined
  if (verdict.status === 'succeeded' && s.healthCheckUrl !== '') {
    health = await log.group(`Health check ${s.healthCheckUrl}`, async () => {
      const h = await waitForHealthy(
        s.healthCheckUrl,
        Math.max(deadline, d.now()),
        s.pollIntervalSeconds * 1000,
        {
          get: d.httpGet,
          now: d.now,
          sleep: d.sleep
        }
      )
      log.info(
        h.healthy
          ? `Healthy (${h.lastStatus}).`
          : `Not healthy after ${h.attempts} tries: ${h.lastStatus}.`
      )
      return h
    })
    if (!health.healthy) {
      verdict = {
        status: 'failed',
        kind: 'health-check',
        reason: `${s.healthCheckUrl} did not answer 2xx before the time was up (last: ${health.lastStatus}).`,
        ecsRollingBack: false
      }
    }
  }
  d.saveState(STATE.watching, 'false')

  if (verdict.status === 'succeeded') {
    log.info(verdict.reason)
    if (s.mode === 'deploy') await tagOutcome(d, targetArn, 'succeeded')
    return finish({
      ...base,
      outcome: 'succeeded',
      taskDefinitionArn: targetArn,
      deploymentId: started.deploymentId,
      renderedPath,
      images,
      changes,
      verdict,
      health
    })
  }

  log.error(verdict.reason, `Deployment failed (${verdict.kind})`)
  const diagnosis = await log.group('Why the deployment failed', async () => {
    const service = result.snapshot?.service ?? (await ecs.describeService(s.cluster, s.service))
    const found = await diagnose(ecs, s.cluster, started.deploymentId, service, new Date(startedAt))
    logTails = await tailStoppedTasks(
      d.logs,
      targetDefinition.definition,
      found.tasks,
      s.logLines,
      d.region
    )
    reportDiagnosis(found, log, logTails)
    return found
  })
  if (s.mode === 'deploy') await tagOutcome(d, targetArn, 'failed')

  let rollback: RollbackReport | undefined
  if (verdict.ecsRollingBack) {
    rollback = { by: 'ecs', taskDefinitionArn: current.arn }
    log.info(
      'ECS is rolling the service back itself (circuit breaker with rollback); not rolling back again.'
    )
  } else if (verdict.kind === 'superseded') {
    log.info('Another deployment replaced this one: not rolling back over it.')
  } else if (!s.rollbackOnFailure) {
    log.info('rollback-on-failure is false: the service is left as it is.')
  } else if (current.arn !== undefined && current.arn !== targetArn) {
    const previous = current.arn
    log.info(`Rolling back to ${shortArn(previous)}.`)
    const back = await updateService(
      { ...s, desiredCount: undefined, forceNewDeployment: false },
      d,
      previous
    )
    d.saveState(STATE.watching, 'true')
    result = await log.group(`Watch rollback deployment ${back.deploymentId}`, () =>
      watch(
        s,
        d,
        {
          ...target,
          deploymentId: back.deploymentId,
          taskDefinitionArn: previous,
          previousTaskDefinitionArn: undefined
        },
        d.now() + s.waitForMinutes * 60000
      )
    )
    d.saveState(STATE.watching, 'false')
    log.info(`Rollback ${result.verdict.status}: ${result.verdict.reason}`)
    rollback = {
      by: 'action',
      taskDefinitionArn: previous,
      deploymentId: back.deploymentId,
      verdict: result.verdict
    }
  }
  const outcome: Outcome =
    rollback?.by === 'action' && rollback.verdict?.status === 'succeeded' ? 'rolled-back' : 'failed'
  return finish({
    ...base,
    outcome,
    taskDefinitionArn: targetArn,
    deploymentId: started.deploymentId,
    renderedPath,
    images,
    changes,
    verdict,
    health,
    diagnosis,
    rollback
  })

  function finish(
    partial: Omit<
      DeployReport,
      | 'finishedAt'
      | 'verdict'
      | 'health'
      | 'diagnosis'
      | 'rollback'
      | 'deploymentId'
      | 'renderedPath'
    > &
      Partial<
        Pick<
          DeployReport,
          'verdict' | 'health' | 'diagnosis' | 'rollback' | 'deploymentId' | 'renderedPath'
        >
      >
  ): DeployReport {
    return {
      runTask,
      logTails,
      verdict: undefined,
      health: undefined,
      diagnosis: undefined,
      rollback: undefined,
      deploymentId: undefined,
      renderedPath: undefined,
      ...partial,
      finishedAt: d.now()
    }
  }
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

async function updateService(s: DeploySettings, d: DeployDeps, taskDefinition: string) {
  return d.log.group(`Update service ${s.service}`, async () => {
    const service = await d.ecs.updateService({
      cluster: s.cluster,
      service: s.service,
      taskDefinition,
      desiredCount: s.desiredCount,
      forceNewDeployment: s.forceNewDeployment
    })
    const deploymentId = primaryDeployment(service, taskDefinition)
    d.saveState(STATE.cluster, s.cluster)
    d.saveState(STATE.service, s.service)
    d.saveState(STATE.region, d.region)
    d.saveState(STATE.deploymentId, deploymentId)
    d.saveState(STATE.taskDefinitionArn, taskDefinition)
    d.log.info(`Service updated to ${shortArn(taskDefinition)}: deployment ${deploymentId}.`)
    return { deploymentId }
  })
}

/** The deployment UpdateService started: the PRIMARY one, which runs the requested revision. */
function primaryDeployment(service: Service, taskDefinition: string): string {
  const primary = service.deployments?.find(x => x.status === 'PRIMARY')
  if (primary?.id === undefined)
    throw new Error('UpdateService answered without a PRIMARY deployment.')
  if (primary.taskDefinition !== undefined && primary.taskDefinition !== taskDefinition) {
    throw new Error(
      `UpdateService answered with PRIMARY deployment ${primary.id} on ${primary.taskDefinition}, not ${taskDefinition}.`
    )
  }
  return primary.id
}

function watch(s: DeploySettings, d: DeployDeps, target: RolloutTarget, deadline: number) {
  return watchRollout(
    target,
    { timeoutMs: Math.max(0, deadline - d.now()), intervalMs: s.pollIntervalSeconds * 1000 },
    {
      poll: createRolloutPoller(d.ecs, s.cluster, s.service, target.deploymentId, m =>
        d.log.info(m)
      ),
      now: d.now,
      sleep: d.sleep,
      log: m => d.log.info(m),
      warn: m => d.log.warning(m)
    }
  )
}

function reportDiagnosis(diagnosis: Diagnosis, log: Log, tails: readonly LogTail[]): void {
  if (diagnosis.tasks.length === 0) log.info('No stopped tasks of this deployment were found.')
  for (const task of diagnosis.tasks)
    log.error(`${formatTask(task)}${lastLineNote(tails, task.taskId)}`, 'Stopped task')
  reportLogTails(tails, log)
  if (diagnosis.events.length > 0) {
    log.info('Service events since the deploy began:')
    for (const event of diagnosis.events) log.info(`  ${event}`)
  }
}

async function tagOutcome(
  d: DeployDeps,
  arn: string,
  outcome: 'succeeded' | 'failed'
): Promise<void> {
  const tags: Tag[] = [{ key: OUTCOME_TAG, value: outcome }]
  try {
    await d.ecs.tagResource(arn, tags)
  } catch (error) {
    d.log.warning(
      `Could not tag ${shortArn(arn)} with its outcome (${error instanceof Error ? error.message : String(error)}); rollback to "previous" then falls back to revision order.`
    )
  }
}

/** The one-off task of the deploy: the settings' command on the service's network. */
function oneOffTask(
  s: DeploySettings,
  d: DeployDeps,
  service: Service,
  target: {
    definition: Pick<TaskDefinition, 'containerDefinitions'>
    runTaskContainer?: string | undefined
  },
  startedAt: number,
  taskDefinitionArn = ''
): OneOffTaskStep {
  return {
    cluster: s.cluster,
    service,
    taskDefinitionArn,
    definition: target.definition,
    container: target.runTaskContainer ?? '',
    command: s.runTask?.command ?? [],
    tags: runTags(d),
    region: d.region,
    deadline: startedAt + s.waitForMinutes * 60000,
    intervalMs: s.pollIntervalSeconds * 1000,
    logLines: s.logLines
  }
}

/** The tags that tie what the deploy creates (a revision, a one-off task) to the commit and run. */
function runTags(d: DeployDeps): { key: string; value: string }[] {
  return [
    ...(d.run.sha ? [{ key: COMMIT_TAG, value: d.run.sha }] : []),
    ...(d.run.runUrl ? [{ key: RUN_TAG, value: d.run.runUrl }] : [])
  ]
}

function imagesOf(td: Pick<TaskDefinition, 'containerDefinitions'>): ImageAssignment[] {
  return (td.containerDefinitions ?? []).map(c => ({
    container: c.name ?? '',
    image: c.image ?? ''
  }))
}
