import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import type { EcrApi } from '../aws/ecr.js'
import type { EcsApi } from '../aws/ecs/ecs.js'
import { describeError } from '../aws/errors.js'
import { COMMIT_TAG, OUTCOME_TAG } from '../engine/common/tags.js'
import { familyRevisionOf } from '../engine/common/task-definition-arn.js'
import { runningCommit } from '../engine/phases/commit-order/running-commit.js'
import type { Log } from '../shared/log.js'

/*
 * `ecs-deploy status`: the service as it stands, from read-only calls alone (DescribeServices,
 * DescribeTaskDefinition with its tags, ListTaskDefinitions, ListServiceDeployments,
 * DescribeServiceDeployments; an ECR image's revision label when the revision has no commit
 * tag). Nothing is written.
 */

/** Revisions of the family whose outcome tags are shown, newest first. */
export const RECENT_REVISIONS = 5
/** Service deployments shown, newest first. */
export const RECENT_SERVICE_DEPLOYMENTS = 3

export interface RevisionStatus {
  readonly arn: string
  readonly outcome: string
  readonly commit: string
}

export interface ServiceStatus {
  readonly cluster: string
  readonly service: Service
  readonly region: string
  /** The commit the running revision was made from, and where that was read. */
  readonly commit: { readonly sha: string; readonly from: string } | undefined
  readonly outcome: string
  readonly serviceDeployments: readonly ServiceDeployment[]
  readonly revisions: readonly RevisionStatus[]
}

export interface StatusDeps {
  readonly ecs: EcsApi
  readonly ecr: EcrApi
  readonly region: string
  readonly log: Log
}

export async function readStatus(
  deps: StatusDeps,
  cluster: string,
  name: string
): Promise<ServiceStatus> {
  const service = await deps.ecs.describeService(cluster, name)
  const arn = service.taskDefinition
  const running = arn === undefined ? undefined : await deps.ecs.describeTaskDefinition(arn)
  const tag = (key: string) => running?.tags.find(t => t.key === key)?.value
  const current = {
    service,
    arn,
    taskDefinition: running?.taskDefinition,
    commit: tag(COMMIT_TAG),
    outcome: tag(OUTCOME_TAG),
    steady: false
  }
  return {
    cluster,
    service,
    region: deps.region,
    // Why an image's label cannot be read is no news here: status says "no commit known".
    commit: await runningCommit(current, deps.ecr, deps.region, { info: () => undefined }),
    outcome: tag(OUTCOME_TAG) ?? '',
    serviceDeployments: await serviceDeployments(deps, cluster, name),
    revisions: await recentRevisions(deps.ecs, arn)
  }
}

/** The newest service deployments; none where ECS does not answer (an older API, a policy). */
async function serviceDeployments(
  { ecs, log }: StatusDeps,
  cluster: string,
  service: string
): Promise<ServiceDeployment[]> {
  try {
    const briefs = await ecs.listServiceDeployments(cluster, service)
    const newest = [...briefs]
      .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
      .slice(0, RECENT_SERVICE_DEPLOYMENTS)
    const found: ServiceDeployment[] = []
    for (const brief of newest) {
      const sd = brief.serviceDeploymentArn
        ? await ecs.describeServiceDeployment(brief.serviceDeploymentArn)
        : undefined
      if (sd !== undefined) found.push(sd)
    }
    return found
  } catch (error) {
    log.info(`The service deployments cannot be read (${describeError(error)}).`)
    return []
  }
}

/** The family's newest revisions with their outcome and commit tags. */
async function recentRevisions(ecs: EcsApi, arn: string | undefined): Promise<RevisionStatus[]> {
  const family = arn === undefined ? undefined : familyRevisionOf(arn)?.family
  if (family === undefined) return []
  // ListTaskDefinitions filters by a prefix: megilance-backend-worker is not megilance-backend.
  const arns = (await ecs.listTaskDefinitions(family))
    .filter(a => familyRevisionOf(a)?.family === family)
    .slice(0, RECENT_REVISIONS)
  const revisions: RevisionStatus[] = []
  for (const revision of arns) {
    const { tags } = await ecs.describeTaskDefinition(revision)
    const tag = (key: string) => tags.find(t => t.key === key)?.value ?? ''
    revisions.push({ arn: revision, outcome: tag(OUTCOME_TAG), commit: tag(COMMIT_TAG) })
  }
  return revisions
}
