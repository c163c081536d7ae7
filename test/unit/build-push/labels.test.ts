import { describe, expect, it } from '@jest/globals'
import { imageLabels } from '../../../src/build-push/labels.js'

describe('image labels', () => {
  it('adds OCI source, revision and created; user labels win', () => {
    const labels = imageLabels(
      { sourceUrl: 'https://github.com/o/r', revision: 'abc', runId: '' },
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

  it('names the run that pushed the image, a label no user label replaces', () => {
    const labels = imageLabels(
      { sourceUrl: '', revision: 'abc', runId: '9100000001' },
      new Date('2026-11-25T10:00:00Z'),
      [
        { key: 'ecs-deploy-actions.run-id', value: 'forged' },
        { key: 'team', value: 'x' }
      ]
    )
    expect(labels).toEqual([
      { key: 'org.opencontainers.image.created', value: '2026-11-25T10:00:00.000Z' },
      { key: 'org.opencontainers.image.revision', value: 'abc' },
      { key: 'team', value: 'x' },
      { key: 'ecs-deploy-actions.run-id', value: '9100000001' }
    ])
  })
})
