import { finish, startRollback } from './create.js'
import type {
  CodeDeployState,
  DeploymentRecord,
  GroupRecord,
  HookEvent,
  LifecycleEventRecord
} from './records.js'
import {
  crashTaskSetTask,
  createTaskSet,
  primaryTaskSet,
  removeTaskSet,
  steadyTaskSet,
  targetGroupArn,
  targetGroupName,
  taskSetsOf
} from './task-sets.js'
import { shiftsOf } from './traffic.js'
import { asString } from '../wire.js'

/*
 * The timeline of a CodeDeploy deployment to an ECS service, played as time passes: each look
 * (GetDeployment, GetDeploymentTarget, ListDeploymentTargets, DescribeServices or DescribeTaskSets
 * of the service) moves the deployment group's deployment under way one step on (or
 * CodeDeployScenario.stepsPerLook steps); waits hold for their configured minutes, each played
 * CodeDeployScenario.minuteMs. Status: "Created", "Queued", "InProgress", "Ready", "Succeeded",
 * "Failed", "Stopped" (API Reference, DeploymentInfo.status). What each step follows:
 * - "When the deployment starts, the deployment lifecycle events start to execute one at a time.
 *   [...] BeforeInstall [...] Install: Set up the replacement task set. [...] AfterInstall [...]
 *   AllowTestTraffic: Route traffic from the test listener to target group 2. [...]
 *   AfterAllowTestTraffic [...] BeforeAllowTraffic [...] AllowTraffic: Route traffic from the
 *   production listener to target group 2. [...] AfterAllowTraffic" and "During the Install
 *   lifecycle event: A replacement task set is created in your Amazon ECS service. The updated
 *   containerized application is installed into the replacement task set. The second target group
 *   is associated with the replacement task set." (User Guide, What happens during an Amazon ECS
 *   deployment). Without a test listener there are no AllowTestTraffic and AfterAllowTestTraffic
 *   events (the ECS Developer Guide's get-deployment-target output lists none for a group without
 *   one).
 * - "If an event hook is not present, no operation is executed for that event." A hook's Lambda
 *   function that answers Failed fails the event (diagnostics errorCode ScriptFailed, "The
 *   specified script failed to run as expected.") and the deployment (errorInformation
 *   HOOK_EXECUTION_FAILURE); "The deployment is considered to have failed if CodeDeploy is not
 *   notified by the Lambda validation function within one hour." (ScriptTimedOut).
 * - "If validation fails and rollbacks are configured, the deployment status is marked Failed and
 *   components return to their state when the deployment started. If validation fails and
 *   rollbacks are not configured, the deployment status is marked Failed and components remain in
 *   their current state." (User Guide): a rollback deployment (codedeploy/create.ts).
 * - STOP_DEPLOYMENT: "Do not register new instances with a load balancer unless traffic rerouting
 *   is started using ContinueDeployment. If traffic rerouting is not started before the end of the
 *   specified wait period, the deployment status is changed to Stopped." (DeploymentReadyOption):
 *   after the test traffic hooks, status and target Ready until ContinueDeployment or the wait's
 *   end (errorInformation TIMEOUT, "The deployment has timed out.").
 * - AllowTraffic shifts the weights as the deployment configuration says (codedeploy/traffic.ts);
 *   once all traffic is shifted the replacement task set is PRIMARY, the original ACTIVE.
 * - "After all events succeed, the deployment status is set to Succeeded and the original task set
 *   is removed." terminationWaitTimeInMinutes: "For an Amazon ECS deployment, the number of minutes
 *   before deleting the original (blue) task set."; instanceTerminationWaitTimeStarted "'true' as
 *   soon as the termination wait period starts", "'false' if the KEEP_ALIVE option is specified";
 *   KEEP_ALIVE: "Instances are left running after they are deregistered from the load balancer".
 *   The deployment stays InProgress through the termination wait (ContinueDeployment's
 *   TERMINATION_WAIT "indicates that the traffic is shifted, but the original target is not
 *   terminated"), the original task set DRAINING, then removed: then Succeeded.
 * What CodeDeploy says when replacement tasks keep stopping is not documented: the stand-in fails
 * Install with errorInformation ECS_UPDATE_ERROR and its own message. A rollback deployment shifts
 * all traffic back at once and removes the failed replacement without a termination wait.
 */

const minute = (d: DeploymentRecord) => d.scenario.minuteMs ?? 60_000

/** A look at the group: each of its deployments under way moves on. */
export function tickGroup(ctx: CodeDeployState, group: GroupRecord): void {
  for (const d of [...group.deployments]) {
    for (let i = 0; i < (d.scenario.stepsPerLook ?? 1) && d.phase !== 'done'; i++) step(ctx, d)
  }
}

