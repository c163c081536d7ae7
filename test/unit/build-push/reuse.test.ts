import { describe, expect, it } from '@jest/globals'
import type { TaggedImage } from '../../../src/aws/ecr-images.js'
import { findReusable, tagNamesCommit } from '../../../src/build-push/reuse.js'

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e'
const OTHER = '0123456789abcdef0123456789abcdef01234567'
const image = (tag: string, digest = `sha256:${tag}`): TaggedImage => ({
  tag,
  digest,
  manifest: '{}',
  mediaType: ''
})

describe('a tag names the commit', () => {
  const cases: [string, string, boolean][] = [
    [SHA, SHA, true],
    ['sha-6dcb09b', SHA, true],
    ['v1.2.0-6dcb09b5b578', SHA, true],
    ['6DCB09B', SHA, true],
    ['latest', SHA, false],
    ['main', SHA, false],
    ['6dcb09', SHA, false], // six digits are not enough
    ['sha-0123456', SHA, false],
    ['deadbeef', SHA, false],
    [SHA, '', false]
  ]
  it.each(cases)('%s for commit %s → %s', (tag, sha, expected) => {
    expect(tagNamesCommit(tag, sha)).toBe(expected)
  })
})

describe('the reuse decision', () => {
  const labels = (map: Record<string, string>) => {
    const asked: string[] = []
    return {
      asked,
      ecr: {
        revisionLabel: async (_repo: string, i: TaggedImage) => {
          asked.push(i.digest)
          return map[i.digest] ?? ''
        }
      }
    }
  }

  it('a found tag naming the commit: reused without reading a label', async () => {
    const l = labels({})
    const d = await findReusable(l.ecr, 'r', SHA, [image('latest'), image(SHA)], SHA)
    expect(d).toMatchObject({ reuse: true, image: { tag: SHA } })
    expect(l.asked).toEqual([])
  })

  it('a moving tag from another commit: built, saying which commit it names', async () => {
    const l = labels({ 'sha256:latest': OTHER })
    const d = await findReusable(l.ecr, 'r', SHA, [image('latest')], 'latest')
    expect(d).toEqual({
      reuse: false,
      because: `latest names sha256:latest, built from commit ${OTHER.slice(0, 12)}, not from this commit ${SHA.slice(0, 12)}`
    })
  })

  it('a moving tag without a revision label: built', async () => {
    const d = await findReusable(labels({}).ecr, 'r', SHA, [image('latest')], 'latest')
    expect(d.reuse).toBe(false)
    expect(d.because).toContain('carries no org.opencontainers.image.revision label')
  })

  it('a moving tag whose label is this commit: reused; one read per distinct image', async () => {
    const l = labels({ 'sha256:x': SHA })
    const d = await findReusable(
      l.ecr,
      'r',
      SHA,
      [image('latest', 'sha256:x'), image('main', 'sha256:x')],
      'latest'
    )
    expect(d).toMatchObject({ reuse: true, image: { tag: 'latest' } })
    expect(l.asked).toEqual(['sha256:x'])
  })

  it('nothing found: built', async () => {
    await expect(findReusable(labels({}).ecr, 'r', SHA, [], SHA)).resolves.toEqual({
      reuse: false,
      because: `${SHA} is not in ECR yet`
    })
  })
})
