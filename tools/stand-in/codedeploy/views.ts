import {
  ACTIVE_STATUSES,
  type CodeDeployState,
  type DeploymentRecord,
  type GroupRecord,
  type Revision
} from './records.js'
import { targetGroupName, taskSetsOf } from './task-sets.js'
import type { TaskSetRecord } from '../ecs/records.js'
import { asString, epoch } from '../wire.js'

/*
 * What CodeDeploy answers about a deployment group (DeploymentGroupInfo) and a deployment
 * (DeploymentInfo, ECSTarget), in the API Reference's words:
 * - GetDeployment: "The content property of the appSpecContent object in the returned revision is
 *   always null." previousRevision: "Information about the application revision that was deployed
 *   to the deployment group before the most recent successful deployment." creator "user: A user
 *   created the deployment. [...] codeDeployRollback: A rollback process created the deployment."
 *   deploymentOverview: "A summary of the deployment status of the instances in the deployment."
 *   (an ECS deployment has one target, the service).
 * - ECSTarget.targetId: the service as "<clustername>:<servicename>" (the ECS Developer Guide's
 *   tutorial calls get-deployment-target --target-id tutorial-bluegreen-cluster:service-bluegreen);
 *   taskSetsInfo (ECSTaskSet): identifer, desiredCount, pendingCount, runningCount, status,
 *   trafficWeight "The percentage of traffic served by this task set.", targetGroup, taskSetLabel
 *   "A label that identifies whether the ECS task set is an original target (BLUE) or a
 *   replacement target (GREEN)." (the values are Blue and Green).
 * - DeploymentGroupInfo.lastSuccessfulDeployment "Information about the most recent successful
 *   deployment to the deployment group.", lastAttemptedDeployment "Information about the most
 *   recent attempted deployment to the deployment group."
 */

export const targetIdOf = (d: DeploymentRecord) =>
  `${d.group.service.cluster}:${d.group.service.name}`

const revisionOf = (r: Revision) => ({
  revisionType: 'AppSpecContent',
  appSpecContent: { sha256: r.sha256 }
})

export function deploymentInfo(d: DeploymentRecord): Record<string, unknown> {
  const g = d.group
  const overview = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 }
  overview[d.targetStatus] = 1
  return {
    applicationName: g.application,
    deploymentGroupName: g.name,
    deploymentConfigName: d.configName,
    deploymentId: d.id,
    ...(d.previousRevision ? { previousRevision: revisionOf(d.previousRevision) } : {}),
    revision: revisionOf(d.revision),
    status: d.status,
    ...(d.error ? { errorInformation: d.error } : {}),
    createTime: epoch(d.createdAt),
    ...(d.startedAt ? { startTime: epoch(d.startedAt) } : {}),
    ...(d.completedAt ? { completeTime: epoch(d.completedAt) } : {}),
    deploymentOverview: overview,
    ...(d.description ? { description: d.description } : {}),
    creator: d.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: d.autoRollback,
    updateOutdatedInstancesOnly: false,
    ...(d.rollbackInfo ? { rollbackInfo: rollbackInfoOf(d) } : {}),
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    instanceTerminationWaitTimeStarted: d.terminationWaitStarted,
    blueGreenDeploymentConfiguration: blueGreenOf(g),
    loadBalancerInfo: loadBalancerInfoOf(g),
    deploymentStatusMessages: [],
    computePlatform: 'ECS'
  }
}

/**
 * rollbackMessage: "Information that describes the status of a deployment rollback (for example,
 * whether the deployment can't be rolled back, is in progress, failed, or succeeded)." The
 * wording is the stand-in's.
 */
function rollbackInfoOf(d: DeploymentRecord): Record<string, unknown> {
  const r = d.rolledBackBy
  const state =
    r === undefined
      ? undefined
      : ACTIVE_STATUSES.has(r.status)
        ? 'is in progress'
        : `ended ${r.status}`
  return {
    ...d.rollbackInfo,
    ...(r && state ? { rollbackMessage: `Rollback deployment ${r.id} ${state}.` } : {})
  }
}