function step(ctx: CodeDeployState, d: DeploymentRecord): void {
  const now = Date.now()
  if (d.status === 'Created') {
    Object.assign(d, { status: 'Queued', updatedAt: now })
  } else if (d.status === 'Queued') {
    Object.assign(d, { status: 'InProgress', targetStatus: 'InProgress', phase: 'events' })
    d.startedAt = now
    begin(ctx, d)
  } else if (d.status === 'Ready') {
    if (now - (d.readyAt ?? now) >= d.group.ready.waitTimeInMinutes * minute(d)) {
      finish(d, 'Stopped', {
        code: 'TIMEOUT',
        message: `The deployment has timed out: traffic rerouting was not started within ${d.group.ready.waitTimeInMinutes} minutes.`
      })
    }
  } else if (d.phase === 'terminationWait') {
    if (now - d.enteredAt >= d.group.termination.waitTimeInMinutes * minute(d)) drain(d)
  } else if (d.phase === 'draining') {
    if (d.blue !== undefined) removeTaskSet(ctx.ecs, d.group.service, d.blue)
    finish(d, 'Succeeded')
  } else {
    eventStep(ctx, d)
  }
}

function eventStep(ctx: CodeDeployState, d: DeploymentRecord): void {
  const e = d.events[d.at]
  if (e === undefined || d.scenario.stuckAt === e.name) {
    if (e !== undefined) stuckHook(ctx, d, e)
    return
  }
  if (e.name === 'Install') install(ctx, d)
  else if (e.name === 'AllowTraffic') allowTraffic(ctx, d)
  else if (e.name === 'AllowTestTraffic') succeed(ctx, d)
  else hook(ctx, d, e)
}

/** The event at `d.at` begins (or, before BeforeAllowTraffic, the Ready wait does). */
function begin(ctx: CodeDeployState, d: DeploymentRecord): void {
  const now = Date.now()
  const e = d.events[d.at]
  d.updatedAt = now
  d.enteredAt = now
  if (e === undefined) {
    afterEvents(d)
    return
  }
  const stopFirst = d.group.ready.action === 'STOP_DEPLOYMENT' && d.creator === 'user'
  if (e.name === 'BeforeAllowTraffic' && stopFirst && !d.continued) {
    Object.assign(d, { status: 'Ready', targetStatus: 'Ready', readyAt: now })
    return
  }
  Object.assign(e, { status: 'InProgress', startTime: now })
  if (e.name === 'Install' && d.creator === 'user') createReplacement(ctx, d)
}

function succeed(ctx: CodeDeployState, d: DeploymentRecord): void {
  const e = d.events[d.at]
  if (e !== undefined) Object.assign(e, { status: 'Succeeded', endTime: Date.now() })
  d.at++
  begin(ctx, d)
}

/** ContinueDeployment READY_WAIT: traffic rerouting starts (BeforeAllowTraffic). */
export function continueFromReady(ctx: CodeDeployState, d: DeploymentRecord): void {
  Object.assign(d, { continued: true, status: 'InProgress', targetStatus: 'InProgress' })
  begin(ctx, d)
}

/** ContinueDeployment TERMINATION_WAIT: the original task set goes now. */
export function endTerminationWait(d: DeploymentRecord): void {
  drain(d)
}

export function fail(ctx: CodeDeployState, d: DeploymentRecord, code: string, message: string) {
  finish(d, 'Failed', { code, message }, 'Failed')
  if (d.autoRollback.enabled && d.autoRollback.events.includes('DEPLOYMENT_FAILURE')) {
    startRollback(ctx, d)
  }
}

function createReplacement(ctx: CodeDeployState, d: DeploymentRecord): void {
  const service = d.group.service
  // What an earlier deployment left (failed or stopped without a rollback) makes way.
  for (const left of taskSetsOf(ctx.ecs, service).filter(s => s.status !== 'PRIMARY')) {
    removeTaskSet(ctx.ecs, service, left)
  }
  const blue = primaryTaskSet(ctx.ecs, service)
  if (blue !== undefined) d.blue = blue
  const blueGroup = targetGroupName(asString(blue?.loadBalancers[0]?.targetGroupArn))
  const greenGroup = d.group.targetGroups.find(n => n !== blueGroup) ?? d.group.targetGroups[1]
  const a = d.appSpec
  d.green = createTaskSet(ctx.ecs, service, {
    taskDefinition: a.taskDefinition,
    externalId: d.id,
    loadBalancers: [
      {
        targetGroupArn: targetGroupArn(greenGroup),
        containerName: a.containerName,
        containerPort: a.containerPort
      }
    ],
    networkConfiguration: a.networkConfiguration ?? blue?.networkConfiguration,
    platformVersion: a.platformVersion,
    capacityProviderStrategy: a.capacityProviderStrategy ?? blue?.capacityProviderStrategy
  })
}

