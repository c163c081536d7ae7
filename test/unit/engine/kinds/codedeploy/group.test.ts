import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  BatchGetDeploymentGroupsCommand,
  CodeDeployClient,
  type DeploymentGroupInfo,
  GetDeploymentGroupCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand
} from '@aws-sdk/client-codedeploy'
import { mockClient } from 'aws-sdk-client-mock'
import type { Context } from '../../../../../src/engine/deps.js'
import { findDeploymentGroup } from '../../../../../src/engine/kinds/codedeploy/group.js'
import { readSettings } from '../../../../../src/engine/settings/settings.js'
import { awsError, codeDeployApi } from '../../../../support/aws-apis.js'

/*
 * The deployment group of megilance-cluster:megilance-backend: named and checked, or found by its
 * ecsServices ("A target Amazon ECS service is specified as an Amazon ECS cluster and service name
 * pair", DeploymentGroupInfo); the errors CodeDeploy answers for what does not exist become input
 * errors that name the input.
 */

const cd = mockClient(CodeDeployClient)
const WHERE = { cluster: 'megilance-cluster', service: 'megilance-backend' }

const group = (app: string, name: string, services: [string, string][]): DeploymentGroupInfo => ({
  applicationName: app,
  deploymentGroupName: name,
  ecsServices: services.map(([clusterName, serviceName]) => ({ clusterName, serviceName }))
})
const OURS = group('AppECS-backend', 'DgpECS-backend', [['megilance-cluster', 'megilance-backend']])
const OTHER = group('AppECS-frontend', 'DgpECS-frontend', [
  ['megilance-cluster', 'megilance-frontend']
])

function context(inputs: Record<string, string> = {}): Context {
  const s = readSettings(
    name => ({ service: 'megilance-backend', 'aws-region': 'us-east-1', ...inputs })[name] ?? '',
    {}
  )
  const api = codeDeployApi()
  return { s, io: { client: () => api } } as unknown as Context
}

beforeEach(() => {
  cd.reset()
  cd.on(ListApplicationsCommand).resolves({ applications: ['AppECS-backend', 'AppECS-frontend'] })
  cd.on(ListDeploymentGroupsCommand, { applicationName: 'AppECS-backend' }).resolves({
    deploymentGroups: ['DgpECS-backend']
  })
  cd.on(ListDeploymentGroupsCommand, { applicationName: 'AppECS-frontend' }).resolves({
    deploymentGroups: ['DgpECS-frontend']
  })
  cd.on(BatchGetDeploymentGroupsCommand, { applicationName: 'AppECS-backend' }).resolves({
    deploymentGroupsInfo: [OURS]
  })
  cd.on(BatchGetDeploymentGroupsCommand, { applicationName: 'AppECS-frontend' }).resolves({
    deploymentGroupsInfo: [OTHER]
  })
})

describe('findDeploymentGroup', () => {
  it('finds the one group whose ecsServices holds <cluster>:<service>, in every application', async () => {
    const found = await findDeploymentGroup(context(), WHERE)
    expect(found).toMatchObject({
      application: 'AppECS-backend',
      name: 'DgpECS-backend',
      how: 'found by its ecsServices'
    })
    expect(cd.commandCalls(ListDeploymentGroupsCommand)).toHaveLength(2)
  })

  it('searches only the named application', async () => {
    await findDeploymentGroup(context({ 'codedeploy-application': 'AppECS-backend' }), WHERE)
    expect(cd.commandCalls(ListApplicationsCommand)).toHaveLength(0)
    expect(cd.commandCalls(ListDeploymentGroupsCommand)).toHaveLength(1)
  })

  it('reads a named group with GetDeploymentGroup, and checks that it holds the service', async () => {
    cd.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: OURS })
    const named = {
      'codedeploy-application': 'AppECS-backend',
      'codedeploy-deployment-group': 'DgpECS-backend'
    }
    expect(await findDeploymentGroup(context(named), WHERE)).toMatchObject({ how: 'named' })
    cd.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: OTHER })
    await expect(findDeploymentGroup(context(named), WHERE)).rejects.toThrow(
      'Input "codedeploy-deployment-group": AppECS-backend/DgpECS-backend does not hold megilance-cluster:megilance-backend (its ecsServices: megilance-cluster:megilance-frontend).'
    )
  })

  it.each([
    [
      'ApplicationDoesNotExistException',
      'Input "codedeploy-application": nope does not exist in this account and Region'
    ],
    [
      'DeploymentGroupDoesNotExistException',
      'Input "codedeploy-deployment-group": DgpECS-backend does not exist in application nope'
    ]
  ])('a named group that does not exist (%s) is an input error', async (error, message) => {
    cd.on(GetDeploymentGroupCommand).rejects(awsError(error))
    const named = {
      'codedeploy-application': 'nope',
      'codedeploy-deployment-group': 'DgpECS-backend'
    }
    await expect(findDeploymentGroup(context(named), WHERE)).rejects.toThrow(message)
  })

  it('none, or several: an input error that says what to name', async () => {
    await expect(
      findDeploymentGroup(context(), { cluster: 'megilance-cluster', service: 'megilance-admin' })
    ).rejects.toThrow(
      'Input "codedeploy-application": no deployment group of applications AppECS-backend, AppECS-frontend holds megilance-cluster:megilance-admin in its ecsServices.'
    )
    cd.on(BatchGetDeploymentGroupsCommand, { applicationName: 'AppECS-frontend' }).resolves({
      deploymentGroupsInfo: [
        group('AppECS-frontend', 'Dgp-2', [['megilance-cluster', 'megilance-backend']])
      ]
    })
    await expect(findDeploymentGroup(context(), WHERE)).rejects.toThrow(
      'several deployment groups hold megilance-cluster:megilance-backend: AppECS-backend/DgpECS-backend, AppECS-frontend/Dgp-2.'
    )
  })

  it('passes over an application the role may not read, and names it when nothing is found', async () => {
    cd.on(ListDeploymentGroupsCommand, { applicationName: 'AppECS-frontend' }).rejects(
      awsError(
        'AccessDeniedException',
        'not authorized to perform: codedeploy:ListDeploymentGroups'
      )
    )
    expect(await findDeploymentGroup(context(), WHERE)).toMatchObject({ name: 'DgpECS-backend' })
    await expect(
      findDeploymentGroup(context(), { cluster: 'megilance-cluster', service: 'megilance-admin' })
    ).rejects.toThrow('The role may not read the deployment groups of AppECS-frontend')
  })
})
