import type { Service } from '@aws-sdk/client-ecs'
import type { Context } from '../../deps.js'
import { refuseCodeDeployInputs } from '../../settings/codedeploy-inputs.js'
import type { CancelledRollout, DeploymentKind, KindAws, KindEntry, StartRequest } from '../kind.js'
import { explainCodeDeploy } from './explain.js'
import { codeDeployApi } from './group.js'
import { codeDeployOngoing } from './ongoing.js'
import { type CodeDeployPlan, planCodeDeploy } from './plan.js'
import { rollBackCodeDeploy } from './roll-back.js'
import { createDeployment } from './start.js'
import { describeCodeDeployment } from './summary.js'
import { watchCodeDeploy } from './watch.js'

/*
 * A service on the CODE_DEPLOY deployment controller ("The blue/green (CODE_DEPLOY) deployment
 * type uses the blue/green deployment model powered by AWS CodeDeploy, which allows you to verify
 * a new deployment of a service before sending production traffic to it.", ECS API Reference,
 * DeploymentController): before
 * any write the deployment group and the AppSpec are found and checked (plan.ts); CreateDeployment
 * starts it (never UpdateService with a task definition); GetDeployment and GetDeploymentTarget
 * follow it to Succeeded (or Ready, with wait-until ready); a failure is explained down to the
 * hook's diagnostics and the replacement task set's stopped tasks; CodeDeploy's own rollback is
 * watched to its end, else this step rolls back through CodeDeploy.
 */

const NAME = 'codedeploy'

export const codeDeploy = {
  name: NAME,
  matches: (service: Service) => service.deploymentController?.type === 'CODE_DEPLOY',
  create: (service: Service): DeploymentKind => codeDeployKind(service, undefined),
  // codedeploy-* and wait-until: ready, on a service another kind deploys.
  refuseOwnInputs: refuseCodeDeployInputs,
  putBackOnCancel: stopOnCancel
} satisfies KindEntry

/** The kind, before its plan (undefined) or bound to it. */
function codeDeployKind(service: Service, planned: CodeDeployPlan | undefined): DeploymentKind {
  return {
    name: NAME,
    strategy: 'CODE_DEPLOY',
    controller: 'CodeDeploy',
    rollsBackItself: true,
    check: warnUnused,
    plan: async (x, request) => {
      const { plan, dryRun } = await planCodeDeploy(x, service, request)
      return { kind: codeDeployKind(service, plan), dryRun }
    },
    start: (x, request) => start(x, request, service, planned),
    watch: (x, w) => watchCodeDeploy(x, w),
    explain: explainCodeDeploy,
    rollBack: (x, failed) => rollBackCodeDeploy(x, failed, planned?.appSpec),
    ongoing: codeDeployOngoing(service),
    describe: describeCodeDeployment
  }
}

/*
 * rollback-on-cancel: StopDeployment with autoRollbackEnabled, "Indicates, when a deployment is
 * stopped, whether instances that have been updated should be rolled back to the previous version
 * of the application revision." (CodeDeploy API Reference). Started, not watched.
 */
async function stopOnCancel(aws: KindAws, { deploymentId }: CancelledRollout): Promise<string> {
  await codeDeployApi(aws).stopDeployment(deploymentId, true)
  return `StopDeployment of ${deploymentId} with autoRollbackEnabled`
}

function start(x: Context, request: StartRequest, service: Service, planned?: CodeDeployPlan) {
  if (planned === undefined) throw new Error('The CodeDeploy deployment was not planned.')
  return createDeployment(x, { group: planned.group, appSpec: planned.appSpec, service }, request)
}

/** Before any write: the inputs CodeDeploy has no use for are said to be unused. */
function warnUnused({ s, io }: Context): void {
  const unused = [
    ...(s.desiredCount !== undefined ? ['desired-count'] : []),
    ...(s.forceNewDeployment ? ['force-new-deployment'] : [])
  ]
  if (unused.length === 0) return
  io.log.warning(
    `${unused.join(' and ')} ${unused.length > 1 ? 'are' : 'is'} not used on a service on the CODE_DEPLOY controller: CodeDeploy sizes the replacement task set like the original, and every deployment is a new one.`,
    'Input not used'
  )
}
