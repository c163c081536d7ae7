import { describe, expect, it } from '@jest/globals'
import { formatSeconds, summaryRows } from '../../../src/build-push/summary.js'

const base = {
  repository: 'app',
  registry: 'r.example',
  image: 'r.example/app@sha256:1',
  taggedImage: 'r.example/app:v1',
  digest: 'sha256:1',
  tags: ['v1', 'latest'],
  repositoryCreated: false
}

describe('summary rows', () => {
  it('a built image: digest, tags, result, time, builder', () => {
    expect(
      summaryRows({
        ...base,
        outcome: 'built',
        pushed: true,
        buildSeconds: 75.4,
        tool: 'docker',
        cache: 'inline'
      })
    ).toEqual([
      ['Image', '`r.example/app@sha256:1`'],
      ['Tags', '`v1` `latest`'],
      ['Result', 'built and pushed'],
      ['Build time', '1 min 15 s'],
      ['Builder', 'docker build (BuildKit), cache: inline']
    ])
  })

  it('a skipped image, and why', () => {
    const rows = summaryRows({
      ...base,
      outcome: 'skipped',
      pushed: false,
      buildSeconds: 0,
      because: 'the tag v1 names commit abc'
    })
    expect(rows).toContainEqual([
      'Result',
      "skipped: this commit's image is already in ECR (skip-existing) (the tag v1 names commit abc)"
    ])
    expect(rows).toContainEqual(['Build time', '-'])
  })

  it('formats seconds', () => {
    expect(formatSeconds(3.21)).toBe('3.2 s')
    expect(formatSeconds(120)).toBe('2 min 0 s')
  })
})
