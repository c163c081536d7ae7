import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import { describeError } from '../../../aws/errors.js'
import { warnIfDenied } from '../../common/permissions.js'
import type { Context } from '../../deps.js'
import type { Ongoing } from '../../kinds/kind.js'
import type { CurrentService } from '../read-service/current-service.js'

/*
 * A deployment under way on a service of the ECS controller, found through ECS's service
 * deployments (read only), and a PAUSE hook of one answered with CONTINUE:
 * - ContinueServiceDeployment: "You can continue a deployment that has a pause hook in
 *   AWAITING_ACTION status. The deployment must be in the IN_PROGRESS state." (API Reference)
 * - A paused hook shows status AWAITING_ACTION (DeploymentLifecycleHookDetail).
 */

/** The hook of a service deployment that awaits a ContinueServiceDeployment, if any. */
export function awaitingHook(
  sd: ServiceDeployment | undefined,
  answered: ReadonlySet<string> = new Set()
) {
  return sd?.lifecycleHookDetails?.find(
    h => h.status === 'AWAITING_ACTION' && h.hookId !== undefined && !answered.has(h.hookId)
  )
}

/** The service's ongoing service deployment and the revisions it moves between (read only). */
export async function findServiceDeployment(
  x: Context,
  current: CurrentService
): Promise<Ongoing | undefined> {
  const sd = await newestOngoing(x, current)
  if (sd?.serviceDeploymentArn === undefined) return undefined
  const revision = async (arn: string | undefined) =>
    arn === undefined ? undefined : (await x.io.ecs.describeServiceRevision(arn))?.taskDefinition
  const primary = current.service.deployments?.find(d => d.status === 'PRIMARY')
  const paused = awaitingHook(sd) !== undefined
  return {
    id: sd.serviceDeploymentArn,
    state: `Service deployment ${sd.serviceDeploymentArn} is ${paused ? 'paused at a PAUSE hook' : sd.status} at stage ${sd.lifecycleStage ?? 'unknown'}.`,
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

/** The newest service deployment of the service still PENDING or IN_PROGRESS, if any. */
async function newestOngoing(
  { s, io }: Context,
  current: CurrentService
): Promise<ServiceDeployment | undefined> {
  const resource = current.service.serviceArn ?? `${s.cluster}/${s.service}`
  try {
    const briefs = await io.ecs.listServiceDeployments(s.cluster, s.service, {
      status: ['PENDING', 'IN_PROGRESS']
    })
    const newest = briefs
      .filter(b => b.serviceDeploymentArn !== undefined)
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0]
    if (newest === undefined) return undefined
    return await io.ecs.describeServiceDeployment(newest.serviceDeploymentArn!)
  } catch (error) {
    const without = 'Without it the step cannot see a paused or ongoing deployment.'
    if (warnIfDenied(io.log, error, 'ecs:ListServiceDeployments', resource, without))
      return undefined
    throw new Error(`Reading the service's deployments failed: ${describeError(error)}`, {
      cause: error
    })
  }
}

/**
 * mode continue: ContinueServiceDeployment CONTINUE on the paused hook (nothing changed, and the
 * step stops, when no hook waits); 'dry-run' says what it would do instead.
 */
export async function continueServiceDeployment(
  { s, io }: Context,
  ongoing: Ongoing | undefined
): Promise<{ readonly hookId: string } | 'dry-run'> {
  const sd = ongoing?.sd
  const hook = awaitingHook(sd)
  if (sd === undefined || hook?.hookId === undefined) {
    throw new Error(
      `No deployment of service ${s.service} waits at a PAUSE hook: nothing to continue.${sd ? ` Its service deployment ${sd.serviceDeploymentArn} is ${sd.status} at stage ${sd.lifecycleStage ?? 'unknown'}.` : ''} Nothing was changed.`
    )
  }
  const hookId = hook.hookId
  const arn = sd.serviceDeploymentArn!
  const stage = sd.lifecycleStage ?? 'unknown'
  if (s.dryRun) {
    io.log.info(`dry-run: the deployment paused at ${stage} (hook ${hookId}) is not continued.`)
    return 'dry-run'
  }
  await io.log.group(`Continue the deployment paused at ${stage}`, async () => {
    await io.ecs.continueServiceDeployment(arn, hookId, 'CONTINUE')
    io.log.info(
      `Asked ECS to continue service deployment ${arn} past hook ${hookId} (ContinueServiceDeployment, action CONTINUE).`
    )
  })
  return { hookId }
}
