import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import type { DeployDeps } from '../../deps.js'
import type { DeploySettings } from '../../settings/settings.js'
import { runOneOffTask, type OneOffTaskDeps, type OneOffTaskResult } from './run.js'
import { describeRunTask, runTaskRequest } from './request.js'
import { runTags, type Prepared } from '../render/prepare.js'
import type { Verdict } from '../watch/verdict.js'

/*
 * The deploy's one-off task phase (after registration, before UpdateService) in one call, so the
 * deploy sequence only says when it runs and what a failure means.
 */

export interface OneOffTaskStep {
  readonly cluster: string
  /** The service as DescribeServices read it: its network, launch type, platform version. */
  readonly service: Service
  readonly taskDefinitionArn: string
  readonly definition: Pick<TaskDefinition, 'containerDefinitions'>
  readonly container: string
  readonly command: readonly string[]
  readonly tags: readonly { readonly key: string; readonly value: string }[]
  readonly region: string
  readonly deadline: number
  readonly intervalMs: number
  readonly logLines: number
}

/** The one-off task of a deploy: run-task-command in the new revision, on the service's network. */
export function oneOffTaskStep(
  s: DeploySettings,
  d: Pick<DeployDeps, 'run' | 'region'>,
  service: Service,
  prepared: Pick<Prepared, 'definition' | 'runTaskContainer'>,
  taskDefinitionArn: string,
  startedAt: number
): OneOffTaskStep {
  return {
    cluster: s.cluster,
    service,
    taskDefinitionArn,
    definition: prepared.definition,
    container: prepared.runTaskContainer ?? '',
    command: s.runTask?.command ?? [],
    tags: runTags(d.run),
    region: d.region,
    deadline: startedAt + s.waitForMinutes * 60000,
    intervalMs: s.pollIntervalSeconds * 1000,
    logLines: s.logLines
  }
}

export function runOneOffTaskStep(
  d: OneOffTaskDeps,
  step: OneOffTaskStep
): Promise<OneOffTaskResult> {
  return d.log.group(`One-off task: ${JSON.stringify(step.command)}`, () =>
    runOneOffTask(d, {
      request: runTaskRequest(step),
      taskDefinition: step.definition,
      region: step.region,
      deadline: step.deadline,
      intervalMs: step.intervalMs,
      logLines: step.logLines
    })
  )
}

/** A one-off task that did not exit 0 fails the deploy before the service is touched. */
export function oneOffTaskVerdict(result: OneOffTaskResult): Verdict | undefined {
  if (result.status === 'succeeded') return undefined
  return { status: 'failed', kind: 'run-task', reason: result.reason, ecsRollingBack: false }
}

/** What a dry run says instead of running the task. */
export function dryRunNote(step: OneOffTaskStep): string {
  const request = runTaskRequest({ ...step, taskDefinitionArn: '(the new revision)' })
  return `dry-run: no one-off task is run; the new revision would run once: ${describeRunTask(request)}.`
}
