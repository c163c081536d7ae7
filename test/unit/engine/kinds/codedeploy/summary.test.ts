import { describe, expect, it } from '@jest/globals'
import { outputsOf } from '../../../../../src/engine/outputs.js'
import { codeDeploy } from '../../../../../src/engine/kinds/codedeploy/kind.js'
import type { CodeDeploySnapshot } from '../../../../../src/engine/kinds/codedeploy/snapshot.js'
import { codeDeploySummary } from '../../../../../src/engine/kinds/codedeploy/summary.js'
import { ecsRolling } from '../../../../../src/engine/kinds/ecs-rolling/kind.js'
import type { Report, RollbackReport } from '../../../../../src/engine/phases/report/report.js'
import { renderSummary } from '../../../../../src/engine/phases/report/summary.js'
import { describedBy } from '../../../../../src/engine/phases/report/to-report.js'
import { tdArn } from '../../../../support/ecs-fixtures.js'

/*
 * What the job summary and the outputs say of a deployment on the CODE_DEPLOY controller: its
 * CodeDeploy section (the deployment, its lifecycle events, traffic, error, the failed hook and
 * its log tail, the rollback deployment), who rolled back and how, and codedeploy-deployment-id.
 */

const ID = 'd-ABCDEFGHI'
const failed: CodeDeploySnapshot = {
  deployment: {
    deploymentId: ID,
    applicationName: 'app',
    deploymentGroupName: 'dg',
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    status: 'Failed',
    errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'the smoke test | failed' },
    rollbackInfo: { rollbackDeploymentId: 'd-ROLLBACK1', rollbackMessage: 'in progress' }
  },
  target: {
    lifecycleEvents: [
      { lifecycleEventName: 'Install', status: 'Succeeded' },
      {
        lifecycleEventName: 'AfterAllowTestTraffic',
        status: 'Failed',
        diagnostics: {
          errorCode: 'ScriptFailed',
          scriptName: 'smoke',
          message: 'answered 503',
          logTail: 'GET /ready 503\n'
        }
      },
      { lifecycleEventName: 'AllowTraffic', status: 'Pending' }
    ],
    taskSetsInfo: [
      {
        identifer: 'ecs-svc/2',
        taskSetLabel: 'Green',
        trafficWeight: 0,
        runningCount: 2,
        desiredCount: 2
      },
      { identifer: 'ecs-svc/1', taskSetLabel: 'Blue', trafficWeight: 100 }
    ]
  },
  rollback: { deployment: { deploymentId: 'd-ROLLBACK1', status: 'Succeeded' } }
}

const report = (o: Partial<Report>): Report => ({
  mode: 'deploy',
  outcome: 'rolled-back',
  strategy: 'CODE_DEPLOY',
  cluster: 'megilance-cluster',
  service: 'megilance-backend',
  region: 'us-east-1',
  taskDefinitionArn: tdArn(42),
  previousTaskDefinitionArn: tdArn(41),
  deploymentId: ID,
  renderedPath: undefined,
  images: [],
  changes: [],
  verdict: { status: 'failed', kind: 'hook', reason: 'the hook failed', ecsRollingBack: true },
  health: undefined,
  diagnosis: undefined,
  rollback: undefined,
  startedAt: 0,
  finishedAt: 1000,
  ...o
})

/** The report as the run makes it: with what the service's kind says (toReport). */
const onCodeDeploy = (r: Report): Report => describedBy(codeDeploy.create({}), r, undefined)
const onEcs = (r: Report): Report => describedBy(ecsRolling.create(), r, undefined)

describe('the CodeDeploy section of the job summary', () => {
  it('the deployment, its events, traffic, error, the failed hook with its log tail, its rollback', () => {
    const lines = codeDeploySummary(report({}), failed)
    expect(lines).toContain(
      `| Deployment | [${ID}](https://us-east-1.console.aws.amazon.com/codesuite/codedeploy/deployments/${ID}?region=us-east-1) in \`app/dg\` |`
    )
    expect(lines).toContain('| Error | `HOOK_EXECUTION_FAILURE`: the smoke test \\| failed |')
    expect(lines).toContain(
      '| Lifecycle events | Install Succeeded, AfterAllowTestTraffic Failed |'
    )
    expect(lines).toContain(
      '| Traffic | replacement task set ecs-svc/2 2/2 running, 0% of traffic; original 100% |'
    )
    expect(lines).toContain('| Rollback deployment | `d-ROLLBACK1`: Succeeded |')
    // The rollback deployment is named: CodeDeploy's passing rollbackMessage is not repeated.
    expect(lines.join('\n')).not.toContain('in progress')
    expect(lines).toContain(
      'Lifecycle event `AfterAllowTestTraffic` Failed: ScriptFailed in smoke: answered 503'
    )
    expect(lines.join('\n')).toContain('```\nGET /ready 503\n```')
  })

  it('none before a deployment was read', () => {
    expect(codeDeploySummary(report({}), undefined)).toEqual([])
  })
})

describe('who rolled back, in the summary; the outputs', () => {
  it.each<[RollbackReport, string]>([
    [
      {
        by: 'codedeploy',
        taskDefinitionArn: tdArn(41),
        deploymentId: 'd-ROLLBACK1',
        verdict: { status: 'succeeded', reason: 'back' }
      },
      "itself, by the deployment group's automatic rollback (rollback deployment `d-ROLLBACK1`); no second rollback was made. CodeDeploy's rollback: succeeded — back"
    ],
    [
      {
        by: 'action',
        via: 'StopDeployment',
        taskDefinitionArn: tdArn(41),
        deploymentId: 'd-ROLLBACK1'
      },
      'Rolled back through CodeDeploy (StopDeployment with autoRollbackEnabled) to'
    ],
    [
      {
        by: 'action',
        via: 'CreateDeployment',
        taskDefinitionArn: tdArn(41),
        deploymentId: 'd-NEW000001'
      },
      'Rolled back through CodeDeploy: a new deployment of'
    ]
  ])('%j', (rollback, says) => {
    expect(renderSummary(onCodeDeploy(report({ rollback })))).toContain(says)
  })

  it('paused at Ready has its own headline', () => {
    const paused = onCodeDeploy(
      report({
        outcome: 'paused',
        verdict: { status: 'paused', stage: 'Ready', hookId: ID, reason: 'Ready.' }
      })
    )
    expect(renderSummary(paused)).toContain(
      '## ⏸️ Paused at Ready (waiting for continue or rollback)'
    )
  })

  it('codedeploy-deployment-id is the deployment id on CODE_DEPLOY, empty elsewhere', () => {
    const outputs = (r: Report) => Object.fromEntries(outputsOf(r))
    expect(outputs(onCodeDeploy(report({})))).toMatchObject({
      'deployment-id': ID,
      'codedeploy-deployment-id': ID
    })
    expect(outputs(onEcs(report({ deploymentId: 'ecs-svc/1' })))).toMatchObject({
      'deployment-id': 'ecs-svc/1',
      'codedeploy-deployment-id': ''
    })
  })
})
