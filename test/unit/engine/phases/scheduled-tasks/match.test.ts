import { describe, expect, it } from '@jest/globals'
import {
  familyOf,
  isCluster,
  matchingTargets,
  namesRevision,
  scheduleMatches
} from '../../../../../src/engine/phases/scheduled-tasks/match.js'
import {
  clusterArn,
  ecsRuleTarget,
  ecsSchedule,
  lambdaRuleTarget,
  queueSchedule
} from '../../../../../tools/stand-in/schedules/scheduled-tasks.js'

const where = { cluster: 'megilance-cluster', family: 'megilance-reports' }

describe('which scheduled tasks are this run’s', () => {
  it.each([
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-reports:7', 'megilance-reports'],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-reports', 'megilance-reports'],
    ['megilance-reports:7', 'megilance-reports'],
    ['megilance-reports', 'megilance-reports'],
    [
      'arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-reports-worker:9',
      'megilance-reports-worker'
    ],
    ['', undefined],
    [undefined, undefined]
  ])('the family of %j is %j', (ref, family) => {
    expect(familyOf(ref)).toBe(family)
  })

  it.each([
    ['megilance-reports:7', true],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-reports:12', true],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/megilance-reports', false]
  ])('%j names a revision: %j', (ref, names) => {
    expect(namesRevision(ref)).toBe(names)
  })

  it.each([
    [clusterArn('megilance-cluster'), 'megilance-cluster', true],
    [clusterArn('megilance-cluster'), clusterArn('megilance-cluster'), true],
    [clusterArn('megilance-cluster-staging'), 'megilance-cluster', false],
    [
      clusterArn('megilance-cluster'),
      'arn:aws:ecs:eu-west-1:123456789012:cluster/megilance-cluster',
      false
    ],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:megilance-cluster',
      'megilance-cluster',
      false
    ],
    [undefined, 'megilance-cluster', false]
  ])('%j is cluster %j: %j', (arn, cluster, is) => {
    expect(isCluster(arn, cluster)).toBe(is)
  })

  it('a rule’s targets: the family on the cluster, in order; not another family, cluster or a Lambda', () => {
    const ours = ecsRuleTarget({ ...where, revision: 7 })
    const second = ecsRuleTarget({ ...where, revision: 6, id: 'second' })
    const targets = [
      lambdaRuleTarget('audit'),
      ours,
      ecsRuleTarget({ ...where, family: 'megilance-reports-worker', revision: 9, id: 'w' }),
      ecsRuleTarget({ ...where, cluster: 'megilance-cluster-staging', revision: 7, id: 's' }),
      second
    ]
    expect(matchingTargets(targets, where)).toEqual([ours, second])
  })

  it('a schedule: its ECS target on the cluster, of the family', () => {
    const at = { ...where, revision: 7, name: 'nightly' }
    expect(scheduleMatches(ecsSchedule(at), where)).toBe(true)
    expect(scheduleMatches(ecsSchedule({ ...at, family: 'megilance-api' }), where)).toBe(false)
    expect(scheduleMatches(ecsSchedule({ ...at, cluster: 'other' }), where)).toBe(false)
    expect(scheduleMatches(queueSchedule('poke'), where)).toBe(false)
  })
})
