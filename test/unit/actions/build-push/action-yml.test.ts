import { describe, expect, it } from '@jest/globals'
import { INPUTS, OUTPUTS } from '../../../../src/build-push/settings.js'
import { itKeepsTheActionContract, readActionYml } from '../../../support/action-yml.js'

const action = readActionYml('build-push')

describe('action-build-push/action.yml', () => {
  itKeepsTheActionContract('build-push', INPUTS, OUTPUTS)

  it('requires repository', () => {
    expect(action.inputs.repository?.required).toBe(true)
  })

  it('documents the issue defaults', () => {
    const d = (name: string) => action.inputs[name]?.default
    expect([d('context'), d('push'), d('skip-existing'), d('cache')]).toEqual([
      '.',
      'true',
      'true',
      'auto'
    ])
    expect([
      d('create-repository'),
      d('image-tag-mutability'),
      d('scan-on-push'),
      d('keep-images')
    ]).toEqual(['true', 'MUTABLE', 'true', '0'])
  })
})
