import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  BatchGetDeploymentGroupsCommand,
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  StopDeploymentCommand
} from '@aws-sdk/client-codedeploy'
import { mockClient } from 'aws-sdk-client-mock'
import { codeDeployApi as api } from '../../support/aws-apis.js'

const cd = mockClient(CodeDeployClient)

beforeEach(() => {
  cd.reset()
})

describe('CodeDeployApi', () => {
  it('lists every application and deployment group, page after page', async () => {
    cd.on(ListApplicationsCommand)
      .resolvesOnce({ applications: ['a'], nextToken: 't1' })
      .resolvesOnce({ applications: ['b'] })
    cd.on(ListDeploymentGroupsCommand)
      .resolvesOnce({ deploymentGroups: ['g1'], nextToken: 't' })
      .resolvesOnce({ deploymentGroups: ['g2'] })
    expect(await api().listApplications()).toEqual(['a', 'b'])
    expect(await api().listDeploymentGroups('a')).toEqual(['g1', 'g2'])
    expect(cd.commandCalls(ListApplicationsCommand)[1]?.args[0].input).toEqual({ nextToken: 't1' })
    expect(cd.commandCalls(ListDeploymentGroupsCommand)[1]?.args[0].input).toEqual({
      applicationName: 'a',
      nextToken: 't'
    })
  })

  it('reads deployment groups 100 names a call (BatchLimitExceededException past that)', async () => {
    cd.on(BatchGetDeploymentGroupsCommand).callsFake(input => ({
      deploymentGroupsInfo: (input as { deploymentGroupNames: string[] }).deploymentGroupNames.map(
        n => ({ deploymentGroupName: n })
      )
    }))
    const names = Array.from({ length: 150 }, (_, i) => `g${i}`)
    const found = await api().getDeploymentGroups('a', names)
    expect(found).toHaveLength(150)
    const calls = cd.commandCalls(BatchGetDeploymentGroupsCommand)
    expect(calls.map(c => c.args[0].input.deploymentGroupNames?.length)).toEqual([100, 50])
  })

  it('CreateDeployment: an AppSpecContent revision, the configuration and description only when given', async () => {
    cd.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-ABCDEFGHI' })
    const request = {
      application: 'app',
      deploymentGroup: 'dg',
      content: '{"version":0}',
      sha256: 'abc',
      deploymentConfig: '',
      description: ''
    }
    expect(await api().createDeployment(request)).toBe('d-ABCDEFGHI')
    await api().createDeployment({
      ...request,
      deploymentConfig: 'CodeDeployDefault.ECSAllAtOnce',
      description: 'release 2'
    })
    const [first, second] = cd.commandCalls(CreateDeploymentCommand).map(c => c.args[0].input)
    expect(first).toEqual({
      applicationName: 'app',
      deploymentGroupName: 'dg',
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content: '{"version":0}', sha256: 'abc' }
      }
    })
    expect(second).toMatchObject({
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      description: 'release 2'
    })
  })

  it('reads a deployment and its ECS target; stops with or without rollback; continues READY_WAIT', async () => {
    cd.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: 'InProgress' } })
    cd.on(GetDeploymentTargetCommand).resolves({
      deploymentTarget: { deploymentTargetType: 'ECSTarget', ecsTarget: { status: 'InProgress' } }
    })
    cd.on(StopDeploymentCommand).resolves({ status: 'Succeeded' })
    cd.on(ContinueDeploymentCommand).resolves({})
    expect(await api().getDeployment('d-1')).toEqual({ status: 'InProgress' })
    expect(await api().getEcsTarget('d-1', 'c:s')).toEqual({ status: 'InProgress' })
    await api().stopDeployment('d-1', true)
    await api().continueDeployment('d-1')
    expect(cd.commandCalls(GetDeploymentTargetCommand)[0]?.args[0].input).toEqual({
      deploymentId: 'd-1',
      targetId: 'c:s'
    })
    expect(cd.commandCalls(StopDeploymentCommand)[0]?.args[0].input).toEqual({
      deploymentId: 'd-1',
      autoRollbackEnabled: true
    })
    expect(cd.commandCalls(ContinueDeploymentCommand)[0]?.args[0].input).toEqual({
      deploymentId: 'd-1',
      deploymentWaitType: 'READY_WAIT'
    })
  })
})
