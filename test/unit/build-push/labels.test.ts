import { describe, expect, it } from '@jest/globals'
import { imageLabels } from '../../../src/build-push/labels.js'

describe('image labels', () => {
  it('adds OCI source, revision and created; user labels win', () => {
    const labels = imageLabels(
      { sourceUrl: 'https://github.com/o/r', revision: 'abc' },
      new Date('2026-11-25T10:00:00Z'),
      [
        { key: 'org.opencontainers.image.source', value: 'https://example.com/mirror' },
        { key: 'team', value: 'x' }
      ]
    )
    expect(labels).toEqual([
      { key: 'org.opencontainers.image.created', value: '2026-11-25T10:00:00.000Z' },
      { key: 'org.opencontainers.image.revision', value: 'abc' },
      { key: 'org.opencontainers.image.source', value: 'https://example.com/mirror' },
      { key: 'team', value: 'x' }
    ])
  })
})
