import type { ECSTarget } from '@aws-sdk/client-codedeploy'
import { errorName } from '../../../aws/errors.js'
import { warnIfDenied } from '../../common/permissions.js'
import { shortArn } from '../../common/task-definition-arn.js'
import type { Context } from '../../deps.js'
import type { RollbackReport } from '../../phases/report/report.js'
import type { Verdict } from '../../phases/watch/verdict.js'
import { type FailedRollout, type RolledBack, type Started, unknownRollback } from '../kind.js'
import { type AppSpec } from './appspec.js'
import { replacementOf } from './describe.js'
import { isActive } from './judge.js'
import { readAppSpec } from './plan.js'
import { createDeployment } from './start.js'
import { watchCodeDeploy } from './watch.js'
import { codeDeployApi } from './group.js'
import { codeDeployOf, type CodeDeploySnapshot } from './snapshot.js'

/*
 * A rollback through CodeDeploy, never an UpdateService:
 * - a deployment still under way (a timeout, a failed health check at Ready or in the termination
 *   wait): StopDeployment with autoRollbackEnabled, "Indicates, when a deployment is stopped,
 *   whether instances that have been updated should be rolled back to the previous version of the
 *   application revision." (CodeDeploy API Reference). CodeDeploy "implements rollbacks by
 *   rerouting traffic from the replacement task set to the original task set" (User Guide) in a
 *   rollback deployment, which is watched to its end.
 * - a deployment that ended (Failed or Stopped) without CodeDeploy's own rollback, after
 *   production traffic had moved: the previous revision is deployed through CodeDeploy, as
 *   CodeDeploy itself rolls back ("by redeploying a previously deployed revision of an application
 *   as a new deployment", User Guide, Redeploy and roll back a deployment).
 * - one that ended before production traffic moved changed nothing to roll back; where that is
 *   not known (the deployment target unread, no PRIMARY task set of it), nothing is rolled back
 *   on a guess, and the step says so.
 */

/** StopDeployment with autoRollbackEnabled, and CodeDeploy's rollback watched to its end. */
export async function stopWithRollback(
  x: Context,
  started: Started,
  previousArn: string | undefined,
  deadline: number
): Promise<RolledBack | undefined> {
  const id = started.target.deploymentId
  if (!(await askToStop(x, id))) return undefined
  const report: RollbackReport = {
    by: 'action',
    via: 'StopDeployment',
    taskDefinitionArn: previousArn
  }
  try {
    const back = await x.io.log.group(`Watch CodeDeploy's rollback of ${id}`, () =>
      watchCodeDeploy(x, {
        started,
        watching: 'rollback',
        deadline,
        what: `CodeDeploy's rollback of ${id}`,
        answeredHooks: []
      })
    )
    x.io.log.info(`The rollback through CodeDeploy ${back.verdict.status}: ${back.verdict.reason}`)
    const rollbackId = back.deploymentId !== id ? back.deploymentId : undefined
    return {
      report: { ...report, deploymentId: rollbackId, verdict: back.verdict },
      kindView: back.kindView
    }
  } catch (error) {
    return unknownRollback(x.io.log, report, error)
  }
}

/** StopDeployment with autoRollbackEnabled; false (said in the log) when the role may not. */
async function askToStop({ io }: Context, id: string): Promise<boolean> {
  try {
    await codeDeployApi(io).stopDeployment(id, true)
    io.log.info(
      `Asked CodeDeploy to stop deployment ${id} and roll it back (StopDeployment, autoRollbackEnabled).`
    )
  } catch (error) {
    if (errorName(error) !== 'DeploymentAlreadyCompletedException') {
      const without = 'CodeDeploy goes on with the deployment; it is not rolled back.'
      if (warnIfDenied(io.log, error, 'codedeploy:StopDeployment', '*', without)) return false
      throw error
    }
    io.log.info(`Deployment ${id} ended before StopDeployment; watching what CodeDeploy did.`)
  }
  return true
}

/** After a failure: stop with rollback while under way; else redeploy the previous revision. */
export async function rollBackCodeDeploy(
  x: Context,
  failed: FailedRollout,
  appSpec: AppSpec | undefined
): Promise<RolledBack | undefined> {
  const cd = codeDeployOf(failed.result.kindView)
  const d = cd?.deployment
  if (cd === undefined || d === undefined) {
    x.io.log.info(
      'The CodeDeploy deployment was never read, so where it stands is not known: not rolling back on a guess.'
    )
    return undefined
  }
  const target = {
    ...failed.started.target,
    deploymentId: d.deploymentId ?? failed.result.deploymentId
  }
  const started = { ...failed.started, target }
  if (isActive(d)) return stopWithRollback(x, started, failed.current.arn, failed.deadline)
  if (cd.target === undefined && d.status !== 'Succeeded') {
    if (await replacementServes(x, target.deploymentId)) return redeploy(x, { failed, cd, appSpec })
    x.io.log.warning(
      `Whether production traffic moved to the replacement task set of ${target.deploymentId} is not known: its deployment target could not be read, and ECS shows no task set of it serving production traffic (PRIMARY). Not rolling back on a guess: check the service's task sets, and roll back with mode: rollback if the new revision serves traffic.`,
      'State unknown'
    )
    return undefined
  }
  if (!trafficMoved(d.status, cd.target)) {
    x.io.log.info(
      `CodeDeploy deployment ${target.deploymentId} ${d.status ?? 'ended'} before production traffic moved to the replacement task set, and CodeDeploy started no rollback: the original task set still serves production traffic, so there is nothing to roll back.`
    )
    return undefined
  }
  return redeploy(x, { failed, cd, appSpec })
}

