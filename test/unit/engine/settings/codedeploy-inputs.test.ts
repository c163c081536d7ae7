import { describe, expect, it } from '@jest/globals'
import {
  MAX_DESCRIPTION,
  givenCodeDeployInputs,
  refuseCodeDeployInputs
} from '../../../../src/engine/settings/codedeploy-inputs.js'
import { readSettings } from '../../../../src/engine/settings/settings.js'

const read = (inputs: Record<string, string>) =>
  readSettings(
    name => ({ service: 'megilance-backend', 'aws-region': 'us-east-1', ...inputs })[name] ?? '',
    {}
  )

describe('the codedeploy-* inputs (named as aws-actions names them)', () => {
  it('defaults: nothing given, the AppSpec from the live service, the group found', () => {
    const s = read({})
    expect(s.codeDeploy).toEqual({
      appSpecFile: '',
      application: '',
      deploymentGroup: '',
      deploymentConfig: '',
      description: ''
    })
    expect(givenCodeDeployInputs(s.codeDeploy)).toEqual([])
    expect(s.waitUntil).toBe('completed')
  })

  it('reads every one, trimmed; wait-until takes ready', () => {
    const s = read({
      'codedeploy-appspec': ' deploy/appspec.yaml ',
      'codedeploy-application': 'AppECS-megilance-cluster-megilance-backend',
      'codedeploy-deployment-group': 'DgpECS-megilance-cluster-megilance-backend',
      'codedeploy-deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      'codedeploy-deployment-description': 'release 2',
      'wait-until': 'ready'
    })
    expect(s.codeDeploy).toEqual({
      appSpecFile: 'deploy/appspec.yaml',
      application: 'AppECS-megilance-cluster-megilance-backend',
      deploymentGroup: 'DgpECS-megilance-cluster-megilance-backend',
      deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      description: 'release 2'
    })
    expect(s.waitUntil).toBe('ready')
    expect(givenCodeDeployInputs(s.codeDeploy)).toHaveLength(5)
  })

  it('refuses names CodeDeploy would refuse (over 100 characters), before any write', () => {
    expect(() => read({ 'codedeploy-deployment-group': 'g'.repeat(101) })).toThrow(
      'Input "codedeploy-deployment-group": is 101 characters long; CodeDeploy takes at most 100.'
    )
  })

  it('cuts a description to 512 characters, as aws-actions does', () => {
    const s = read({ 'codedeploy-deployment-description': 'x'.repeat(600) })
    expect(s.codeDeploy.description).toHaveLength(MAX_DESCRIPTION)
    expect(s.codeDeploy.description.endsWith('…')).toBe(true)
  })

  it.each([
    [{ 'codedeploy-appspec': 'appspec.yaml' }, 'Input "codedeploy-appspec": codedeploy-appspec is'],
    [
      { 'codedeploy-application': 'a', 'codedeploy-deployment-group': 'g' },
      'Input "codedeploy-application": codedeploy-application, codedeploy-deployment-group are'
    ],
    [{ 'wait-until': 'ready' }, `Input "wait-until": ready is CodeDeploy's Ready`]
  ])('on a service of the ECS controller, %j is refused', (inputs, message) => {
    const s = read(inputs)
    expect(() => refuseCodeDeployInputs(s, 'megilance-backend')).toThrow(message)
    expect(() => refuseCodeDeployInputs(s, 'megilance-backend')).toThrow(
      'Nothing was registered or changed.'
    )
  })

  it('lets an ECS service without them through', () => {
    expect(() => refuseCodeDeployInputs(read({}), 'megilance-backend')).not.toThrow()
  })
})
