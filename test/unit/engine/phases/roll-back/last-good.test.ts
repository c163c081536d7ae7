import { describe, expect, it } from '@jest/globals'
import {
  pickPreviousRevision,
  pickSuccessfulDeployment,
  runningIfGood
} from '../../../../../src/engine/phases/roll-back/last-good.js'
import { T0, tdArn } from '../../../../support/ecs-fixtures.js'

describe('pickPreviousRevision', () => {
  it('skips a failed revision for the newest earlier one that succeeded', () => {
    const picked = pickPreviousRevision(
      [
        { arn: 'a:40', revision: 40, outcome: 'succeeded' },
        { arn: 'a:39', revision: 39, outcome: 'succeeded' },
        { arn: 'a:40b', revision: 40.5, outcome: 'failed' }
      ],
      41
    )
    expect(picked?.revision).toBe(40)
  })
  it('without tags picks none: an untagged revision may never have run well', () => {
    expect(
      pickPreviousRevision(
        [
          { arn: 'a:39', revision: 39, outcome: undefined },
          { arn: 'a:40', revision: 40, outcome: undefined }
        ],
        41
      )
    ).toBeUndefined()
  })
  it('never picks the running revision or a newer one', () => {
    expect(
      pickPreviousRevision(
        [
          { arn: 'a:41', revision: 41, outcome: 'succeeded' },
          { arn: 'a:42', revision: 42, outcome: 'succeeded' }
        ],
        41
      )
    ).toBeUndefined()
  })
})

describe('runningIfGood: deploy mode goes back to what ran when it began only if that was good', () => {
  it.each([
    ['steady, untagged', { arn: tdArn(41), outcome: undefined, steady: true }, tdArn(41)],
    ['steady, tagged succeeded', { arn: tdArn(41), outcome: 'succeeded', steady: true }, tdArn(41)],
    [
      'still rolling out, tagged succeeded',
      { arn: tdArn(41), outcome: 'succeeded', steady: false },
      tdArn(41)
    ],
    [
      'still rolling out, untagged',
      { arn: tdArn(41), outcome: undefined, steady: false },
      undefined
    ],
    [
      'steady but tagged failed (its health check failed)',
      { arn: tdArn(41), outcome: 'failed', steady: true },
      undefined
    ],
    ['nothing running', { arn: undefined, outcome: undefined, steady: false }, undefined]
  ])('%s', (_name, running, expected) => {
    expect(runningIfGood(running)).toBe(expected)
  })
})

describe('pickSuccessfulDeployment: the newest SUCCESSFUL service deployment ECS reports', () => {
  const at = (m: number) => new Date(T0 + m * 60000)
  it.each([
    [
      'the newest one',
      [
        { createdAt: at(1), taskDefinitionArn: tdArn(39) },
        { createdAt: at(5), taskDefinitionArn: tdArn(40) }
      ],
      [],
      tdArn(40)
    ],
    [
      'never an excluded one (the running one, ours)',
      [
        { createdAt: at(1), taskDefinitionArn: tdArn(39) },
        { createdAt: at(5), taskDefinitionArn: tdArn(41) }
      ],
      [tdArn(41)],
      tdArn(39)
    ],
    [
      'never another family',
      [{ createdAt: at(5), taskDefinitionArn: tdArn(3, 'other') }],
      [],
      undefined
    ],
    ['none', [], [], undefined]
  ])('%s', (_name, deployments, exclude, expected) => {
    expect(pickSuccessfulDeployment(deployments, 'megilance-backend', exclude)).toBe(expected)
  })
})
