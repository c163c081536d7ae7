import type { Context } from '../../deps.js'
import { add, kindOf, type Phase, type RunRecord } from '../../record.js'
import type { Started } from '../../kinds/kind.js'

/*
 * Watch our deployment to its real end, through its kind's judge. From here until the run ends,
 * a cancelled job's post step can say where the rollout stood.
 */
export const watchRollout: Phase = async (r, x) => {
  const { s, io } = x
  const started = startedOf(r)
  const { deploymentId, taskDefinitionArn } = started.target
  io.post.watching({
    cluster: s.cluster,
    service: s.service,
    region: io.region,
    deploymentId,
    taskDefinitionArn,
    ...putBackOnCancel(r, x)
  })
  const continued = r.ongoing?.id
  const group = continued ? 'Watch the deployment to its end' : `Watch deployment ${deploymentId}`
  const result = await io.log.group(group, () =>
    kindOf(r).watch(x, {
      started,
      watching: continued ? 'continued' : 'rollout',
      deadline: r.deadline,
      what: continued ? `The continued deployment ${continued}` : `The rollout of ${deploymentId}`,
      serviceDeploymentArn: r.ongoing?.sd?.serviceDeploymentArn,
      answeredHooks: r.answeredHooks
    })
  )
  return add(r, {
    watched: result,
    verdict: result.verdict,
    serviceDeployment: result.snapshot?.serviceDeployment,
    kindView: result.kindView
  })
}

export function startedOf(r: RunRecord): Started {
  if (r.started === undefined) throw new Error('No rollout was started.')
  return r.started
}

/** rollback-on-cancel: the revision that ran before, and the kind that puts it back. */
function putBackOnCancel(r: RunRecord, { s }: Context) {
  const before = r.current?.arn
  if (!s.rollbackOnCancel || before === undefined || before === r.started?.target.taskDefinitionArn)
    return {}
  return { putBack: { taskDefinitionArn: before, kind: kindOf(r).name } }
}
