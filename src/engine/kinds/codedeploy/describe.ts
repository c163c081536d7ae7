import type {
  DeploymentInfo,
  ECSTarget,
  ECSTaskSet,
  LifecycleEvent
} from '@aws-sdk/client-codedeploy'
import type { CodeDeployPoll, CodeDeployRead } from './snapshot.js'

/*
 * How a CodeDeploy deployment of an ECS service is described, pure: its lifecycle events as they
 * pass, the traffic on the replacement task set, and why it failed (errorInformation, the failed
 * lifecycle event and its hook's diagnostics). In the API Reference's words:
 * - ECSTaskSet.trafficWeight: "The percentage of traffic served by this task set."; taskSetLabel:
 *   "A label that identifies whether the ECS task set is an original target (BLUE) or a
 *   replacement target (GREEN)." (the values are Blue and Green).
 * - Diagnostics: errorCode, scriptName "The name of the script.", message "The message associated
 *   with the error.", logTail "The last portion of the diagnostic log. If available, CodeDeploy
 *   returns up to the last 4 KB of the diagnostic log."
 */

export const replacementOf = (t: ECSTarget | undefined): ECSTaskSet | undefined =>
  t?.taskSetsInfo?.find(s => s.taskSetLabel === 'Green')

export const originalOf = (t: ECSTarget | undefined): ECSTaskSet | undefined =>
  t?.taskSetsInfo?.find(s => s.taskSetLabel === 'Blue')

/** The lifecycle event that failed (or the one a failure cut short), if any. */
export function failedEvent(t: ECSTarget | undefined): LifecycleEvent | undefined {
  const events = t?.lifecycleEvents ?? []
  return events.find(e => e.status === 'Failed') ?? events.find(e => e.diagnostics !== undefined)
}

/** The events that have begun, in order: "BeforeInstall Succeeded, Install InProgress". */
export function eventsLine(t: ECSTarget | undefined): string {
  const begun = (t?.lifecycleEvents ?? []).filter(e => e.status !== 'Pending')
  return begun.map(e => `${e.lifecycleEventName ?? '?'} ${e.status ?? '?'}`).join(', ')
}

/** The replacement task set's tasks and share of traffic, beside the original's. */
export function trafficLine(t: ECSTarget | undefined): string | undefined {
  const green = replacementOf(t)
  if (green === undefined) return undefined
  const blue = originalOf(t)
  return (
    `replacement task set ${green.identifer ?? '?'} ${green.runningCount ?? 0}/${green.desiredCount ?? 0} running, ${green.trafficWeight ?? 0}% of traffic` +
    (blue ? `; original ${blue.trafficWeight ?? 0}%` : '')
  )
}

/** Every lifecycle event has succeeded: production traffic is on the replacement task set. */
export function allEventsSucceeded(t: ECSTarget | undefined): boolean {
  const events = t?.lifecycleEvents ?? []
  return events.length > 0 && events.every(e => e.status === 'Succeeded')
}

/**
 * errorInformation, the failed lifecycle event with its diagnostics (their message left out where
 * errorInformation already says it), and the rollback's message while no rollback deployment is
 * named.
 */
export function whyFailed(d: DeploymentInfo, t: ECSTarget | undefined): string {
  const error = d.errorInformation
  const said = error?.message ?? ''
  const parts = [
    error ? `${error.code ?? 'no code'}: ${said || 'no message'}` : 'no errorInformation'
  ]
  const e = failedEvent(t)
  if (e !== undefined) {
    const diagnostics = diagnosticsOf(e, said)
    parts.push(`lifecycle event ${e.lifecycleEventName ?? '?'} ${e.status ?? '?'}${diagnostics}`)
  }
  const rollback = d.rollbackInfo
  if (rollback?.rollbackMessage && !rollback.rollbackDeploymentId)
    parts.push(rollback.rollbackMessage)
  return parts.join('; ')
}

/** ": ScriptFailed in megilance-smoke-test: the message" (the message unless `said` holds it), or ''. */
export function diagnosticsOf(e: LifecycleEvent, said = ''): string {
  const g = e.diagnostics
  if (g === undefined) return ''
  const where = g.scriptName ? ` in ${g.scriptName}` : ''
  const message = g.message && !said.includes(g.message) ? `: ${g.message}` : ''
  return `: ${g.errorCode ?? 'error'}${where}${message}`
}

/** One deployment: "InProgress; lifecycle: …; replacement task set …". */
export function describeRead(r: CodeDeployRead): string {
  const d = r.deployment
  const status =
    d.status === 'Ready'
      ? 'Ready (production traffic waits for ContinueDeployment)'
      : d.status === 'InProgress' && d.instanceTerminationWaitTimeStarted
        ? 'InProgress (termination wait: the original task set stays for a rollback)'
        : (d.status ?? '?')
  const parts = [status]
  const events = eventsLine(r.target)
  if (events !== '') parts.push(`lifecycle: ${events}`)
  const traffic = trafficLine(r.target)
  if (traffic !== undefined) parts.push(traffic)
  return parts.join('; ')
}

/** The progress line of a poll: the deployment, or its rollback once CodeDeploy started one. */
export function describeCodeDeploy(snapshot: CodeDeployPoll): string {
  const cd = snapshot.codeDeploy
  if (cd === undefined) return 'CodeDeploy has not answered yet'
  const back = cd.rollback
  if (back === undefined) return describeRead(cd)
  return `rollback deployment ${back.deployment.deploymentId ?? '?'}: ${describeRead(back)}`
}
