import { describe, expect, it } from '@jest/globals'
import type { AwsConnection } from '../../../../src/aws/connection.js'
import type { EcsApi } from '../../../../src/aws/ecs/ecs.js'
import { putBackOnCancel } from '../../../../src/actions/ecs-deploy/put-back-on-cancel.js'
import { STATE } from '../../../../src/engine/post-state.js'

/*
 * rollback-on-cancel in the post step, through the kind the main step saved by name: a CodeDeploy
 * deployment is stopped with autoRollbackEnabled (StopDeployment: "Indicates, when a deployment
 * is stopped, whether instances that have been updated should be rolled back to the previous
 * version of the application revision.", CodeDeploy API Reference), and nothing is asked of ECS;
 * a name no kind has is said in a warning, nothing called. (Rolling and blue/green: the e2e test
 * deploy/cancel.test.ts, through the bundle.)
 */

const saved = (kind: string): Record<string, string> => ({
  [STATE.cluster]: 'megilance-cluster',
  [STATE.service]: 'megilance-backend',
  [STATE.deploymentId]: 'd-ABCDEFGHI',
  [STATE.putBackTo]: 'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-backend:1',
  [STATE.putBackKind]: kind
})

function world(kind: string) {
  const sent: { name: string; input: unknown }[] = []
  const client = {
    send: async (command: { constructor: { name: string }; input: unknown }) => {
      sent.push({ name: command.constructor.name, input: command.input })
      return {}
    }
  }
  const ecs = new Proxy({} as EcsApi, {
    get: (_, call) => () => {
      sent.push({ name: `ecs.${String(call)}`, input: undefined })
      return Promise.resolve({})
    }
  })
  const aws: Pick<AwsConnection, 'ecs' | 'client'> = {
    ecs,
    client: Api => new Api(client as never)
  }
  const warnings: { message: string; title: string | undefined }[] = []
  const summaries: string[] = []
  const state = saved(kind)
  const run = () =>
    putBackOnCancel(
      aws,
      name => state[name] ?? '',
      { warning: (message, title) => warnings.push({ message, title }) },
      async markdown => void summaries.push(markdown)
    )
  return { run, sent, warnings, summaries }
}

describe('rollback-on-cancel through the kind saved by name', () => {
  it('codedeploy: StopDeployment of the deployment with autoRollbackEnabled, nothing of ECS', async () => {
    const w = world('codedeploy')
    await w.run()
    expect(w.sent).toEqual([
      {
        name: 'StopDeploymentCommand',
        input: { deploymentId: 'd-ABCDEFGHI', autoRollbackEnabled: true }
      }
    ])
    expect(w.warnings.map(x => x.title)).toEqual(['Rolled back after the cancel'])
    expect(w.warnings[0]?.message).toContain(
      '(StopDeployment of d-ABCDEFGHI with autoRollbackEnabled)'
    )
    expect(w.summaries.join('')).toContain('megilance-backend put back after the cancel')
  })

  it('a kind no longer known: a warning to roll back by hand, no call', async () => {
    const w = world('no-such-kind')
    await w.run()
    expect(w.sent).toEqual([])
    expect(w.warnings.map(x => x.title)).toEqual(['Rollback after the cancel failed'])
    expect(w.warnings[0]?.message).toContain('Roll it back by hand (mode: rollback).')
  })
})
