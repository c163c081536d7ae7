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
  const REVISION = 'org.opencontainers.image.revision'
  const RUN = 'ecs-deploy-actions.run-id'
  const THIS_RUN = '9100000001'
  /** An ECR whose images carry these labels, by digest; it records whose labels were read. */
  const labelled = (map: Record<string, Record<string, string>>) => {
    const asked: string[] = []
    return {
      asked,
      ecr: {
        imageLabels: async (_repo: string, i: TaggedImage) => {
          asked.push(i.digest)
          return map[i.digest] ?? {}
        }
      }
    }
  }
  const question = (found: TaggedImage[], mutability = 'MUTABLE', runId = THIS_RUN) => ({
    repository: 'r',
    mutability,
    sha: SHA,
    runId,
    found,
    primary: found[0]?.tag ?? SHA
  })

  type Case = [string, string, string, Record<string, string>, boolean, string]
  const cases: Case[] = [
    [
      'IMMUTABLE, tag and label name the commit',
      'IMMUTABLE',
      THIS_RUN,
      { [REVISION]: SHA },
      true,
      'in a repository with IMMUTABLE tags'
    ],
    [
      'MUTABLE, tag and label name the commit, this run pushed it',
      'MUTABLE',
      THIS_RUN,
      { [REVISION]: SHA, [RUN]: THIS_RUN },
      true,
      `pushed by this run (${THIS_RUN})`
    ],
    [
      'MUTABLE, another run pushed it',
      'MUTABLE',
      THIS_RUN,
      { [REVISION]: SHA, [RUN]: '77' },
      false,
      'MUTABLE and run 77 pushed it: only an image this run pushed is reused there'
    ],
    [
      'MUTABLE, no run label',
      'MUTABLE',
      THIS_RUN,
      { [REVISION]: SHA },
      false,
      'MUTABLE and no run of this action pushed it'
    ],
    [
      'MUTABLE, no GITHUB_RUN_ID here',
      'MUTABLE',
      '',
      { [REVISION]: SHA, [RUN]: '' },
      false,
      'no run of this action pushed it'
    ],
    [
      'IMMUTABLE_WITH_EXCLUSION counts as mutable (the tag may be excluded)',
      'IMMUTABLE_WITH_EXCLUSION',
      THIS_RUN,
      { [REVISION]: SHA },
      false,
      'tags are IMMUTABLE_WITH_EXCLUSION'
    ],
    [
      'IMMUTABLE, the label names another commit',
      'IMMUTABLE',
      THIS_RUN,
      { [REVISION]: OTHER, [RUN]: THIS_RUN },
      false,
      `built from commit ${OTHER.slice(0, 12)}, not from this commit ${SHA.slice(0, 12)}`
    ],
    [
      'IMMUTABLE, no revision label',
      'IMMUTABLE',
      THIS_RUN,
      { [RUN]: THIS_RUN },
      false,
      `which carries no ${REVISION} label`
    ]
  ]
  it.each(cases)('%s', async (_what, mutability, runId, labels, reused, because) => {
    const tag = `sha-${SHA.slice(0, 7)}`
    const l = labelled({ [`sha256:${tag}`]: labels })
    const d = await findReusable(l.ecr, question([image(tag)], mutability, runId))
    expect(d.reuse).toBe(reused)
    expect(d.because).toContain(because)
    expect(l.asked).toEqual([`sha256:${tag}`])
  })

  it('a moving tag alone is never reused, whatever its labels say; none are read', async () => {
    const l = labelled({ 'sha256:latest': { [REVISION]: SHA, [RUN]: THIS_RUN } })
    const d = await findReusable(l.ecr, question([image('latest')], 'IMMUTABLE'))
    expect(d).toEqual({
      reuse: false,
      because: `no requested tag names commit ${SHA.slice(0, 12)} (latest names sha256:latest); only an image under such a tag is reused`
    })
    expect(l.asked).toEqual([])
  })

  it('of two images under tags naming the commit, the one that qualifies; each read once', async () => {
    const l = labelled({
      'sha256:a': { [REVISION]: OTHER },
      'sha256:b': { [REVISION]: SHA, [RUN]: THIS_RUN }
    })
    const found = [
      image(SHA, 'sha256:a'),
      image(`v1-${SHA.slice(0, 8)}`, 'sha256:a'),
      image(`sha-${SHA.slice(0, 7)}`, 'sha256:b'),
      image('latest', 'sha256:b')
    ]
    const d = await findReusable(l.ecr, question(found))
    expect(d).toMatchObject({ reuse: true, image: { digest: 'sha256:b' } })
    expect(l.asked).toEqual(['sha256:a', 'sha256:b'])
  })

  it('none qualifies: the first refusal says why', async () => {
    const l = labelled({ 'sha256:a': { [REVISION]: OTHER } })
    const d = await findReusable(l.ecr, question([image(SHA, 'sha256:a')], 'IMMUTABLE'))
    expect(d).toEqual({
      reuse: false,
      because: `${SHA} names sha256:a, built from commit ${OTHER.slice(0, 12)}, not from this commit ${SHA.slice(0, 12)}`
    })
  })

  it('nothing found: built', async () => {
    await expect(findReusable(labelled({}).ecr, question([]))).resolves.toEqual({
      reuse: false,
      because: `${SHA} is not in ECR yet`
    })
  })
})
