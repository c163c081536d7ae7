import type { CancelledRollout, KindAws } from '../../kinds/kind.js'

/*
 * rollback-on-cancel by UpdateService: what a rolling update does when its rollout is cancelled,
 * and what a release does with a service whose rollout had already succeeded on the ECS
 * controller (rolling, blue/green, linear, canary, Express): ECS starts a new deployment of the
 * revision before. Started, not watched: the job is gone.
 */
/** UpdateService back to the revision that ran before (not watched); says how. */
export async function updateBackOnCancel({ ecs }: KindAws, c: CancelledRollout): Promise<string> {
  const answered = await ecs.updateService({
    cluster: c.cluster,
    service: c.service,
    taskDefinition: c.taskDefinitionArn,
    forceNewDeployment: false
  })
  const id = answered.deployments?.find(d => d.status === 'PRIMARY')?.id ?? 'unknown'
  return `UpdateService, deployment ${id}`
}
