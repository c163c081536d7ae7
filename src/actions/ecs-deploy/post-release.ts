import type { AwsConnection } from '../../aws/connection.js'
import type { Outcome } from '../../engine/phases/report/report.js'
import { STATE } from '../../engine/post-state.js'
import {
  cancelledState,
  messageOf,
  recordOnGitHub,
  reportStillRolling,
  type GitHubStatus
} from './cancelled-rollout.js'
import { githubStateOf } from './github-deployment.js'
import { putBackOnCancel } from './put-back-on-cancel.js'
import type { Runtime } from './runtime.js'
import { readReleaseDeployments } from './step-state.js'
import { stopOneOffTaskOnCancel } from './stop-on-cancel.js'

/*
 * The post step of a release the job stopped mid-way, from the saved state alone: each service as
 * it stood (succeeded, in progress, not started, being put back by the release, or ended), its
 * one-off task stopped. With rollback-on-cancel a release is all or nothing: every service it
 * changed goes back, the latest wave first; the one in progress by its kind's way (as a deploy's
 * post step does), those that succeeded by UpdateService to the revision they ran before (one on
 * the CODE_DEPLOY controller is left for a rollback by hand: a finished CodeDeploy deployment is
 * not stopped); those not started are untouched. Each service's GitHub Deployment gets the
 * status it earned. It never fails the job.
 */

/** One service of the release as its saved state tells it. */
export interface Stood {
  readonly service: string
  /** ReleaseStage; '' once the release has ended. */
  readonly stage: string
  readonly get: (name: string) => string
}

type Connect = () => Promise<AwsConnection>

export async function postRelease(
  rt: Runtime,
  connect: Connect,
  services: readonly string[]
): Promise<void> {
  const stood = services.map(service => {
    const get = (name: string) => rt.runner.state.get(`${service}/${name}`)
    return { service, stage: get(STATE.releaseStage), get }
  })
  if (stood.every(s => s.stage === '')) return
  const rollBack = rt.runner.state.get(STATE.releaseRollbackOnCancel) === 'true'
  await rt.runner.summary(releaseStoodSummary(stood, rollBack))
  const statuses = new Map<string, GitHubStatus>()
  for (const s of stood) statuses.set(s.service, await report(rt, connect, s))
  if (rollBack) {
    for (const s of [...stood].reverse()) {
      const status = await putBackChanged(rt, connect, s)
      if (status !== undefined) statuses.set(s.service, status)
    }
  }
  const ids = readReleaseDeployments(rt.runner.state)?.ids ?? {}
  for (const s of stood) {
    const id = ids[s.service]
    if (id !== undefined) await recordOnGitHub(rt, statuses.get(s.service)!, id)
  }
}

/** The job summary's account of the release as the job stopped: one line per service. Pure. */
export function releaseStoodSummary(stood: readonly Stood[], rollBack: boolean): string {
  const after = rollBack
    ? 'rollback-on-cancel: a release is all or nothing, so every service it changed goes back, ' +
      'the one in progress by its own kind of rollback, those that succeeded by UpdateService to ' +
      'the revision they ran before; those not started are untouched.'
    : 'Each service is left as it stood; ECS carries on without this job. (With rollback-on-cancel, ' +
      'every service the release changed would go back: a release is all or nothing.)'
  return [
    '## ⏸️ Release cancelled: where each service stood',
    '',
    ...stood.map(s => `- **${s.service}**: ${stoodLine(s)}`),
    '',
    after,
    ''
  ].join('\n')
}

function stoodLine({ stage, get }: Stood): string {
  const arn = get(STATE.taskDefinitionArn)
  switch (stage) {
    case 'not-started':
      return 'not started: left on the revision it ran.'
    case 'in-progress':
      return get(STATE.watching) === 'true'
        ? `in progress: its rollout of \`${arn}\` was under way (where ECS has it is below).`
        : 'in progress, before its rollout: the service itself was not updated yet.'
    case 'succeeded':
      return `succeeded: \`${arn}\` had rolled out before the job stopped.`
    case 'putting-back':
      return 'being put back: another service had failed, and the release was putting this one back to the revision it ran before; ECS carries on without this job.'
    default:
      return `${stage}: its rollout had ended before the job stopped.`
  }
}

/** What one service says of itself (its one-off task stopped first); the status it earns. */
async function report(rt: Runtime, connect: Connect, s: Stood): Promise<GitHubStatus> {
  await stopOneOffTaskOnCancel({
    getState: s.get,
    connect: async () => (await connect()).ecs,
    warning: (message, title) => rt.runner.log.warning(message, title),
    summary: markdown => rt.runner.summary(markdown)
  })
  const cancelled = (state: GitHubStatus['state'], what: string) => ({
    state,
    description: `${s.service}: ${what}`
  })
  switch (s.stage) {
    case 'not-started':
      return cancelled('inactive', 'not started; the job was cancelled before its wave.')
    case 'in-progress':
      return s.get(STATE.watching) === 'true'
        ? reportInProgress(rt, connect, s)
        : cancelled(
            'error',
            'job cancelled before its rollout started; the service was not updated.'
          )
    case 'succeeded':
      return cancelled('success', 'succeeded before the job was cancelled.')
    case 'putting-back':
      return cancelled('error', 'job cancelled while the release put it back.')
    default:
      return cancelled(githubStateOf(s.stage as Outcome) ?? 'error', s.stage)
  }
}

/** The rollout in progress, where ECS has it; its status names the service, as a release's do. */
async function reportInProgress(rt: Runtime, connect: Connect, s: Stood): Promise<GitHubStatus> {
  const deploymentId = s.get(STATE.deploymentId)
  let status: GitHubStatus
  try {
    const described = await reportStillRolling(rt, (await connect()).ecs, s.get)
    status = cancelledState(described, deploymentId)
  } catch (error) {
    rt.runner.log.warning(
      `Could not read where the rollout of ${s.service} stands: ${messageOf(error)}`
    )
    status = cancelledState(undefined, deploymentId)
  }
  return { ...status, description: `${s.service}: ${status.description}` }
}

/**
 * rollback-on-cancel, for one service: the one in progress by its kind's way (as saved), one that
 * succeeded by UpdateService to the revision before; the status it earns then, if it changes.
 */
async function putBackChanged(
  rt: Runtime,
  connect: Connect,
  s: Stood
): Promise<GitHubStatus | undefined> {
  const to = s.get(STATE.putBackTo)
  const inProgress = s.stage === 'in-progress' && s.get(STATE.watching) === 'true'
  if (to === '' || (!inProgress && s.stage !== 'succeeded')) return undefined
  const { log } = rt.runner
  let putBack = false
  try {
    const summary = (markdown: string) => rt.runner.summary(markdown)
    putBack = await putBackOnCancel(await connect(), s.get, log, summary, !inProgress)
  } catch (error) {
    log.warning(
      `rollback-on-cancel: could not reach AWS to put ${s.service} back: ${messageOf(error)}`
    )
  }
  if (inProgress || !putBack) return undefined
  return {
    state: 'error',
    description: `${s.service}: succeeded, then put back to ${to} after the cancel (a release is all or nothing).`
  }
}
