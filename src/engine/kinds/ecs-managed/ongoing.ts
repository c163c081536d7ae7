import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import type { Known } from '../../phases/roll-back/after-failure.js'
import { findOngoing, rollBackThroughEcs } from './roll-back.js'
import { awaitingHook } from './judge.js'
import type { CurrentService } from '../../phases/render/prepare.js'
import type { Outcome } from '../../phases/report/report.js'
import { verdictsOf, watch, type RolloutContext } from '../../phases/start/roll-out.js'
import type { WatchResult } from '../../phases/watch/loop.js'
import type { RolloutTarget } from '../../phases/watch/verdict.js'

/*
 * The two modes that act on a deployment ECS is already running (blue/green, linear, canary),
 * with no render and no register: `continue` answers its PAUSE hook with CONTINUE and watches it
 * to its end; `rollback` on a service whose deployment is paused or still in progress rolls that
 * deployment back through ECS (native-actions.ts), never with an UpdateService.
 */

/** The deployment ECS runs, as the step finds it before any write. */
export interface Ongoing {
  readonly sd: ServiceDeployment
  readonly target: RolloutTarget
}

/** The service's ongoing service deployment and the revisions it moves between (read only). */
export async function readOngoing(
  ctx: RolloutContext,
  current: CurrentService
): Promise<Ongoing | undefined> {
  const { d } = ctx
  const sd = await findOngoing(ctx, current.service)
  if (sd?.serviceDeploymentArn === undefined) return undefined
  const revision = async (arn: string | undefined) =>
    arn === undefined ? undefined : (await d.ecs.describeServiceRevision(arn))?.taskDefinition
  const primary = current.service.deployments?.find(x => x.status === 'PRIMARY')
  return {
    sd,
    target: {
      deploymentId: primary?.id ?? '',
      taskDefinitionArn:
        (await revision(sd.targetServiceRevision?.arn)) ?? current.arn ?? 'unknown',
      previousTaskDefinitionArn: await revision(sd.sourceServiceRevisions?.[0]?.arn),
      maxFailedTasks: 0,
      createdAt: sd.createdAt
    }
  }
}

/** mode continue: ContinueServiceDeployment CONTINUE on the paused hook, then the watch. */
export async function continuePaused(
  ctx: RolloutContext,
  current: CurrentService,
  ongoing: Ongoing | undefined,
  deadline: number,
  known: Known
): Promise<WatchResult | 'dry-run'> {
  const { s, d } = ctx
  const hook = awaitingHook(ongoing?.sd)
  if (ongoing === undefined || hook?.hookId === undefined) {
    const sd = ongoing?.sd
    throw new Error(
      `No deployment of service ${s.service} waits at a PAUSE hook: nothing to continue.${sd ? ` Its service deployment ${sd.serviceDeploymentArn} is ${sd.status} at stage ${sd.lifecycleStage ?? 'unknown'}.` : ''} Nothing was changed.`
    )
  }
  const arn = ongoing.sd.serviceDeploymentArn!
  const stage = ongoing.sd.lifecycleStage ?? 'unknown'
  if (s.dryRun) {
    d.log.info(`dry-run: the deployment paused at ${stage} (hook ${hook.hookId}) is not continued.`)
    return 'dry-run'
  }
  await d.log.group(`Continue the deployment paused at ${stage}`, async () => {
    await d.ecs.continueServiceDeployment(arn, hook.hookId!, 'CONTINUE')
    ctx.answeredHooks.add(hook.hookId!)
    d.log.info(
      `Asked ECS to continue service deployment ${arn} past hook ${hook.hookId} (ContinueServiceDeployment, action CONTINUE).`
    )
  })
  known.started = { target: ongoing.target, service: current.service }
  ctx.post.watching({
    cluster: s.cluster,
    service: s.service,
    region: d.region,
    deploymentId: ongoing.target.deploymentId,
    taskDefinitionArn: ongoing.target.taskDefinitionArn
  })
  const verdicts = verdictsOf(ctx, current.service)
  return d.log.group(`Watch the deployment to its end`, () =>
    watch(ctx, ongoing.target, {
      judge: verdicts.rollout,
      describe: verdicts.progress(),
      deadline,
      what: `The continued deployment ${arn}`,
      countStoppedTasks: false,
      serviceDeploymentArn: arn
    })
  )
}

/** mode rollback on a paused or ongoing deployment: ECS rolls it back; watched to its end. */
export async function rollBackOngoing(
  ctx: RolloutContext,
  current: CurrentService,
  ongoing: Ongoing,
  deadline: number,
  known: Known
): Promise<Outcome> {
  const { s, d } = ctx
  const { sd, target } = ongoing
  const paused = awaitingHook(sd) !== undefined
  d.log.info(
    `Service deployment ${sd.serviceDeploymentArn} is ${paused ? 'paused at a PAUSE hook' : sd.status} at stage ${sd.lifecycleStage ?? 'unknown'}: ECS rolls it back to the revision that ran before (${target.previousTaskDefinitionArn ?? 'unknown'}); no UpdateService.`
  )
  if (s.rollbackTo !== 'previous') {
    d.log.warning(
      `rollback-to is ${s.rollbackTo}, but a deployment ECS is running can only be rolled back to the revision it replaces; rollback-to is not used.`,
      'rollback-to not used'
    )
  }
  if (s.dryRun) {
    d.log.info('dry-run: ECS is not asked to roll the deployment back.')
    return 'dry-run'
  }
  known.started = { target, service: current.service }
  const back = await rollBackThroughEcs(ctx, target, current.service, sd, deadline, via => {
    known.rollback = { by: 'action', via, taskDefinitionArn: target.previousTaskDefinitionArn }
  })
  if (back === undefined) return 'failed'
  known.serviceDeployment = back.result.snapshot?.serviceDeployment ?? sd
  known.verdict = back.result.verdict
  known.rollback = {
    by: 'action',
    via: back.via,
    taskDefinitionArn: target.previousTaskDefinitionArn,
    verdict: back.result.verdict
  }
  d.log.info(
    `The rollback through ECS ${back.result.verdict.status}: ${back.result.verdict.reason}`
  )
  const v = back.result.verdict.status
  return v === 'succeeded' ? 'succeeded' : v === 'failed' ? 'failed' : 'unknown'
}
