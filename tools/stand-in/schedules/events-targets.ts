import {
  type EventsState,
  type PutTargetsFailure,
  type RuleRecord,
  lookupRule
} from './events-rules.js'
import { AwsError, asRecords, asStrings } from '../wire.js'

/*
 * EventBridge PutTargets and RemoveTargets as the stand-in plays them. Quotes are from the Amazon
 * EventBridge API Reference (PutTargets, RemoveTargets, EcsParameters, ManagedRuleException).
 */

/** "The maximum number of entries per request is 10." (PutTargets, RemoveTargets) */
const ENTRIES_PER_REQUEST = 10
/** "Each rule can have up to five (5) targets associated with it at one time." (PutTargets) */
const TARGETS_PER_RULE = 5

/**
 * "Adds the specified targets to the specified rule, or updates the targets if they are already
 * associated with the rule." A target is replaced whole by the one of the same Id: "If you have
 * an IAM role on a cross-account event bus target, a PutTargets call without a role on the same
 * target (same Id and Arn) will not remove the role." — the one exception implies the rule: a
 * member not sent is removed. "This action can partially fail if too many requests are made at
 * the same time. If that happens, FailedEntryCount is non-zero in the response and each entry in
 * FailedEntries provides the ID of the failed target and the error code." (scripted by
 * EventsModel.failPutTargets). A failed entry leaves that target as it was.
 */
export function PutTargets(state: EventsState, input: Record<string, unknown>) {
  const targets = asRecords(input.Targets)
  if (targets.length > ENTRIES_PER_REQUEST) throw tooManyEntries('targets', targets.length)
  const rule = lookupRule(state, input.Rule, input.EventBusName)
  refuseManaged(rule, false)
  targets.forEach(checkTarget)
  const script = scriptedFailure(state, rule, targets)
  const failedIds = script?.ids ?? []
  const applied = targets.filter(t => !failedIds.includes(String(t.Id)))
  const next = structuredClone(rule.targets)
  for (const t of applied) {
    const at = next.findIndex(e => e.Id === t.Id)
    if (at >= 0) next[at] = t
    else next.push(t)
  }
  if (next.length > TARGETS_PER_RULE) {
    // As real endpoints word it (quoted in aws-cloudformation/cfn-lint issue 306).
    throw new AwsError(
      'LimitExceededException',
      'The requested resource exceeds the maximum number allowed.'
    )
  }
  if (applied.length > 0) write(state, rule, next)
  if (script !== undefined) script.failure.remaining -= 1
  return {
    FailedEntryCount: failedIds.length,
    FailedEntries: failedIds.map(id => ({
      TargetId: id,
      ErrorCode: script?.failure.errorCode,
      ErrorMessage: script?.failure.errorMessage
    }))
  }
}

/**
 * "Removes the specified targets from the specified rule. When the rule is triggered, those
 * targets are no longer be invoked." "A successful execution of RemoveTargets doesn't guarantee
 * all targets are removed from the rule, it means that the target(s) listed in the request are
 * removed." An Id the rule does not have is not an error.
 */
export function RemoveTargets(state: EventsState, input: Record<string, unknown>) {
  const ids = asStrings(input.Ids)
  if (ids.length > ENTRIES_PER_REQUEST) throw tooManyEntries('ids', ids.length)
  const rule = lookupRule(state, input.Rule, input.EventBusName)
  refuseManaged(rule, input.Force === true)
  const next = rule.targets.filter(t => !ids.includes(String(t.Id)))
  if (next.length !== rule.targets.length) write(state, rule, next)
  return { FailedEntryCount: 0, FailedEntries: [] }
}

/**
 * Reads lag writes (StandInOptions.eventsReadLagMs). PutTargets: "When you add targets to a rule
 * and the associated rule triggers soon after, new or updated targets might not be immediately
 * invoked. Allow a short period of time for changes to take effect." RemoveTargets: "When you
 * remove a target, when the associated rule triggers, removed targets might continue to be
 * invoked. Allow a short period of time for changes to take effect." AWS states the delay for
 * invocations; the stand-in lets ListTargetsByRule show it too, the strictest reading: for
 * readLagMs after a write it answers the targets as they were before the first write not yet
 * visible.
 */