/*
 * Without the deployment target, ECS tells who serves production traffic: "PRIMARY: The task set
 * is serving production traffic. ACTIVE: The task set is not serving production traffic."
 * (ECS API Reference, TaskSet status); CodeDeploy's task set carries the deployment's id as its
 * externalId. ACTIVE does not prove no traffic moved (a canary or linear shift serves from both),
 * so only PRIMARY answers.
 */
async function replacementServes(x: Context, deploymentId: string): Promise<boolean> {
  try {
    const service = await x.io.ecs.describeService(x.s.cluster, x.s.service)
    const ours = service?.taskSets?.find(s => s.externalId === deploymentId)
    return ours?.status === 'PRIMARY'
  } catch {
    return false
  }
}

/** Production traffic went to the replacement task set (or the deployment Succeeded). */
function trafficMoved(status: string | undefined, t: ECSTarget | undefined): boolean {
  return status === 'Succeeded' || (replacementOf(t)?.trafficWeight ?? 0) > 0
}

interface Redeploy {
  readonly failed: FailedRollout
  readonly cd: CodeDeploySnapshot
  readonly appSpec: AppSpec | undefined
}

/** The previous revision deployed through CodeDeploy, watched to its end (continued at Ready). */
async function redeploy(x: Context, r: Redeploy): Promise<RolledBack | undefined> {
  const previous = r.failed.current.arn
  const d = r.cd.deployment
  if (previous === undefined || !d.applicationName || !d.deploymentGroupName) return undefined
  const report: RollbackReport = {
    by: 'action',
    via: 'CreateDeployment',
    taskDefinitionArn: previous
  }
  x.io.log.info(
    `CodeDeploy started no rollback of ${d.deploymentId}, and production traffic had moved: deploying ${shortArn(previous)} again through CodeDeploy.`
  )
  let started: Started
  try {
    started = await createDeployment(
      x,
      {
        group: { application: d.applicationName, name: d.deploymentGroupName },
        appSpec: r.appSpec ?? readAppSpec(x, r.failed.current.service).appSpec,
        service: r.failed.started.service
      },
      {
        taskDefinitionArn: previous,
        previousTaskDefinitionArn: r.failed.started.target.taskDefinitionArn,
        desiredCount: undefined,
        forceNewDeployment: false,
        label: 'rollback deployment'
      }
    )
  } catch (error) {
    const without = 'The service is left as it is.'
    const group = `deploymentgroup ${d.applicationName}/${d.deploymentGroupName}`
    if (warnIfDenied(x.io.log, error, 'codedeploy:CreateDeployment', group, without))
      return undefined
    throw error
  }
  return watchRedeploy(x, started, report, r)
}

async function watchRedeploy(
  x: Context,
  started: Started,
  report: RollbackReport,
  r: Redeploy
): Promise<RolledBack> {
  const id = started.target.deploymentId
  const at = { ...report, deploymentId: id }
  try {
    const watch = (answeredHooks: string[]) =>
      x.io.log.group(`Watch the rollback deployment ${id}`, () =>
        watchCodeDeploy(
          x,
          {
            started,
            watching: 'rollout',
            deadline: r.failed.deadline,
            what: `The rollback deployment ${id}`,
            answeredHooks
          },
          'completed'
        )
      )
    let back = await watch([])
    if (back.verdict.status === 'paused') {
      // A rollback does not wait for someone at Ready: its traffic goes back now.
      await codeDeployApi(x.io).continueDeployment(id)
      x.io.log.info(
        `Continued the rollback deployment ${id} from Ready (ContinueDeployment, READY_WAIT).`
      )
      back = await watch([id])
    }
    const verdict = asRollback(back.verdict, id)
    x.io.log.info(`The rollback through CodeDeploy ${verdict.status}: ${verdict.reason}`)
    const rollback = codeDeployOf(back.kindView)
    return { report: { ...at, verdict }, kindView: { ...r.cd, rollback } }
  } catch (error) {
    return unknownRollback(x.io.log, at, error)
  }
}

/** The redeploy's verdict, as a rollback's. */
function asRollback(v: Verdict, id: string): Verdict {
  switch (v.status) {
    case 'succeeded':
      return { status: 'succeeded', reason: `The rollback deployment ${id} Succeeded: ${v.reason}` }
    case 'failed':
      return {
        status: 'failed',
        kind: 'rollback-failed',
        reason: `The rollback deployment ${id} failed: ${v.reason}`,
        ecsRollingBack: false
      }
    default:
      return { status: 'unknown', reason: `The rollback deployment ${id}: ${v.reason}` }
  }
}