export function ecsTarget(ctx: CodeDeployState, d: DeploymentRecord): Record<string, unknown> {
  const present = taskSetsOf(ctx.ecs, d.group.service)
  const sets = [d.blue, d.green].filter(
    (s): s is TaskSetRecord => s !== undefined && present.includes(s)
  )
  return {
    deploymentId: d.id,
    targetId: targetIdOf(d),
    targetArn: d.group.service.arn,
    lastUpdatedAt: epoch(d.updatedAt),
    lifecycleEvents: d.events.map(e => ({
      lifecycleEventName: e.name,
      ...(e.diagnostics ? { diagnostics: e.diagnostics } : {}),
      ...(e.startTime ? { startTime: epoch(e.startTime) } : {}),
      ...(e.endTime ? { endTime: epoch(e.endTime) } : {}),
      status: e.status
    })),
    status: d.targetStatus,
    taskSetsInfo: sets.map(s => ({
      identifer: s.id,
      desiredCount: s.computedDesiredCount,
      pendingCount: s.pendingCount,
      runningCount: s.runningCount,
      status: s.status,
      trafficWeight: s.weight,
      targetGroup: { name: targetGroupName(asString(s.loadBalancers[0]?.targetGroupArn)) },
      taskSetLabel: s === d.blue ? 'Blue' : 'Green'
    }))
  }
}

function lastInfo(d: DeploymentRecord | undefined): Record<string, unknown> | undefined {
  if (d === undefined) return undefined
  return {
    deploymentId: d.id,
    status: d.status,
    createTime: epoch(d.createdAt),
    ...(d.completedAt ? { endTime: epoch(d.completedAt) } : {})
  }
}

export function blueGreenOf(group: GroupRecord): Record<string, unknown> {
  return {
    terminateBlueInstancesOnDeploymentSuccess: {
      action: group.termination.action,
      terminationWaitTimeInMinutes: group.termination.waitTimeInMinutes
    },
    deploymentReadyOption: {
      actionOnTimeout: group.ready.action,
      ...(group.ready.action === 'STOP_DEPLOYMENT'
        ? { waitTimeInMinutes: group.ready.waitTimeInMinutes }
        : { waitTimeInMinutes: 0 })
    }
  }
}

export function loadBalancerInfoOf(group: GroupRecord): Record<string, unknown> {
  return {
    targetGroupPairInfoList: [
      {
        targetGroups: group.targetGroups.map(name => ({ name })),
        prodTrafficRoute: { listenerArns: [group.listeners.prod] },
        ...(group.listeners.test
          ? { testTrafficRoute: { listenerArns: [group.listeners.test] } }
          : {})
      }
    ]
  }
}

export function groupInfo(group: GroupRecord): Record<string, unknown> {
  const target = group.lastAttempted?.revision
  const successful = lastInfo(group.lastSuccessful)
  const attempted = lastInfo(group.lastAttempted)
  return {
    applicationName: group.application,
    deploymentGroupId: group.id,
    deploymentGroupName: group.name,
    deploymentConfigName: group.configName,
    ec2TagFilters: [],
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: [],
    serviceRoleArn: group.serviceRoleArn,
    ...(target ? { targetRevision: revisionOf(target) } : {}),
    triggerConfigurations: [],
    alarmConfiguration: { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
    autoRollbackConfiguration: group.autoRollback,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    outdatedInstancesStrategy: 'UPDATE',
    blueGreenDeploymentConfiguration: blueGreenOf(group),
    loadBalancerInfo: loadBalancerInfoOf(group),
    ...(successful ? { lastSuccessfulDeployment: successful } : {}),
    ...(attempted ? { lastAttemptedDeployment: attempted } : {}),
    computePlatform: 'ECS',
    ecsServices: [{ serviceName: group.service.name, clusterName: group.service.cluster }],
    terminationHookEnabled: false
  }
}
