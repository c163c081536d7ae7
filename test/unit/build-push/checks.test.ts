import { describe, expect, it } from '@jest/globals'
import type { TaggedImage } from '../../../src/aws/ecr-images.js'
import { immutableConflict } from '../../../src/build-push/checks.js'

const image = (tag: string, digest = `sha256:${tag}`): TaggedImage => ({
  tag,
  digest,
  manifest: '{}',
  mediaType: ''
})

describe('an IMMUTABLE repository conflict', () => {
  const cases: [string, boolean, TaggedImage[], string | undefined][] = [
    ['IMMUTABLE', true, [image('latest')], 'latest'],
    ['IMMUTABLE', true, [], undefined],
    ['IMMUTABLE', false, [image('latest')], undefined],
    ['MUTABLE', true, [image('latest')], undefined]
  ]
  it.each(cases)('%s, push %s, found %j → %s', (mutability, push, found, tag) => {
    expect(immutableConflict(mutability, push, found)?.tag).toBe(tag)
  })
})
