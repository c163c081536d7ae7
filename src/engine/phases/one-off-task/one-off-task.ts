import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { runTags, type Tag } from '../../common/tags.js'
import type { Context } from '../../deps.js'
import { commandForLog } from '../../../shared/redact.js'
import { add, currentOf, type Phase } from '../../record.js'
import type { Prepared } from '../render/prepared.js'
import type { Verdict } from '../watch/verdict.js'
import { describeRunTask, runTaskClientToken, runTaskRequest } from './request.js'
import { runOneOffTask, type OneOffTaskResult } from './run.js'

/*
 * The one-off task (run-task-command, a migration): after registration, before the rollout
 * starts, the new revision runs once on the service's own network. A task that does not exit 0
 * leaves the service untouched and ends the run `failed`.
 */

export const runOneOffTaskPhase: Phase = async (r, x) => {
  const prepared = r.prepared
  if (prepared?.runTaskContainer === undefined || r.targetArn === undefined) return r
  const plan = oneOffTaskPlan(x, currentOf(r).service, prepared, r.targetArn, r.deadline)
  const runTask = await x.io.log.group(`One-off task: ${commandForLog(plan.command)}`, () =>
    runOneOffTask(x.io, {
      request: runTaskRequest(plan),
      taskDefinition: plan.definition,
      region: plan.region,
      deadline: plan.deadline,
      intervalMs: plan.intervalMs,
      logLines: plan.logLines
    })
  )
  const verdict = oneOffTaskVerdict(runTask)
  return add(r, verdict ? { runTask, verdict, outcome: 'failed' } : { runTask })
}

export interface OneOffTaskPlan {
  readonly cluster: string
  /** The service as DescribeServices read it: its network, launch type, platform version. */
  readonly service: Service
  readonly taskDefinitionArn: string
  readonly definition: Pick<TaskDefinition, 'containerDefinitions'>
  readonly container: string
  readonly command: readonly string[]
  readonly tags: readonly Tag[]
  /** RunTask's idempotency token (request.ts, runTaskClientToken). */
  readonly clientToken: string
  readonly region: string
  readonly deadline: number
  readonly intervalMs: number
  readonly logLines: number
}

/** The one-off task of a deploy: run-task-command in the new revision, on the service's network. */
export function oneOffTaskPlan(
  { s, io }: Context,
  service: Service,
  prepared: Pick<Prepared, 'definition' | 'runTaskContainer'>,
  taskDefinitionArn: string,
  deadline = 0
): OneOffTaskPlan {
  return {
    cluster: s.cluster,
    service,
    taskDefinitionArn,
    definition: prepared.definition,
    container: prepared.runTaskContainer ?? '',
    command: s.runTask?.command ?? [],
    tags: runTags(io.run),
    clientToken: runTaskClientToken(io.run, taskDefinitionArn),
    region: io.region,
    deadline,
    intervalMs: s.pollIntervalSeconds * 1000,
    logLines: s.logLines
  }
}

/** A one-off task that did not exit 0 fails the deploy before the service is touched. */
export function oneOffTaskVerdict(result: OneOffTaskResult): Verdict | undefined {
  if (result.status === 'succeeded') return undefined
  return { status: 'failed', kind: 'run-task', reason: result.reason, ecsRollingBack: false }
}

/** What a dry run says instead of running the task. */
export function dryRunNote(plan: OneOffTaskPlan): string {
  const request = runTaskRequest({ ...plan, taskDefinitionArn: '(the new revision)' })
  return `dry-run: no one-off task is run; the new revision would run once: ${describeRunTask(request)}.`
}
