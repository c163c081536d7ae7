import type { DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy'
import type { FailureKind, Followed, Judgement, Verdict } from '../../phases/watch/verdict.js'
import type { WaitUntil } from '../../settings/settings.js'
import {
  allEventsSucceeded,
  originalOf,
  replacementOf,
  trafficLine,
  whyFailed
} from './describe.js'
import type { CodeDeployPoll } from './snapshot.js'

/*
 * The verdict on a CodeDeploy deployment of an ECS service, pure: read from GetDeployment and
 * GetDeploymentTarget. In the API Reference's and User Guide's words:
 * - DeploymentInfo.status: "Created", "Queued", "InProgress", "Baking", "Succeeded", "Failed",
 *   "Stopped", "Ready". "After all events succeed, the deployment status is set to Succeeded and
 *   the original task set is removed." (User Guide, Deployments on an Amazon ECS Compute Platform)
 * - terminationWaitTimeInMinutes: "For an Amazon ECS deployment, the number of minutes before
 *   deleting the original (blue) task set." wait-until ready ends once every lifecycle event has
 *   succeeded (AfterAllowTraffic included), before that wait.
 * - DeploymentReadyOption STOP_DEPLOYMENT: "Do not register new instances with a load balancer
 *   unless traffic rerouting is started using ContinueDeployment. If traffic rerouting is not
 *   started before the end of the specified wait period, the deployment status is changed to
 *   Stopped." Such a deployment shows status Ready: paused.
 * - rollbackInfo.rollbackDeploymentId: "The ID of the deployment rollback." A failed or stopped
 *   deployment that names one is rolled back by CodeDeploy itself (autoRollbackConfiguration):
 *   "CodeDeploy rolls back deployments by redeploying a previously deployed revision of an
 *   application as a new deployment." (User Guide, Redeploy and roll back a deployment)
 */

export interface CodeDeployJudgeOptions {
  readonly waitUntil: WaitUntil
  /** Deployments this step continued from Ready (a read may still show them Ready). */
  readonly continued?: ReadonlySet<string>
}

const ACTIVE = new Set(['Created', 'Queued', 'InProgress', 'Baking', 'Ready'])
export const isActive = (d: DeploymentInfo | undefined): boolean => ACTIVE.has(d?.status ?? '')

const verdict = (v: Verdict): Judgement => ({ kind: 'verdict', verdict: v })

/** What made CodeDeploy fail or stop the deployment, from its errorInformation code. */
export function causeOf(d: DeploymentInfo): FailureKind {
  switch (d.errorInformation?.code) {
    case 'HOOK_EXECUTION_FAILURE':
      return 'hook'
    case 'ALARM_ACTIVE':
      return 'alarm'
    case 'TIMEOUT':
      return 'timeout'
    case 'MANUAL_STOP':
      return 'stopped'
    case 'ECS_UPDATE_ERROR':
      return 'failed-tasks'
    default:
      return d.status === 'Stopped' ? 'stopped' : 'codedeploy'
  }
}

/** Our deployment (or one this step continued): succeeded, failed, paused at Ready, or pending. */
export function judgeCodeDeploy(o: CodeDeployJudgeOptions) {
  return (snapshot: CodeDeployPoll, followed: Followed): Judgement => {
    const cd = snapshot.codeDeploy
    const id = followed.ids[0] as string
    if (cd === undefined) return { kind: 'stale', why: `CodeDeploy does not show ${id} yet` }
    const d = cd.deployment
    switch (d.status) {
      case 'Succeeded':
        return verdict({
          status: 'succeeded',
          reason: `CodeDeploy deployment ${id} Succeeded${traffic(cd.target)}.`
        })
      case 'Failed':
      case 'Stopped':
        return ended(d, cd.target)
      case 'Ready':
        return o.continued?.has(id) ? { kind: 'pending' } : paused(d)
      default:
        return o.waitUntil !== 'completed' && allEventsSucceeded(cd.target)
          ? ready(d, cd.target)
          : { kind: 'pending' }
    }
  }
}

const traffic = (t: ECSTarget | undefined) => {
  const line = trafficLine(t)
  return line ? ` (${line})` : ''
}

function ended(d: DeploymentInfo, t: ECSTarget | undefined): Judgement {
  const rollbackId = d.rollbackInfo?.rollbackDeploymentId
  return verdict({
    status: 'failed',
    kind: causeOf(d),
    reason: `CodeDeploy deployment ${d.deploymentId ?? '?'} ${d.status ?? '?'}: ${whyFailed(d, t)}${rollbackId ? `. CodeDeploy rolls it back with deployment ${rollbackId}.` : '.'}`,
    ecsRollingBack: rollbackId !== undefined
  })
}

function paused(d: DeploymentInfo): Judgement {
  const id = d.deploymentId ?? '?'
  return verdict({
    status: 'paused',
    stage: 'Ready',
    hookId: id,
    reason: `CodeDeploy deployment ${id} is Ready: the replacement task set runs and takes test traffic; production traffic moves only once someone continues it (the deployment group's deploymentReadyOption is STOP_DEPLOYMENT: ContinueDeployment, or CodeDeploy stops it when its wait ends).`
  })
}

function ready(d: DeploymentInfo, t: ECSTarget | undefined): Judgement {
  const waiting = d.instanceTerminationWaitTimeStarted
    ? ' CodeDeploy keeps the original task set for its termination wait, then removes it.'
    : ''
  return verdict({
    status: 'succeeded',
    reason: `CodeDeploy deployment ${d.deploymentId ?? '?'}: every lifecycle event succeeded and production traffic is on the replacement task set${traffic(t)}. wait-until is ready: the step does not wait for the deployment to end.${waiting}`
  })
}

/**
 * The rollback of our deployment, to its end: the rollback deployment CodeDeploy started for it
 * (followed as soon as a read names it); without one, where production traffic is.
 */
export function judgeCodeDeployRollback(snapshot: CodeDeployPoll, followed: Followed): Judgement {
  const cd = snapshot.codeDeploy
  if (cd === undefined)
    return { kind: 'stale', why: `CodeDeploy does not show ${followed.ids[0]} yet` }
  const back = cd.rollback
  if (back === undefined) return withoutRollback(cd.deployment, cd.target)
  const id = back.deployment.deploymentId ?? '?'
  if (!followed.ids.includes(id)) {
    return {
      kind: 'follow',
      deploymentId: id,
      why: `CodeDeploy rolls ${followed.ids[0]} back with deployment ${id}.`
    }
  }
  switch (back.deployment.status) {
    case 'Succeeded':
      return verdict({
        status: 'succeeded',
        reason: `CodeDeploy's rollback deployment ${id} Succeeded: production traffic is back on the original task set.`
      })
    case 'Failed':
    case 'Stopped':
      return verdict({
        status: 'failed',
        kind: 'rollback-failed',
        reason: `CodeDeploy's rollback deployment ${id} ${back.deployment.status}: ${whyFailed(back.deployment, back.target)}`,
        ecsRollingBack: false
      })
    default:
      return { kind: 'pending' }
  }
}

/** No rollback deployment (yet): decided by where production traffic is once ours has ended. */
function withoutRollback(d: DeploymentInfo, t: ECSTarget | undefined): Judgement {
  const id = d.deploymentId ?? '?'
  if (isActive(d)) return { kind: 'pending' }
  const green = replacementOf(t)
  if (green !== undefined && !d.rollbackInfo?.rollbackMessage) {
    return { kind: 'stale', why: `CodeDeploy names no rollback deployment for ${id} yet` }
  }
  if ((green?.trafficWeight ?? 0) === 0 && (originalOf(t)?.trafficWeight ?? 100) > 0) {
    return verdict({
      status: 'succeeded',
      reason: `CodeDeploy deployment ${id} ${d.status ?? '?'} before production traffic moved; the original task set serves it, with no rollback deployment needed.`
    })
  }
  return verdict({
    status: 'failed',
    kind: 'rollback-failed',
    reason: `CodeDeploy started no rollback deployment for ${id}${d.rollbackInfo?.rollbackMessage ? ` (${d.rollbackInfo.rollbackMessage})` : ''}, and production traffic is on the replacement task set${traffic(t)}.`,
    ecsRollingBack: false
  })
}
