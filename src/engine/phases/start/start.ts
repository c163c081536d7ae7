import { add, currentOf, kindOf, type Phase } from '../../record.js'

/*
 * Start the rollout of the revision through the service's kind of deployment (UpdateService on
 * the ECS controller). Once AWS has answered, the record holds `started`: whatever fails later,
 * a report comes back. Without wait-for-service-stability the run ends here, `started`; when the
 * write started no rollout (an Express update that changes nothing), here, `succeeded`.
 */
export const startRollout: Phase = async (r, x) => {
  const { s, io } = x
  const started = await kindOf(r).start(x, {
    taskDefinitionArn: r.targetArn ?? '',
    previousTaskDefinitionArn: currentOf(r).arn,
    desiredCount: s.desiredCount,
    forceNewDeployment: s.forceNewDeployment,
    label: 'deployment',
    prepared: r.prepared
  })
  if (started.problem !== undefined) {
    const reason = `Error: ${started.problem}.`
    io.log.error(reason, 'State unknown')
    return add(r, { started, verdict: { status: 'unknown', reason }, outcome: 'unknown' })
  }
  if (started.unchanged !== undefined) {
    io.log.info(started.unchanged)
    const verdict = { status: 'succeeded', reason: started.unchanged } as const
    return add(r, { started, verdict, outcome: 'succeeded' })
  }
  if (!s.waitForServiceStability) {
    io.log.info(
      'wait-for-service-stability is false: the rollout is not watched, so its outcome is not known.'
    )
    return add(r, { started, outcome: 'started' })
  }
  return add(r, { started })
}