function install(ctx: CodeDeployState, d: DeploymentRecord): void {
  const green = d.green
  if (d.creator === 'codeDeployRollback' || green === undefined) {
    succeed(ctx, d)
    return
  }
  const service = d.group.service
  const crashes = d.scenario.tasksCrash ?? []
  const next = crashes[d.crashes]
  d.updatedAt = Date.now()
  if (next !== undefined) {
    crashTaskSetTask(ctx.ecs, service, green, next)
    d.crashes++
  } else if (crashes.length > 0) {
    const message =
      d.scenario.installFailure ??
      `The tasks of the replacement task set ${green.id} stopped ${crashes.length} times before the task set became healthy.`
    fail(ctx, d, 'ECS_UPDATE_ERROR', message)
  } else if (green.stabilityStatus !== 'STEADY_STATE') {
    steadyTaskSet(service, green)
  } else {
    succeed(ctx, d)
  }
}

function hook(ctx: CodeDeployState, d: DeploymentRecord, e: LifecycleEventRecord): void {
  const fn = d.appSpec.hooks[e.name as HookEvent]
  const failure = d.scenario.hookFails
  if (fn === undefined || failure?.event !== e.name) {
    succeed(ctx, d)
    return
  }
  const message = failure.message ?? `The Lambda function ${fn} reported Failed.`
  e.diagnostics = {
    errorCode: 'ScriptFailed',
    scriptName: fn,
    message,
    logTail: failure.logTail ?? ''
  }
  fail(
    ctx,
    d,
    'HOOK_EXECUTION_FAILURE',
    `The ${e.name} lifecycle event hook ${fn} failed: ${message}`
  )
}

/** A stuck event holds; a stuck hook with a Lambda function fails after one hour. */
function stuckHook(ctx: CodeDeployState, d: DeploymentRecord, e: LifecycleEventRecord): void {
  const fn = d.appSpec.hooks[e.name as HookEvent]
  if (fn === undefined || Date.now() - (e.startTime ?? 0) < 60 * minute(d)) return
  const message = `CodeDeploy was not notified by the Lambda function ${fn} within one hour.`
  e.diagnostics = { errorCode: 'ScriptTimedOut', scriptName: fn, message, logTail: '' }
  fail(
    ctx,
    d,
    'HOOK_EXECUTION_FAILURE',
    `The ${e.name} lifecycle event hook ${fn} failed: ${message}`
  )
}

function allowTraffic(ctx: CodeDeployState, d: DeploymentRecord): void {
  const { blue, green } = d
  const shifts = d.rollbackOf ? [{ weight: 100, waitMinutes: 0 }] : shiftsOf(d.configName)
  const shift = shifts[d.shifts]
  if (green === undefined || shift === undefined) {
    succeed(ctx, d)
    return
  }
  const now = Date.now()
  const previous = shifts[d.shifts - 1]
  if (previous !== undefined && now - d.enteredAt < previous.waitMinutes * minute(d)) return
  Object.assign(green, { weight: shift.weight, updatedAt: now })
  if (blue !== undefined) Object.assign(blue, { weight: 100 - shift.weight, updatedAt: now })
  if (shift.weight === 100) {
    green.status = 'PRIMARY'
    if (blue !== undefined) blue.status = 'ACTIVE'
  }
  Object.assign(d, { shifts: d.shifts + 1, enteredAt: now, updatedAt: now })
}

function afterEvents(d: DeploymentRecord): void {
  d.targetStatus = 'Succeeded'
  if (d.blue === undefined || (!d.rollbackOf && d.group.termination.action === 'KEEP_ALIVE')) {
    finish(d, 'Succeeded')
  } else if (d.rollbackOf !== undefined) {
    drain(d)
  } else {
    Object.assign(d, { terminationWaitStarted: true, phase: 'terminationWait' })
  }
}

/** The original task set drains; the next look removes it. */
function drain(d: DeploymentRecord): void {
  const now = Date.now()
  if (d.blue !== undefined) {
    Object.assign(d.blue, {
      status: 'DRAINING',
      weight: 0,
      computedDesiredCount: 0,
      runningCount: 0,
      pendingCount: 0,
      updatedAt: now
    })
  }
  Object.assign(d, { phase: 'draining', updatedAt: now })
}