function write(state: EventsState, rule: RuleRecord, next: Record<string, unknown>[]): void {
  if (state.readLagMs > 0) {
    const now = Date.now()
    const before = rule.stale !== undefined && now < rule.stale.until ? rule.stale.targets : null
    rule.stale = { until: now + state.readLagMs, targets: before ?? structuredClone(rule.targets) }
  }
  rule.targets = next
}

/**
 * ManagedRuleException: "This rule was created by an Amazon Web Services service on behalf of
 * your account. It is managed by that service. If you see this error in response to DeleteRule or
 * RemoveTargets, you can use the Force parameter in those calls to delete the rule or remove
 * targets from the rule. You cannot modify these managed rules by using DisableRule, EnableRule,
 * PutTargets, PutRule, TagResource, or UntagResource."
 */
function refuseManaged(rule: RuleRecord, force: boolean): void {
  if (typeof rule.body.ManagedBy === 'string' && !force) {
    throw new AwsError(
      'ManagedRuleException',
      `Rule ${rule.name} is managed by ${rule.body.ManagedBy} and cannot be modified.`
    )
  }
}

/**
 * What the reference says of one target, beyond the model's shapes (the messages are the
 * stand-in's own):
 * - "Input, InputPath, and InputTransformer are mutually exclusive and optional parameters of a
 *   target." (PutTargets)
 * - CapacityProviderStrategy: "If a capacityProviderStrategy is specified, the launchType
 *   parameter must be omitted." (EcsParameters)
 * - NetworkConfiguration: "This structure is required if LaunchType is FARGATE because the awsvpc
 *   mode is required for Fargate tasks." (EcsParameters)
 */
function checkTarget(target: Record<string, unknown>): void {
  const id = String(target.Id)
  const inputs = ['Input', 'InputPath', 'InputTransformer'].filter(k => target[k] !== undefined)
  if (inputs.length > 1) {
    throw validation(`Target ${id}: Input, InputPath and InputTransformer are mutually exclusive.`)
  }
  const ecs = target.EcsParameters as Record<string, unknown> | undefined
  if (ecs === undefined) return
  if (ecs.LaunchType !== undefined && ecs.CapacityProviderStrategy !== undefined) {
    throw validation(
      `Target ${id}: LaunchType must be omitted when CapacityProviderStrategy is specified.`
    )
  }
  if (ecs.LaunchType === 'FARGATE' && ecs.NetworkConfiguration === undefined) {
    throw validation(`Target ${id}: NetworkConfiguration is required for launch type FARGATE.`)
  }
}

/**
 * The scripted failure that applies to this request, and the Ids it fails: the first target,
 * unless the script names some. PutTargetsResultEntry ErrorCode: "If the value is
 * ConcurrentModificationException, too many requests were made at the same time."
 */
function scriptedFailure(
  state: EventsState,
  rule: RuleRecord,
  targets: readonly Record<string, unknown>[]
): { readonly failure: PutTargetsFailure; readonly ids: string[] } | undefined {
  const failure = state.failures.find(
    f => f.bus === rule.bus && f.rule === rule.name && f.remaining > 0
  )
  if (failure === undefined) return undefined
  const ids = targets.map(t => String(t.Id))
  const failed =
    failure.targetIds === undefined
      ? ids.slice(0, 1)
      : ids.filter(id => failure.targetIds?.includes(id))
  return failed.length > 0 ? { failure, ids: failed } : undefined
}

/** The AWS JSON wording of a list longer than the operation takes. */
function tooManyEntries(member: string, n: number): AwsError {
  return validation(
    `1 validation error detected: Value with ${n} entries at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${ENTRIES_PER_REQUEST}`
  )
}

const validation = (message: string) => new AwsError('ValidationException', message)
