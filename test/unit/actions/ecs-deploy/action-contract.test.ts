import { describe, expect, it } from '@jest/globals'
import { INPUTS, OUTPUTS, readSettings } from '../../../../src/engine/settings/settings.js'
import { itKeepsTheActionContract, readActionYml } from '../../../support/action-yml.js'

const action = readActionYml('ecs-deploy')

describe('action-ecs-deploy/action.yml', () => {
  itKeepsTheActionContract('ecs-deploy', INPUTS, OUTPUTS)

  it('has every declared input read by readSettings', () => {
    const asked = new Set<string>()
    readSettings(name => {
      asked.add(name)
      return name === 'service' ? 'svc' : name === 'aws-region' ? 'us-east-1' : ''
    }, {})
    expect([...asked].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('documents the same defaults the code falls back to', () => {
    const s = readSettings(name => {
      if (name === 'service') return 'svc'
      if (name === 'aws-region') return 'us-east-1'
      return ''
    }, {})
    expect(action.inputs['cluster']?.default).toBe(s.cluster)
    expect(action.inputs['wait-for-minutes']?.default).toBe(String(s.waitForMinutes))
    expect(action.inputs['poll-interval-seconds']?.default).toBe(String(s.pollIntervalSeconds))
    expect(action.inputs['max-failed-tasks']?.default).toBe(String(s.maxFailedTasks))
    expect(action.inputs['rollback-on-failure']?.default).toBe(String(s.rollbackOnFailure))
    expect(action.inputs['wait-for-service-stability']?.default).toBe(
      String(s.waitForServiceStability)
    )
    expect(action.inputs['force-new-deployment']?.default).toBe(String(s.forceNewDeployment))
    expect(action.inputs['dry-run']?.default).toBe(String(s.dryRun))
    // Empty: the run's own name (shared/credential-settings.ts, runSessionName).
    expect(action.inputs['role-session-name']?.default).toBe('')
    expect(action.inputs['audience']?.default).toBe(s.credentials.audience)
    expect(action.inputs['mode']?.default).toBe(s.mode)
    expect(action.inputs['rollback-to']?.default).toBe(s.rollbackTo)
  })
})
